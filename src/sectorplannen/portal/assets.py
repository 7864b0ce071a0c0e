"""Vendor the front-end packages from npm into ``portal/static/portal/vendor`` (``make assets``).

Run: ``python -m sectorplannen.portal.assets``. Needs ``npm``; versions are pinned here so that a
rebuild gives the same files. Each package keeps its licence file beside its code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).parent / "static" / "portal" / "vendor"
# package@version: (files to copy from the package root, target folder)
PACKAGES = {
    "@rijkshuisstijl-community/design-tokens@11.1.0": (
        ["dist/uitvoerend-lintblauw/index.css", "LICENSE.md"], "rhc-design-tokens"),
    "@rijkshuisstijl-community/components-css@12.0.0": (["dist/index.css", "LICENSE.md"], "rhc-components-css"),
    "@utrecht/component-library-css@9.0.4": (["dist/index.css", "LICENSE.md"], "utrecht-component-library-css"),
    "htmx.org@2.0.11": (["dist/htmx.min.js", "LICENSE"], "htmx"),
    # The API's documentation page (issue 16; api/templates/api/documentation.html)
    "swagger-ui-dist@5.35.0": (["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"], "swagger-ui-dist"),
}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for spec, (files, target) in PACKAGES.items():
            out = subprocess.run(["npm", "pack", "--silent", spec], cwd=tmp, check=True, capture_output=True,
                                 text=True).stdout.strip().splitlines()[-1]
            with tarfile.open(Path(tmp) / out) as tar:
                tar.extractall(Path(tmp) / target, filter="data")
            dest = VENDOR / target
            dest.mkdir(parents=True, exist_ok=True)
            for name in files:
                shutil.copy(Path(tmp) / target / "package" / name, dest / Path(name).name)
            print(f"{spec} -> {dest.relative_to(Path.cwd()) if dest.is_relative_to(Path.cwd()) else dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
