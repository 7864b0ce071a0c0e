"""Benchmark: settling the 75 reference plans. Target (issue): under a second.

    .venv/bin/python benchmarks/bench_settlement.py [--engine-runs 50] [--db-runs 5] [--write FILE.md]

Measured on a fresh SQLite database (in a temporary directory, removed afterwards) with the bundled
reference figures imported:
- engine: the pure settlement engine over the inputs of all 75 plans (inputs read once, not timed);
- database: ``finance.services.run_settlements`` over all declared plans, i.e. reading decisions,
  declarations and ledgers, settling, and writing settlements, lines, ledger bookings, plan status
  history and audit events; each run starts again from a copy of the freshly imported database;
- for information: one settlement letter (PDF) and the whole CLI run (``sectorplannen settlement run
  --all``, including starting Python and Django).
A script, not a timed test: it prints the figures and the machine as Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTLED_ON = dt.date(2019, 6, 30)


def machine() -> dict[str, str]:
    model = memory = "?"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    import django

    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return {"nproc": str(os.cpu_count()), "cpu": model, "ram": memory, "load": load, "os": platform.platform(),
            "python": platform.python_version(), "django": django.get_version(), "sqlite": sqlite3.sqlite_version}


def engine_inputs():
    """The engine's input for every declared plan, read from the database with plain queries."""
    from sectorplannen.finance.settlement import MeasureInput, SettlementInput
    from sectorplannen.plans.models import Plan

    inputs = []
    for plan in Plan.objects.filter(final_declaration__isnull=False).select_related("scheme", "final_declaration"):
        decision = plan.latest_decision()
        declared = {line.measure_id: line for line in plan.final_declaration.lines.all()}
        measures = []
        for line in decision.lines.select_related("measure"):
            d = declared.get(line.measure_id)
            measures.append(MeasureInput(line.measure.code, line.measure.measure_type, line.planned_participants,
                                         d.realised_participants if d else None, line.planned_costs_eur,
                                         d.eligible_costs_eur if d else 0))
        inputs.append((SettlementInput(tuple(measures), decision.max_subsidy_eur, tiers_on=SETTLED_ON),
                       plan.scheme.rules))
    return inputs


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine-runs", type=int, default=50)
    parser.add_argument("--db-runs", type=int, default=5)
    parser.add_argument("--write", type=Path, help="also write the Markdown report to this file")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-settlement-"))
    db, template = tmp / "bench.sqlite3", tmp / "template.sqlite3"
    os.environ.update(DJANGO_SETTINGS_MODULE="sectorplannen.conf.dev", DATABASE_URL=f"sqlite:///{db}",
                      SECTORPLANNEN_DATA_DIR=str(tmp))
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from sectorplannen.finance.letters import settlement_letter_pdf
        from sectorplannen.finance.services import run_settlements
        from sectorplannen.finance.settlement import settle
        from sectorplannen.plans.models import Plan
        from sectorplannen.workflow.reference import BUNDLED_FILE, import_reference

        call_command("migrate", verbosity=0)
        summary = import_reference(BUNDLED_FILE)
        assert len(summary.created) == 75, summary
        connections.close_all()
        shutil.copy(db, template)

        inputs = engine_inputs()
        engine = timed(lambda: [settle(inp, rules) for inp, rules in inputs], args.engine_runs)
        total = sum(settle(inp, rules).determined_subsidy_eur for inp, rules in inputs)

        db_times = []
        for _ in range(args.db_runs):
            connections.close_all()
            shutil.copy(template, db)
            plans = list(Plan.objects.filter(final_declaration__isnull=False).select_related("scheme"))
            start = time.perf_counter()
            outcomes = run_settlements(plans, SETTLED_ON)
            db_times.append(time.perf_counter() - start)
            assert sum(o.new for o in outcomes) == 75 and not any(o.problems for o in outcomes)
            assert sum(o.settlement.determined_subsidy_eur for o in outcomes) == total

        start = time.perf_counter()
        settlement_letter_pdf(outcomes[0].settlement)
        letter = time.perf_counter() - start

        connections.close_all()
        shutil.copy(template, db)
        start = time.perf_counter()
        subprocess.run([str(ROOT / ".venv/bin/sectorplannen"), "settlement", "--skip-checks", "run", "--all",
                        "--date", SETTLED_ON.isoformat()], check=True, capture_output=True, env=os.environ)
        cli = time.perf_counter() - start
        info = machine()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    report = f"""# Benchmark: settlement of the 75 reference plans

Run with `.venv/bin/python benchmarks/bench_settlement.py` on {dt.date.today().isoformat()}.
Target of the issue: settling all 75 reference plans in under a second.

## Machine
- CPUs (nproc): {info['nproc']}
- CPU model: {info['cpu']}
- RAM: {info['ram']}
- load average (1/5/15 min) at the end of the run: {info['load']} (the machine is shared)
- {info['os']}; Python {info['python']}; Django {info['django']}; SQLite {info['sqlite']}

## Results
| what | runs | median | min | max |
|---|---|---|---|---|
{_row("engine only (pure `settle`, 75 plans)", engine)}
{_row("database path (`run_settlements`, 75 plans, written)", db_times)}
| one settlement letter (PDF, WeasyPrint) | 1 | {_ms(letter)} | | |
| CLI `sectorplannen settlement run --all` incl. process start | 1 | {_ms(cli)} | | |

Government contribution of the 75 plans together: € {total:,.2f} (settled on {SETTLED_ON.isoformat()}).

The database path reads every plan's decisions, declaration, settlements and ledger in a handful of
queries for all plans together and writes with bulk inserts in one transaction; per plan it adds one
audit event. Letters are not part of the target: they are written on request (`--letters DIR`).
"""
    print(report)
    if args.write:
        args.write.write_text(report, encoding="utf-8")
        print(f"written to {args.write}", file=sys.stderr)


def _row(what: str, times: list[float]) -> str:
    return f"| {what} | {len(times)} | {_ms(statistics.median(times))} | {_ms(min(times))} | {_ms(max(times))} |"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


if __name__ == "__main__":
    main()
