"""Run the benchmarks at the sizes the issues name, one after the other (``make bench``).

The page benchmark needs a demo database and is run separately (see docs/benchmarks.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
RUNS = [
    ["bench_settlement.py"],
    ["bench_pseudonyms.py"],
    ["bench_participants_import.py", "--rows", "300000"],
    ["bench_evaluation.py", "--participants", "300000", "--python-loop"],
    ["bench_effects.py", "--scale", "0.1", "--scale", "1", "--scale", "3"],
    ["bench_simulator.py"],
    ["bench_engines.py", "--jobs", "3000000"],
]


def main() -> int:
    failed = 0
    for script, *args in RUNS:
        print(f"== {script} {' '.join(args)}", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / script), *args]).returncode != 0
    print("Pages: make demo, then see docs/benchmarks.md (bench_pages.py against the demo database).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
