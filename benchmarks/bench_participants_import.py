"""Benchmark: participant upload through the CLI, end to end (parse, validate, encrypt, pseudonymise,
store) on a fresh SQLite database; then the same file again; then the simplest approach (one ORM
create per row) on a sample, extrapolated. Target (issue): ≥ 20,000 rows/s, peak memory < 1 GiB.

    .venv/bin/python benchmarks/bench_participants_import.py [--rows 300000] [--baseline-rows 5000] [--repeat 3]
        [--database-url postgres://USER@HOST:PORT/postgres]

With ``--database-url`` (a PostgreSQL server; scripts/start-postgres.sh starts one) every run gets a
fresh database on that server, created and dropped by the script, instead of a fresh SQLite file.

A script, not a timed test: it prints the figures (and the machine) for docs/benchmarks.md.
The upload file is synthetic (sectorplannen.participants.synth): BSNs made at run time, in a
temporary directory that is removed afterwards."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PLAN = "Benchmarkplan"  # also named in the two scripts below

SETUP = """
import datetime as dt, random, sys
from decimal import Decimal
from pathlib import Path
import django
django.setup()
from sectorplannen.plans.models import Measure, Plan
from sectorplannen.schemes.models import Tranche
from sectorplannen.participants import synth
rows, out = int(sys.argv[1]), Path(sys.argv[2])
t = Tranche.objects.get(number=2)
plan = Plan.objects.create(name="Benchmarkplan", tranche=t, tranche_label="2", scheme=t.scheme, kind="sectoral",
                           sectors=["Bouw"], start_date=dt.date(2014, 7, 1), end_date=dt.date(2016, 6, 30),
                           status="running")
split = {"training": ("general_training", 0.5), "health": ("health_check", 0.3),
         "work_placements": ("work_placement", 0.2)}
for code, (mtype, _) in split.items():
    Measure.objects.create(plan=plan, code=code, category=code, measure_type=mtype, planned_costs_eur=Decimal(1))
counts = {code: int(rows * share) for code, (_, share) in split.items()}
counts["training"] += rows - sum(counts.values())
if str(out) != "-":
    rng = random.Random(2024)
    synth.write_plan_upload(plan, out, rng=rng, bsns=synth.BsnSource(rng), counts=counts, dutch=True)
"""

BASELINE = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.db import transaction
from sectorplannen.participants.plan_rules import upload_rules
from sectorplannen.participants.reader import open_table
from sectorplannen.participants.models import Person, Registration
from sectorplannen.participants.validation import RowValidator, map_header
from sectorplannen.participants.vault import get_vault
from sectorplannen.plans.models import Plan
plan = Plan.objects.get(name="Benchmarkplan")
limit, path = int(sys.argv[1]), sys.argv[2]
vault = get_vault()
start = time.perf_counter()
with open_table(Path(path)) as table, transaction.atomic():
    positions, labels, _ = map_header(table.header)
    validator = RowValidator(upload_rules(plan), positions, labels)
    n = 0
    for line, cells in table.rows:
        ok, errors = validator.validate(line, cells)
        pseudonym = vault.pseudonym(ok.bsn)
        person, _ = Person.objects.get_or_create(pseudonym=pseudonym, defaults={
            "bsn_ciphertext": vault.encrypt(ok.bsn, pseudonym), "birth_date": ok.birth_date})
        Registration.objects.get_or_create(plan=plan, measure_id=ok.measure.id, person=person,
            start_date=ok.start_date, defaults={"end_date": ok.end_date, "target_group": ok.target_group,
            "employer_number": ok.employer, "age_at_start": ok.age, "youth": ok.youth})
        n += 1
        if n >= limit:
            break
print(n, time.perf_counter() - start)
"""


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    import sqlite3

    return {"nproc": os.cpu_count(), "cpu": model, "ram_gib": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version}


def timed(cmd: list[str], env: dict) -> tuple[float, float, int, subprocess.CompletedProcess]:
    """Wall time, CPU time (user + system) and peak RSS (KiB) of one command, measured by the kernel
    for the child process (``resource.getrusage`` of a fresh helper process per command)."""
    helper = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
              "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
              "sys.stderr.write(f'\\nRUSAGE {u.ru_utime + u.ru_stime} {u.ru_maxrss}\\n'); sys.exit(p.returncode)")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", helper, *cmd], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    cpu, rss = re.search(r"RUSAGE (\S+) (\d+)", proc.stderr).groups()
    return elapsed, float(cpu), int(rss), proc


