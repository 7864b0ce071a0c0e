"""Benchmark (issue 20): `sectorplannen evaluate` on DuckDB and on Spark local, growing register.

    .venv/bin/python benchmarks/bench_engines.py --jobs 3000000 --jobs 10000000 --jobs 30000000 \\
        [--engine duckdb --engine spark] [--memory-limit 8GB] [--driver-memory 6g] [--workdir DIR]

Per size: a register of `--jobs` job records, three per person, for persons of whom half are
participants and half a comparison group (their jobs and benefits are in the register but they are
not in the participants file: read, checked and left out as persons who are not participants),
0.4 benefits per person, three measurement dates; generated as Parquet one chunk of persons at a
time and deleted afterwards (`--keep` keeps them). Each engine runs the whole command as a child
process, DuckDB with `--memory-limit` and a spill directory, Spark local with `--driver-memory`.
Sampled every 0.5 s from /proc: the resident memory of the process and all its children summed
(Python plus Spark's JVM), the disk used by DuckDB's spill directory or Spark's local directories
(`SPARK_LOCAL_DIRS`: shuffle files and spill), and the staging directory (the inputs as text
Parquet and the stored steps). Also the load average before and after: the machine is shared.
Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
JOBS_EACH = 3  # job records per person: 30 million records are 10 million persons
BENEFITS_EACH = 0.4
PLANS = 200
CHUNK = 250_000  # persons per generated chunk
FILES = {"participants": "deelnemers.parquet", "jobs": "banen.parquet", "benefits": "uitkeringen.parquet"}
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


def _chunk(rng, first: int, n: int, participants: bool) -> dict[str, pa.Table]:
    """One chunk of persons: their jobs and benefits, and (participants) their registrations."""
    from sectorplannen.evaluation.synth_base import CATEGORIES, EXTRA_SECTORS, MEASURE_TYPES_T12, _pseudonyms

    people = _pseudonyms(rng, n)
    out = {}
    start_2014, days_5y = 16071, 5 * 365  # 2014-01-01 as a day number; registrations start in 2014-2018
    if participants:
        plan = rng.integers(0, PLANS, n)
        tranche = plan % 3 + 1
        regional = plan % 7 == 0
        t12 = np.array(CATEGORIES[:6])
        category = np.where(tranche == 3, np.array(CATEGORIES[6:])[rng.integers(0, 4, n)], t12[rng.integers(0, 6, n)])
        measure_types = np.array([m for c in CATEGORIES[:6] for m in MEASURE_TYPES_T12[c]])
        age = rng.integers(18, 65, n)
        start = start_2014 + rng.integers(0, days_5y, n)
        out["participants"] = pa.table({
            "pseudonym": people, "plan": pa.array(np.char.add("P", plan.astype(str))),
            "tranche": pa.array(tranche.astype(str)), "plan_kind": np.where(regional, "regional", "sectoral"),
            "plan_sectors": np.where(regional, "", np.array(EXTRA_SECTORS)[plan % len(EXTRA_SECTORS)]),
            "category": category,
            "measure": pa.array(np.char.add("M", (plan * 10 + rng.integers(0, 10, n)).astype(str))),
            "measure_type": measure_types[rng.integers(0, len(measure_types), n)],
            "target_group": np.where(rng.random(n) < 0.8, "working_in_sector", "not_working"),
            "age_at_start": age, "start_date": pa.array(start.astype(np.int32), pa.date32()),
            "end_date": pa.array((start + rng.integers(30, 400, n)).astype(np.int32), pa.date32()),
            "birth_year": 1970 + (start // 365) - age,
        })
    owner = np.repeat(np.arange(n), JOBS_EACH)
    m = len(owner)
    job_start = start_2014 - 4 * 365 + rng.integers(0, 10 * 365, m)
    job_end = job_start + rng.integers(30, 3000, m)
    hours = np.array([0, 8, 16, 24, 32, 36, 38, 40], dtype=float)[rng.integers(0, 8, m)]
    out["jobs"] = pa.table({
        "pseudonym": people.take(pa.array(owner)),
        "employer": pa.array(np.char.add("E", rng.integers(0, 200_000, m).astype(str))),
        "sector": np.array(EXTRA_SECTORS)[rng.integers(0, len(EXTRA_SECTORS), m)],
        "start_date": pa.array(job_start.astype(np.int32), pa.date32()),
        "end_date": pa.array(job_end.astype(np.int32), pa.date32(), mask=rng.random(m) < 0.25),
        "contract": np.array(["vast", "tijdelijk", "oproep", "uitzend"])[rng.choice(4, m, p=[0.6, 0.2, 0.1, 0.1])],
        "hours_per_week": pa.array(hours, mask=rng.random(m) < 0.05),
    })
    k = int(n * BENEFITS_EACH)
    who = rng.integers(0, n, k)
    benefit_start = start_2014 - 2 * 365 + rng.integers(0, 8 * 365, k)
    out["benefits"] = pa.table({
        "pseudonym": people.take(pa.array(who)),
        "type": np.array(["WW", "bijstand", "AO", "overig"])[rng.choice(4, k, p=[0.5, 0.2, 0.2, 0.1])],
        "start_date": pa.array(benefit_start.astype(np.int32), pa.date32()),
        "end_date": pa.array((benefit_start + rng.integers(30, 900, k)).astype(np.int32), pa.date32(),
                             mask=rng.random(k) < 0.2),
    })
    return out


def generate(folder: Path, jobs: int) -> dict:
    """Persons with JOBS_EACH job records each, half participants, half a comparison group whose jobs
    and benefits are in the register but who are not in the participants file; streamed as Parquet
    one chunk of persons at a time (memory: one chunk)."""
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    persons = jobs // JOBS_EACH
    rng = np.random.default_rng(20)
    writers: dict[str, pq.ParquetWriter] = {}
    counts = {"participants": 0, "jobs": 0, "benefits": 0}
    try:
        half = persons // 2
        chunks = [(first, min(CHUNK, half - first), True) for first in range(0, half, CHUNK)]
        chunks += [(first, min(CHUNK, persons - first), False) for first in range(half, persons, CHUNK)]
        for first, n, participants in chunks:
            for name, table in _chunk(rng, first, n, participants).items():
                if name not in writers:
                    writers[name] = pq.ParquetWriter(folder / FILES[name], table.schema)
                writers[name].write_table(table)
                counts[name] += table.num_rows
    finally:
        for writer in writers.values():
            writer.close()
    return {"persons": persons, "participants": counts["participants"], "jobs": counts["jobs"],
            "benefits": counts["benefits"], "generate_s": round(time.perf_counter() - start, 1),
            "parquet_gib": round(sum((folder / f).stat().st_size for f in FILES.values()) / 2**30, 2)}


def run(folder: Path, engine: str, memory_limit: str, driver_memory: str) -> dict:
    """The whole command as a child process; DuckDB with a memory limit and a spill directory,
    Spark local with its driver memory (PYSPARK_SUBMIT_ARGS); both stage in the scratch folder."""
    scratch = Path(tempfile.mkdtemp(prefix=f"bench-{engine}-", dir=folder))
    for sub in ("duckdb-tmp", "spark-local", "staging"):
        (scratch / sub).mkdir()
    env = {**os.environ, "SPARK_LOCAL_DIRS": str(scratch / "spark-local"), "TMPDIR": str(scratch / "staging"),
           "PYSPARK_SUBMIT_ARGS": f"--driver-memory {driver_memory} pyspark-shell"}
    cmd = [str(ROOT / ".venv/bin/sectorplannen"), "evaluate", "--participants", str(folder / FILES["participants"]),
           "--jobs", str(folder / FILES["jobs"]), "--benefits", str(folder / FILES["benefits"]),
           *[a for d in DATES for a in ("--date", d)], "--out", str(scratch / "out"), "--engine", engine,
           "--memory-limit", memory_limit, "--temp-directory", str(scratch / "duckdb-tmp")]
    load_before = os.getloadavg()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"rss": 0, "spill": 0, "staging": 0}

    def sample():
        while proc.poll() is None:
            peak["rss"] = max(peak["rss"], _rss_kib(_children(proc.pid)))
            spill = _disk_bytes(scratch / "duckdb-tmp") + _disk_bytes(scratch / "spark-local")
            peak["spill"] = max(peak["spill"], spill)
            peak["staging"] = max(peak["staging"], _disk_bytes(scratch / "staging"))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    return {"engine": engine, "exit": proc.returncode, "wall_s": round(wall, 1),
            "peak_gib": round(peak["rss"] / 2**20, 2), "spill_peak_gib": round(peak["spill"] / 2**30, 2),
            "staging_peak_gib": round(peak["staging"] / 2**30, 2), "load_before": round(load_before[0], 1),
            "load_after": round(os.getloadavg()[0], 1), "uptime": subprocess.run(["uptime"], capture_output=True,
                                                                                   text=True).stdout.strip(),
            "summary": out.strip().splitlines()[:4], "stderr_tail": err.strip().splitlines()[-3:],
            "scratch": str(scratch)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, action="append", help="job records of the register (repeat)")
    parser.add_argument("--engine", action="append", choices=("duckdb", "spark"))
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--memory-limit", default="8GB", help="DuckDB's memory limit (it spills above)")
    parser.add_argument("--driver-memory", default="6g", help="Spark's driver memory (local mode: all of Spark)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files (default: delete them)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-engines-"))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}", flush=True)
    for jobs in args.jobs or [3_000_000]:
        folder = workdir / f"jobs{jobs}"
        made = generate(folder, jobs) if not (folder / FILES["jobs"]).exists() else {"reused": True}
        print(json.dumps({"size": jobs, **made}), flush=True)
        for engine in args.engine or ["duckdb", "spark"]:
            result = run(folder, engine, args.memory_limit, args.driver_memory)
            shutil.rmtree(result["scratch"], ignore_errors=True)
            print(json.dumps({"size": jobs, **result}), flush=True)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
