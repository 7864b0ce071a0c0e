"""Benchmark: replaying plans under 10 scenarios (issue 19). Targets: the 99 reference plans under 10
scenarios in under 2 s; 1,000 synthetic plans under 10 scenarios in under 10 s.

    .venv/bin/python benchmarks/bench_simulator.py [--runs 5] [--tranche3 FILE.csv] [--write FILE.md]

On a fresh SQLite database (temporary directory) with the bundled reference plans imported and settled:
- the reference plans: every plan the database holds (75 today), plus the 24 tranche-3 plans built from
  the tranche-3 figures (``--tranche3``, formats.md §2) as plan cases when they are not in the database,
  so that 99 plans are replayed; timed: loading from the database, the baseline, 10 scenarios (the
  example scenarios plus variants, one with its assumption as an eleventh run) and all comparisons;
- 1,000 synthetic plans: the reference plans resampled with seeded random scaling of participants and
  costs, the same 10 scenarios (pure, no database);
- for information: writing the CSV, XLSX and HTML files (with charts) of the reference run.
A script, not a timed test: it prints the figures and the machine as Markdown.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
from bench_settlement import machine  # noqa: E402

EXAMPLES = ROOT / "examples" / "scenarios"
DEFAULT_T3 = ROOT.parent / "shared" / "data" / "reference" / "plan_figures_t3.csv"
EXTRA = [
    {"name": "leerwerkplek-30", "title": "Leerwerkplekken 30 %", "changes": {"rates": {"work_placement": "0.30"}}},
    {"name": "kosten-naar-rato", "title": "Kostendrempel naar rato",
     "changes": {"cost_threshold": {"consequence": "proportional"}}},
    {"name": "combinatie", "title": "Vast deel, plantotaal en herverdeling", "changes": {
        "overhead": {"fixed_eur": "50000"}, "participant_threshold": {"level": "plan"},
        "reallocation": {"scope": "tranche", "order": "name"}}},
]


def setup_database(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.dev")
    os.environ["SECTORPLANNEN_DATA_DIR"] = str(tmp)
    import django

    django.setup()
    from django.core.management import call_command

    from sectorplannen.finance.services import plans_to_settle, run_settlements
    from sectorplannen.workflow.reference import import_reference

    call_command("migrate", verbosity=0, interactive=False)
    import_reference()
    run_settlements(plans_to_settle(), dt.date(2019, 6, 1))


def tranche3_cases(path: Path, known: set[str]):
    """The tranche-3 plans as plan cases (one measure per trajectory, cap = rate × planned costs); a name that
    a plan of tranches 1–2 also has gets "(tranche 3)"."""
    from sectorplannen.finance.settlement import MeasureInput, SettlementInput
    from sectorplannen.simulator.cases import PlanCase
    from sectorplannen.simulator.loading import scheme_rules

    rules = scheme_rules()["sectorplannen-2015"]
    plans: dict[str, list[dict]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            plans.setdefault(row["plan"], []).append(row)
    cases = []
    for name, rows in sorted(plans.items()):
        measures = tuple(MeasureInput(r["category"], r["category"], int(r["planned_participants"] or 0) or None,
                                      int(r["realised_participants"] or 0) or None,
                                      Decimal(r["planned_budget_eur"] or 0), Decimal(r["realised_budget_eur"] or 0))
                         for r in rows)
        cap = sum((rules.rate_for(m.measure_type) * m.planned_costs_eur for m in measures), Decimal(0))
        shown = f"{name} (tranche 3)" if name in known else name
        cases.append(PlanCase(key=f"t3:{name}", name=shown, tranche="3", kind=rows[0]["plan_kind"],
                              sector=rows[0]["plan_sector"], scheme="sectorplannen-2015",
                              input=SettlementInput(measures, cap.quantize(Decimal("0.01")))))
    return cases


def synthetic(cases, n: int, seed: int = 19):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = rng.choice(cases)
        measures = []
        for m in base.input.measures:
            f, g = Decimal(rng.randint(50, 150)) / 100, Decimal(rng.randint(40, 130)) / 100
            realised = None if m.realised_participants is None else int(m.realised_participants * g)
            measures.append(replace(m, eligible_costs_eur=(m.planned_costs_eur * f * g).quantize(Decimal("0.01")),
                                    realised_participants=realised))
        out.append(replace(base, key=f"s{i}", name=f"Synthetisch {i:04d}",
                           input=replace(base.input, measures=tuple(measures))))
    return out


def scenarios():
    from sectorplannen.simulator import services

    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))] + EXTRA
    return [services.parse(d) for d in docs][:10]


def timed(fn, runs: int) -> list[float]:
    """Wall-clock seconds per run; the CPU seconds of the process go to ``CPU`` (on a shared machine the
    wall clock includes waiting for a core)."""
    times = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        CPU.setdefault(fn, []).append(time.process_time() - cpu)
    return times


CPU: dict = {}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=1000)
    parser.add_argument("--tranche3", type=Path, default=DEFAULT_T3)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_database(Path(tmp))
        from sectorplannen.simulator import services
        from sectorplannen.simulator.loading import load_cases
        from sectorplannen.simulator.outputs import write_outputs

        chosen = scenarios()
        db_cases = load_cases()
        has_t3 = any(c.tranche == "3" for c in db_cases)
        known = {c.name for c in db_cases}
        extra = [] if has_t3 or not args.tranche3.exists() else tranche3_cases(args.tranche3, known)
        reference = db_cases + extra

        def reference_run():
            services.simulate(chosen, cases=load_cases() + extra)

        ref_times = timed(reference_run, args.runs)
        many = synthetic(reference, args.synthetic)

        def synthetic_run():
            services.simulate(chosen, cases=many)

        syn_times = timed(synthetic_run, args.runs)
        ref_cpu, syn_cpu = statistics.median(CPU[reference_run]), statistics.median(CPU[synthetic_run])
        sim = services.simulate(chosen, cases=reference)
        write_times = timed(lambda: write_outputs(sim, Path(tmp) / "uit"), 1)
        runs = len(sim.runs)
    info = machine()
    lines = [
        f"Machine: {info['nproc']} cores, {info['cpu']}, {info['ram']}, load {info['load']}, {info['os']}, "
        f"Python {info['python']}, Django {info['django']}, SQLite {info['sqlite']}.",
        "",
        "| run | plans | scenarios (runs incl. assumption) | median | min | max | CPU (median) | target |",
        "|---|---|---|---|---|---|---|---|",
        f"| reference plans, from the database (+ tranche 3 from the figures) | {len(reference)} "
        f"({len(db_cases)} + {len(extra)}) | {len(chosen)} ({runs}) | {statistics.median(ref_times):.3f} s | "
        f"{min(ref_times):.3f} s | {max(ref_times):.3f} s | {ref_cpu:.3f} s | < 2 s |",
        f"| synthetic plans | {len(many)} | {len(chosen)} ({runs}) | {statistics.median(syn_times):.3f} s | "
        f"{min(syn_times):.3f} s | {max(syn_times):.3f} s | {syn_cpu:.3f} s | < 10 s |",
        f"| writing CSV, XLSX and HTML with charts (reference run) | {len(reference)} | {len(chosen)} | "
        f"{write_times[0]:.3f} s | | | | – |",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        args.write.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