def fresh_db(directory: Path, server_url: str | None = None) -> dict:
    """Environment for a fresh, migrated database: a new SQLite file in ``directory``, or a new
    database on the PostgreSQL server at ``server_url``."""
    directory.mkdir(parents=True)
    url = f"sqlite:///{directory / 'db.sqlite3'}"
    if server_url:
        url = _recreate_postgres_database(server_url, f"bench_participants_{directory.name}")
    env = dict(os.environ, DATABASE_URL=url, SECTORPLANNEN_DATA_DIR=str(directory),
               DJANGO_SETTINGS_MODULE="sectorplannen.conf.dev")
    for name in ("SECTORPLANNEN_BSN_ENCRYPTION_KEYS", "SECTORPLANNEN_PSEUDONYM_KEY", "SECTORPLANNEN_KEY_FILE"):
        env.pop(name, None)  # a generated key file beside the database, as in development
    subprocess.run([str(BIN / "sectorplannen"), "migrate", "--noinput", "-v0"], env=env, check=True)
    return env


def _recreate_postgres_database(server_url: str, name: str, *, drop_only: bool = False) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a stopped server's sessions may linger
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path="/" + name))


def import_run(cmd: list[str], env: dict, rows: int) -> dict:
    load = os.getloadavg()[0]
    elapsed, cpu, rss, proc = timed(cmd, env)
    if proc.returncode != 0:
        sys.exit(f"import failed ({proc.returncode}): {proc.stdout[-500:]} {proc.stderr[-500:]}")
    return {"seconds": round(elapsed, 2), "rows_per_s": round(rows / elapsed), "cpu_seconds": round(cpu, 2),
            "rows_per_cpu_s": round(rows / cpu), "peak_rss_mib": round(rss / 1024), "load_before": round(load, 2),
            "summary": proc.stdout.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--baseline-rows", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3, help="fresh databases to import into (the machine is "
                                                               "shared: report the median and the spread)")
    parser.add_argument("--database-url", help="a PostgreSQL server to make the fresh databases on (default: SQLite)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-participants-"))
    try:
        upload_dir = tmp / "upload"
        upload_dir.mkdir()
        results = {"machine": machine(), "database": _database_label(args.database_url), "rows": args.rows,
                   "runs": []}
        for i in range(args.repeat):
            env = fresh_db(tmp / f"run{i}", args.database_url)
            target = str(upload_dir) if i == 0 else "-"  # the file is made once, the plan in every database
            subprocess.run([str(BIN / "python"), "-c", SETUP, str(args.rows), target], env=env, check=True)
            upload = next(upload_dir.glob("*.csv"))
            cmd = [str(BIN / "sectorplannen"), "participants", "import", "--plan", PLAN, "--file", str(upload)]
            run = {"first_import": import_run(cmd, env, args.rows), "reimport": import_run(cmd, env, args.rows)}
            results["runs"].append(run)
            print(f"run {i + 1}", json.dumps(run, ensure_ascii=False), flush=True)
        results["file_mib"] = round(upload.stat().st_size / 2**20, 1)
        for label in ("first_import", "reimport"):
            rates = [r[label]["rows_per_s"] for r in results["runs"]]
            results[label] = {"median_rows_per_s": round(statistics.median(rates)), "min": min(rates),
                              "max": max(rates),
                              "peak_rss_mib_max": max(r[label]["peak_rss_mib"] for r in results["runs"])}

        env = fresh_db(tmp / "baseline", args.database_url)
        subprocess.run([str(BIN / "python"), "-c", SETUP, str(args.rows), "-"], env=env, check=True)
        proc = subprocess.run([str(BIN / "python"), "-c", BASELINE, str(args.baseline_rows), str(upload)], env=env,
                              capture_output=True, text=True, check=True)
        n, seconds = proc.stdout.split()
        rate = int(n) / float(seconds)
        results["baseline_orm_per_row"] = {"rows": int(n), "seconds": round(float(seconds), 2),
                                           "rows_per_s": round(rate),
                                           "extrapolated_seconds_for_rows": round(args.rows / rate)}
        print(json.dumps({k: v for k, v in results.items() if k != "runs"}, indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if args.database_url:
            for name in [f"run{i}" for i in range(args.repeat)] + ["baseline"]:
                _recreate_postgres_database(args.database_url, f"bench_participants_{name}", drop_only=True)


def _database_label(server_url: str | None) -> str:
    if not server_url:
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (a fresh file per run)"
    import psycopg

    with psycopg.connect(server_url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        fsync = conn.execute("SHOW fsync").fetchone()[0]
    return f"PostgreSQL {version} on {urlsplit(server_url).hostname}, fsync {fsync} (a fresh database per run)"


if __name__ == "__main__":
    main()
