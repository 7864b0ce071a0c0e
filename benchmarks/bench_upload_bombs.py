"""Benchmark: decompression bombs and oversized uploads end within seconds with bounded memory.

    .venv/bin/python benchmarks/bench_upload_bombs.py [--rows 4000000] [--shared-mib 400]

Builds the bombs of the security review at run time in a temporary directory (removed afterwards):
1. a workbook with 4 million one-cell rows (a sheet of some 200 MB of XML, well under 1 MB zipped);
2. a workbook with one shared string of 400 MiB (well under 1 MB zipped);
3. the worst case that passes the size check: a sheet just under the uncompressed limit whose rows
   are all rejected, stopped by the row limit, with the error report capped;
then imports each through the command (a fresh SQLite database, one process per bomb) and through
the service on the file held in memory, as the portal does. It prints wall time, peak memory (the
process's maximum resident set) and the size of the error report, for docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.security.bombs import row_bytes, write_workbook  # noqa: E402

BIN = ROOT / ".venv" / "bin"
SETUP = """
import datetime as dt
from decimal import Decimal
import django
django.setup()
from sectorplannen.plans.models import Measure, Plan
from sectorplannen.schemes.models import Tranche
t = Tranche.objects.get(number=2)
plan = Plan.objects.create(name="Bomplan", tranche=t, tranche_label="2", scheme=t.scheme, kind="sectoral",
                           sectors=["Bouw"], start_date=dt.date(2014, 7, 1), end_date=dt.date(2016, 6, 30),
                           status="running")
Measure.objects.create(plan=plan, code="M01", category="training", measure_type="general_training",
                       planned_costs_eur=Decimal(1))
"""
IN_MEMORY = """
import io, sys
from pathlib import Path
import django
django.setup()
from sectorplannen.participants.services import UnusableInput, import_participants
from sectorplannen.plans.models import Plan
data = io.BytesIO(Path(sys.argv[1]).read_bytes())
try:
    import_participants(Plan.objects.get(name="Bomplan"), data, file_name="bom.xlsx", errors_path=Path(sys.argv[2]))
    print("imported")
except UnusableInput as exc:
    print(exc)
"""


def _measured(cmd: list[str], env: dict) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MiB, exit code and the last line of output of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode, out.strip().splitlines()[-1:]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=4_000_000)
    parser.add_argument("--shared-mib", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bombs-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}", SECTORPLANNEN_DATA_DIR=str(tmp),
                   DJANGO_SETTINGS_MODULE="sectorplannen.conf.dev")
        subprocess.run([BIN / "sectorplannen", "migrate", "-v0"], env=env, check=True)
        subprocess.run([BIN / "python", "-c", SETUP], env=env, check=True)
        from sectorplannen.conf import web

        limit = web.PARTICIPANT_UPLOAD_LIMITS["max_uncompressed_bytes"]
        rows_under_limit = int(limit * 0.97) // row_bytes(["X"], numbered=False)
        bombs = {
            f"{args.rows:,} one-cell rows": write_workbook(tmp / "rows.xlsx", (["X"] for _ in range(args.rows)),
                                                                  numbered=False),
            f"one shared string of {args.shared_mib} MiB": write_workbook(
                tmp / "shared.xlsx", [], shared_string=args.shared_mib * 1024 * 1024),
            f"{rows_under_limit:,} rejected rows, under the size limit": write_workbook(
                tmp / "under.xlsx", (["X"] for _ in range(rows_under_limit)), numbered=False),
        }
        import zipfile

        print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}")
        print(f"{'bomb':<44} {'zipped':>9} {'unzipped':>10}  {'path':<8} {'seconds':>8} {'peak MiB':>9} "
              f"{'errors.csv':>11}  message")
        for name, path in bombs.items():
            unzipped = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
            for how, cmd in (("command", [BIN / "sectorplannen", "participants", "import", "--plan", "Bomplan",
                                          "--file", path, "--errors", tmp / "e.csv"]),
                             ("memory", [BIN / "python", "-c", IN_MEMORY, path, tmp / "e.csv"])):
                seconds, peak, code, last = _measured([str(c) for c in cmd], env)
                errors = (tmp / "e.csv").stat().st_size if (tmp / "e.csv").exists() else 0
                print(f"{name:<44} {path.stat().st_size / 1e6:>7.2f}MB {unzipped / 1e6:>8.1f}MB  {how:<8} "
                      f"{seconds:>8.2f} {peak:>9.0f} {errors:>10}B  {(last or [''])[0][:90]}")
                (tmp / "e.csv").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
