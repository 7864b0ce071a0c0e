"""Benchmark (issue 20): `sectorplannen evaluate` on DuckDB and on Spark local, growing register.

    .venv/bin/python benchmarks/bench_engines.py --jobs 3000000 --jobs 10000000 --jobs 30000000 \\
        [--engine duckdb --engine spark] [--workdir DIR]

Per size: a register of about `--jobs` job records for persons of whom half are participants
(`generate_participants` + `generate_employment`) and half a comparison group (a second generated
population whose jobs and benefits are in the register but who are not in the participants file:
read, checked and left out as persons who are not participants), three measurement dates. Each
engine runs the whole command as a child process; sampled every 0.5 s from /proc: the resident
memory of the process and all its children summed (Python plus Spark's JVM), and the disk used by
DuckDB's temporary directory or Spark's local directories (`SPARK_LOCAL_DIRS`: shuffle files and
spill). Also the load average before and after: the machine is shared. Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOBS_PER_PERSON = 3.4 * 0.93  # generate_employment: 3.4 per registration; 0.93 persons per registration
DATES = ("2017-05-31", "2018-05-31", "2019-05-31")


def _children(pid: int) -> list[int]:
    out, todo = [], [pid]
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, []))
    return out


def _rss_kib(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _disk_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            try:
                total += os.stat(os.path.join(dirpath, f)).st_size
            except OSError:
                continue
    return total


def _lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 24), b""))


def generate(folder: Path, jobs: int) -> dict:
    """Participants and a comparison group of the same size; one register (jobs, benefits) for both."""
    from sectorplannen.evaluation.synth import generate_employment, generate_participants

    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    rows = int(jobs / JOBS_PER_PERSON / 2 / 0.93)
    generate_participants(folder / "deelnemers.csv", rows, seed=1)
    generate_employment(folder / "deelnemers.csv", folder, seed=1)
    other = folder / "comparison"
    generate_participants(other / "deelnemers.csv", rows, seed=2)
    generate_employment(other / "deelnemers.csv", other, seed=2)
    for name in ("banen.csv", "uitkeringen.csv"):  # append the comparison persons' rows (without header)
        with open(folder / name, "ab") as out, open(other / name, "rb") as extra:
            extra.readline()
            while chunk := extra.read(1 << 24):
                out.write(chunk)
    counts = {name: _lines(folder / name) - 1 for name in ("deelnemers.csv", "banen.csv", "uitkeringen.csv")}
    return {"registrations": counts["deelnemers.csv"], "jobs": counts["banen.csv"],
            "benefits": counts["uitkeringen.csv"], "generate_s": round(time.perf_counter() - start, 1)}


def run(folder: Path, engine: str) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix=f"bench-{engine}-", dir=folder))
    env = {**os.environ, "SPARK_LOCAL_DIRS": str(scratch / "spark-local")}
    cmd = [str(ROOT / ".venv/bin/sectorplannen"), "evaluate", "--participants", str(folder / "deelnemers.csv"),
           "--jobs", str(folder / "banen.csv"), "--benefits", str(folder / "uitkeringen.csv"),
           *[a for d in DATES for a in ("--date", d)], "--out", str(scratch / "out"), "--engine", engine]
    load_before = os.getloadavg()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"rss": 0, "disk": 0}

    def sample():
        while proc.poll() is None:
            peak["rss"] = max(peak["rss"], _rss_kib(_children(proc.pid)))
            peak["disk"] = max(peak["disk"], _disk_bytes(scratch / ".tmp") + _disk_bytes(scratch / "spark-local"))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    return {"engine": engine, "exit": proc.returncode, "wall_s": round(wall, 1),
            "peak_gib": round(peak["rss"] / 2**20, 2),
            "disk_peak_gib": round(peak["disk"] / 2**30, 2), "load_before": round(load_before[0], 1),
            "load_after": round(os.getloadavg()[0], 1), "stderr_tail": err.strip().splitlines()[-3:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, action="append", help="job records of the register (repeat)")
    parser.add_argument("--engine", action="append", choices=("duckdb", "spark"))
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-engines-"))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}", flush=True)
    for jobs in args.jobs or [3_000_000]:
        folder = workdir / f"jobs{jobs}"
        made = generate(folder, jobs) if not (folder / "banen.csv").exists() else {"reused": True}
        print(json.dumps({"size": jobs, **made}), flush=True)
        for engine in args.engine or ["duckdb", "spark"]:
            print(json.dumps({"size": jobs, **run(folder, engine)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
