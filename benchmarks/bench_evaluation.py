"""Benchmark: the evaluation pipeline (issue 6). Targets: 300,000 participants, about 1,000,000 job and
300,000 benefit records, three measurement dates, from CSV, every output (tables, checks, disclosure
control, outcomes.xlsx, report.html with charts) in under 15 seconds and under 4 GiB; the same at
3,000,000 participants in under 3 minutes.

    .venv/bin/python benchmarks/bench_evaluation.py [--participants 300000] [--participants 3000000]
        [--python-loop] [--workdir DIR] [--keep] [--write FILE.md]

For each size it
1. generates the data (`generate_participants`, then `generate_employment`: the generator's own
   time and peak memory are measured too, in a child process);
2. runs `sectorplannen evaluate` as a user would (a child process: Python start, Django, reading,
   checking, DuckDB, disclosure control and every output), under `/usr/bin/time -v` when present
   for the wall time and peak resident memory (else `resource.getrusage` of the child);
3. with `--python-loop`, runs a straightforward single-threaded pure-Python loop (csv module, dicts,
   no numpy/DuckDB) that computes only the bare income-status tables, for comparison.
A script, not a timed test: it prints the figures and the machine as Markdown.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATES = ["2017-05-31", "2018-05-31", "2019-05-31"]


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        ram = f"{memory / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "unknown"
    import duckdb

    return (f"{os.cpu_count()} cores (nproc), CPU: {cpu}, RAM: {ram}, Python {platform.python_version()}, "
            f"DuckDB {duckdb.__version__}, {platform.system()} {platform.release()}")


def timed_child(command: list[str], env: dict | None = None) -> dict:
    """Run a child process; wall time and peak RSS (from /usr/bin/time -v when available)."""
    gnu_time = shutil.which("time") if Path("/usr/bin/time").exists() else None
    if gnu_time:
        command = ["/usr/bin/time", "-v", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    peak_kib = None
    if gnu_time:
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", process.stderr)
        peak_kib = int(match.group(1)) if match else None
    if peak_kib is None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak_kib = after if after > before else None
    return {"returncode": process.returncode, "wall_s": wall, "peak_mib": (peak_kib or 0) / 1024,
            "stdout": process.stdout, "stderr": process.stderr}


GENERATE = """
import json, sys, time
from sectorplannen.evaluation.synth import generate_participants, generate_employment
folder, n = sys.argv[1], int(sys.argv[2])
t = time.perf_counter()
p = generate_participants(folder + "/deelnemers.csv", n, seed=1)
t1 = time.perf_counter() - t
t = time.perf_counter()
e = generate_employment(folder + "/deelnemers.csv", folder, seed=2)
t2 = time.perf_counter() - t
print(json.dumps({"participants_s": t1, "employment_s": t2, "rows": p["rows"], "units": p["units"],
                  "persons": e.persons, "jobs": e.jobs, "benefits": e.benefits}))
