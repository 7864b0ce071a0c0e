"""The demo pipeline: from an empty database to the report, through the paths a user would take.

Each step is idempotent, so running the demo twice changes nothing the second time: the reference
import skips known plans, the upload recognises known registrations, advances and settlements are
made only for plans without them."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sectorplannen.evaluation.effects_service import run_effects
from sectorplannen.evaluation.effects_synth import generate_comparison
from sectorplannen.evaluation.services import run_evaluation
from sectorplannen.evaluation.synth import generate_employment
from sectorplannen.finance.reconciliation import declared_participants
from sectorplannen.finance.services import advance_schedule_for, plans_to_settle, record_advance
from sectorplannen.participants.export import write_evaluator_files
from sectorplannen.participants.importer import import_participants
from sectorplannen.participants.synth import generate
from sectorplannen.plans.models import Plan
from sectorplannen.qualitative.store import synthesise_reports
from sectorplannen.workflow.reference import BUNDLED_FILES, import_reference
from sectorplannen.workflow.services import settle_many

from . import demo_partnership
from .services import build_report, realisation_tables
from .summary import print_summary

SETTLED_ON = dt.date(2019, 6, 1)  # demo: the reference plans ended 2018-12-31 and declared in March 2019
MEASUREMENT_DATES = ("2017-05-31", "2018-05-31", "2019-05-31")
SEED = 2013
COMPARISON_PERSONS = 50_000  # the demo's comparison sample (a real one is drawn by the register holder)


@dataclass
class DemoResult:
    out: Path
    timings: dict[str, float] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    registrations_stored: int = 0


def _bar(console: Console) -> Progress:
    return Progress(TextColumn("   {task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def run_demo(out: Path, console: Console, *, report_pdf: bool = True) -> DemoResult:
    result = DemoResult(out)
    out.mkdir(parents=True, exist_ok=True)

    def step(number: int, title: str, fn: Callable[[], str | None]) -> None:
        console.print(f"[bold]{number}.[/] {title}")
        start = time.perf_counter()
        note = fn()
        result.timings[title] = time.perf_counter() - start
        console.print(f"   {note + ' ' if note else ''}({result.timings[title]:.1f} s)")

    step(1, "Database aanmaken of bijwerken", lambda: call_command("migrate", verbosity=0, interactive=False))
    step(2, "Referentieplannen laden (75 plannen van tranches 1–2, 24 van tranche 3)", _reference)
    step(3, "Synthetische deelnemers maken en registreren via de upload", lambda: _participants(out, console, result))
    step(4, "Voorschotten betalen volgens het schema", lambda: _advances(console))
    step(5, "Plannen vaststellen", _settlements)
    step(6, "Deelnemersbestand voor de evaluator (zonder BSN)", lambda: _export(out, result))
    step(7, "Synthetische polisadministratie maken", lambda: _employment(out, result))
    step(8, "Arbeidsmarktpositie evalueren (31 mei 2017, 2018 en 2019)", lambda: _evaluate(out, result))
    step(9, "Netto-effecten met een vergelijkingsgroep (register met geplante effecten)", lambda: _effects(out, result))
    step(10, "Synthetische eindrapportages (kwalitatieve evaluatie)", _final_reports)
    step(11, "Rapport maken (HTML, XLSX, PDF)", lambda: _report(out, result, report_pdf))
    step(12, "Een plan met werkgevers: registreren, dossiers, declaraties", lambda: demo_partnership.run(SEED))
    tables = {t.id: t for t in realisation_tables()}
    type_plans = sum(r[2] for r in tables["M.2"].rows if r[0] not in ("3", "Totaal"))
    print_summary(console, tables["M.3"], tables["M.4"], plans=type_plans)
    if "M.3b" in tables:
        print_summary(console, tables["M.3b"], tables["M.4b"], plans=None)
    return result


def _reference() -> str:
    summaries = [import_reference(f) for f in BUNDLED_FILES]
    return (f"{sum(len(s.created) for s in summaries)} nieuw, "
            f"{sum(len(s.unchanged) for s in summaries)} al aanwezig")


def _participants(out: Path, console: Console, result: DemoResult) -> str:
    """The synthetic upload files hold BSNs: they are written to a private temporary folder (0700)
    and removed as soon as they are imported, whatever happens (and so are those an older demo left)."""
    plans = list(Plan.objects.filter(is_reference=True).order_by("name"))
    shutil.rmtree(out / "uploads", ignore_errors=True)
    by_id = {p.pk: p for p in plans}
    stored = known = 0
    with tempfile.TemporaryDirectory(prefix=".uploads-", dir=out) as folder, _bar(console) as bar:
        uploads = Path(folder)
        manifest = generate(plans, uploads, seed=SEED, declared_of=declared_participants)
        task = bar.add_task("registreren", total=manifest["valid_rows"])
        done = 0
        for entry in manifest["files"]:
            base = done
            try:
                res = import_participants(
                    by_id[entry["plan_id"]], uploads / entry["file"],
                    progress=lambda n, _total, base=base: bar.update(task, completed=base + n),
                )
            finally:
                (uploads / entry["file"]).unlink(missing_ok=True)
            done += entry["rows"]
            stored += res.stored
            known += res.already_known
    result.registrations_stored = stored
    files = len(manifest["files"])
    return f"{manifest['valid_rows']} rijen in {files} bestanden: {stored} opgeslagen, {known} al bekend"


def _advances(console: Console) -> str:
    plans = list(Plan.objects.filter(is_reference=True, ledger_entries__isnull=True).order_by("name"))
    paid = 0
    with _bar(console) as bar:
        task = bar.add_task("voorschotten", total=len(plans))
        for plan in plans:
            for advance in advance_schedule_for(plan):
                record_advance(plan, advance.amount_eur, advance.due_on, reference=f"voorschot {advance.number}")
                paid += 1
            bar.advance(task)
    return f"{paid} voorschotten voor {len(plans)} plannen"


def _settlements() -> str:
    outcomes = settle_many(plans_to_settle(), SETTLED_ON)
    settled = [o for o in outcomes if o.settlement is not None]
    refused = [o for o in outcomes if o.problems]
    return f"{len(settled)} vastgesteld" + (f", {len(refused)} niet vast te stellen" if refused else "")


def _export(out: Path, result: DemoResult) -> str:
    export = write_evaluator_files(out / "evaluatie-invoer", list(Plan.objects.filter(is_reference=True)))
    result.paths["deelnemers"] = export.csv_path
    return f"{export.registrations} registraties"


def _employment(out: Path, result: DemoResult) -> str:
    target = out / "evaluatie-invoer"
    synth = generate_employment(result.paths["deelnemers"], target, seed=SEED)
    result.paths["banen"], result.paths["uitkeringen"] = synth.banen, synth.uitkeringen
    return f"{synth.jobs} banen, {synth.benefits} uitkeringen"


def _evaluate(out: Path, result: DemoResult) -> str:
    evaluation = run_evaluation(result.paths["deelnemers"], result.paths["banen"], result.paths["uitkeringen"],
                                MEASUREMENT_DATES, out / "evaluatie")
    result.paths["evaluatie"] = out / "evaluatie"
    return f"{evaluation.units} eenheden (deelnemer × plan × thema)"


def _effects(out: Path, result: DemoResult) -> str:
    """A synthetic register of the participants and a comparison group with known effects
    (geplante_effecten.csv), then the §8 estimate on it."""
    target = out / "netto-invoer"
    made = generate_comparison(result.paths["deelnemers"], target, COMPARISON_PERSONS, seed=SEED)
    effects = run_effects(result.paths["deelnemers"], target / "vergelijkingsgroep.csv", target / "banen.csv",
                          target / "uitkeringen.csv", out / "netto-effecten", staggered_max_persons=10_000)
    result.paths["netto_effecten"] = out / "netto-effecten"
    matched = next(r for r in effects.support if r["dimension"] == "total")["matched"]
    return f"{made['participants']} deelnemers, {made['comparison']} vergelijkingspersonen, {matched} gematcht"


def _final_reports() -> str:
    made = synthesise_reports(SEED)
    return f"{made} eindrapportages (synthetisch, gemarkeerd als demogegevens)"


def _report(out: Path, result: DemoResult, pdf: bool) -> str:
    paths = build_report(out / "rapport", evaluation_dir=result.paths.get("evaluatie"),
                         effects_dir=result.paths.get("netto_effecten"), pdf=pdf)
    result.paths.update({f"rapport_{k}": v for k, v in paths.items()})
    return ", ".join(p.name for p in paths.values())
