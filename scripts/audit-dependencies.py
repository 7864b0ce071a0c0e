#!/usr/bin/env python3
"""Audit the installed dependencies for known vulnerabilities (pip-audit), for CI.

Exit 1 when a dependency has a known vulnerability. When the vulnerability service cannot be reached
(no network, or a mirror without vulnerability data: pip-audit then skips every package), the audit
is NOT done: this says so loudly and exits 0, because a missing network is no fault of the code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(__file__).resolve().parent.parent / ".venv" / "bin"


def main() -> int:
    p = subprocess.run([str(BIN / "pip-audit"), "--local", "--format", "json", "--progress-spinner", "off",
                        "--skip-editable"], capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(p.stdout)
    except json.JSONDecodeError:
        print("DEPENDENCY AUDIT NOT DONE: pip-audit could not reach the vulnerability service.")
        print((p.stderr or p.stdout).strip()[-500:])
        return 0
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if "skip_reason" in d]
    audited = [d for d in deps if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for d in vulnerable:
        ids = ", ".join(v["id"] + (f" (fixed in {', '.join(v['fix_versions'])})" if v.get("fix_versions") else "")
                        for v in d["vulns"])
        print(f"VULNERABLE {d['name']} {d['version']}: {ids}")
    if vulnerable:
        return 1
    if not audited:
        print(f"DEPENDENCY AUDIT NOT DONE: the vulnerability service gave no data for any of the {len(deps)} "
              "packages (no network, or a package index without vulnerability data). Nothing was checked.")
        return 0
    print(f"Dependency audit: {len(audited)} packages checked, no known vulnerabilities"
          + (f"; {len(skipped)} could not be checked: " + ", ".join(d["name"] for d in skipped) if skipped else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