"""


def python_loop(folder: Path) -> dict:
    """Bare income-status tables (total, category, target group) with the standard library only."""
    start = time.perf_counter()
    dates = [dt.date.fromisoformat(d) for d in DATES]
    units: dict[tuple, tuple] = {}
    with open(folder / "deelnemers.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = (row["pseudonym"], row["plan"], row["category"])
            start_date = dt.date.fromisoformat(row["start_date"])
            if key not in units or start_date < units[key][0]:
                units[key] = (start_date, row["target_group"])
    jobs: dict[str, list] = {}
    with open(folder / "banen.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            end = dt.date.fromisoformat(row["end_date"]) if row["end_date"] else None
            jobs.setdefault(row["pseudonym"], []).append((dt.date.fromisoformat(row["start_date"]), end))
    benefits: dict[str, list] = {}
    with open(folder / "uitkeringen.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            end = dt.date.fromisoformat(row["end_date"]) if row["end_date"] else None
            benefits.setdefault(row["pseudonym"], []).append(
                (row["type"], dt.date.fromisoformat(row["start_date"]), end))
    counts: Counter = Counter()
    for (pseudonym, _plan, category), (_start, target_group) in units.items():
        for day in dates:
            employed = any(s <= day and (e is None or e >= day) for s, e in jobs.get(pseudonym, ()))
            active = [t for t, s, e in benefits.get(pseudonym, ()) if s <= day and (e is None or e >= day)]
            ww, other = "WW" in active, any(t != "WW" for t in active)
            if employed:
                status = "werknemer_ww" if ww else "werknemer_overige_uitkering" if other else "werknemer"
            else:
                status = "ww" if ww else "overige_uitkering" if other else "overig"
            for group in (("total", "total"), ("category", category), ("target_group", target_group)):
                counts[(day, *group, status)] += 1
    return {"seconds": time.perf_counter() - start, "cells": len(counts)}


def run_size(n: int, workdir: Path, loop: bool) -> dict:
    folder = workdir / f"n{n}"
    folder.mkdir(parents=True, exist_ok=True)
    gen = timed_child([sys.executable, "-c", GENERATE, str(folder), str(n)])
    if gen["returncode"]:
        raise SystemExit(gen["stderr"])
    figures = json.loads(gen["stdout"].strip().splitlines()[-1])
    figures.update(generate_wall_s=gen["wall_s"], generate_peak_mib=gen["peak_mib"])
    out = folder / "out"
    command = [str(ROOT / ".venv/bin/sectorplannen") if (ROOT / ".venv/bin/sectorplannen").exists()
               else sys.executable, *([] if (ROOT / ".venv/bin/sectorplannen").exists()
                                      else ["-m", "sectorplannen.cli"]),
               "evaluate", "--participants", str(folder / "deelnemers.csv"), "--jobs", str(folder / "banen.csv"),
               "--benefits", str(folder / "uitkeringen.csv"), *[a for d in DATES for a in ("--date", d)],
               "--out", str(out)]
    run = timed_child(command, env=dict(os.environ, DJANGO_SETTINGS_MODULE="sectorplannen.conf.dev",
                                        SECTORPLANNEN_DATA_DIR=str(workdir / "var")))
    if run["returncode"] not in (0, 1):
        raise SystemExit(run["stderr"])
    figures.update(evaluate_wall_s=run["wall_s"], evaluate_peak_mib=run["peak_mib"],
                   evaluate_exit=run["returncode"], summary=run["stdout"].strip().splitlines())
    figures["outputs"] = sorted(p.name for p in out.iterdir())
    if loop:
        child = timed_child([sys.executable, "-c",
                             "import json, sys; sys.path.insert(0, sys.argv[1]); import bench_evaluation as b; "
                             "print(json.dumps(b.python_loop(__import__('pathlib').Path(sys.argv[2]))))",
                             str(Path(__file__).parent), str(folder)])
        if child["returncode"]:
            raise SystemExit(child["stderr"])
        result = json.loads(child["stdout"].strip().splitlines()[-1])
        figures.update(loop_s=result["seconds"], loop_wall_s=child["wall_s"], loop_peak_mib=child["peak_mib"])
    return figures


def report(results: dict[int, dict]) -> str:
    lines = [f"Machine: {machine()}", f"Measured: {dt.datetime.now():%Y-%m-%d %H:%M}", ""]
    lines += ["| participants (rows) | jobs | benefits | units | generate (s) | generate peak (MiB) "
              "| evaluate, whole command (s) | evaluate peak RSS (MiB) | pure-Python income status (s) |",
              "|---|---|---|---|---|---|---|---|---|"]
    for f in results.values():
        loop = f"{f['loop_s']:.1f} (peak {f['loop_peak_mib']:.0f} MiB)" if "loop_s" in f else "–"
        lines.append(f"| {f['rows']:,} | {f['jobs']:,} | {f['benefits']:,} | {f['units']:,} "
                     f"| {f['participants_s'] + f['employment_s']:.1f} | {f['generate_peak_mib']:.0f} "
                     f"| {f['evaluate_wall_s']:.1f} | {f['evaluate_peak_mib']:.0f} | {loop} |")
    for n, f in results.items():
        lines += ["", f"Run at {n:,} (exit code {f['evaluate_exit']}):", "```", *f["summary"], "```"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, action="append",
                        help="participant rows (repeatable; default 300000)")
    parser.add_argument("--python-loop", action="store_true", help="also time the pure-Python comparison")
    parser.add_argument("--workdir", type=Path, help="where the data goes (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the generated data and outputs")
    parser.add_argument("--write", type=Path, help="also write the Markdown to this file")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-evaluation-"))
    try:
        results = {n: run_size(n, workdir, args.python_loop) for n in (args.participants or [300_000])}
        text = report(results)
        print(text)
        if args.write:
            args.write.write_text(text + "\n", encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
