"""``sectorplannen participants import|reconcile`` (formats.md §3)."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from django.core.management.base import CommandError

from sectorplannen.common.commands import DataCommand
from sectorplannen.finance.reconciliation import reconcile
from sectorplannen.participants import services
from sectorplannen.participants.validation import RowError
from sectorplannen.plans.models import Plan
from sectorplannen.plans.services import find_plan


class Command(DataCommand):
    help = "Deelnemers registreren (upload) en registraties afstemmen met de einddeclaratie."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Een deelnemersbestand (CSV of XLSX) inlezen.")
        imp.add_argument("--plan", required=True, help="Id of exacte naam van het plan.")
        imp.add_argument("--file", required=True, type=Path, help="CSV (komma of puntkomma) of XLSX.")
        imp.add_argument("--errors", type=Path, help="Schrijf de foutrapportage (CSV row,column,code,message).")
        imp.add_argument("--all-or-nothing", action="store_true",
                         help="Sla niets op als er één rij wordt afgewezen.")
        rec = sub.add_parser("reconcile", help="Geregistreerde tegenover gedeclareerde deelnemers per maatregel.")
        rec.add_argument("--plan", required=True, help="Id of exacte naam van het plan.")

    def handle(self, *args, action, **options):
        try:
            plan = find_plan(options["plan"])
        except Plan.DoesNotExist as exc:
            raise CommandError(str(exc), returncode=2) from None
        if action == "import":
            self._import(plan, options)
        else:
            self._reconcile(plan)

    def _import(self, plan, options) -> None:
        path: Path = options["file"]
        errors_path: Path | None = options["errors"]
        with _progress(self.stderr) as progress:
            try:
                result = services.import_participants(
                    plan, path, errors_path=errors_path, all_or_nothing=options["all_or_nothing"],
                    progress=progress,
                )
            except services.UnusableInput as exc:
                for e in exc.errors:
                    self.stderr.write(_line(e))
                raise CommandError(f"{exc} Er is niets opgeslagen.", returncode=2) from None
        if result.ignored_columns:
            self.stdout.write("Genegeerde kolommen: " + ", ".join(result.ignored_columns))
        self.stdout.write(
            f"Plan {result.plan}, bestand {result.file_name}: {result.rows_read} rijen gelezen, "
            f"{result.stored} opgeslagen, {result.already_known} al bekend, "
            f"{result.rejected} afgewezen."
        )
        if result.birth_date_conflicts and not result.rolled_back:
            self.stdout.write(
                f"Let op: bij {result.birth_date_conflicts} opgeslagen rij(en) wijkt de geboortedatum af van die "
                f"dit plan eerder voor dezelfde persoon opgaf (rij {result.birth_date_conflict_lines()}). De "
                "inschrijvingen zijn opgeslagen; de persoon houdt de eerste geboortedatum. Controleer de gegevens.")
        if not result.rejected:
            return
        for code, n in sorted(result.error_counts.items()):
            self.stdout.write(f"  {code}: {n}")
        for e in result.first_errors:
            self.stdout.write("  " + _line(e))
        shown = len(result.first_errors)
        total = sum(result.error_counts.values())
        if errors_path:
            self.stdout.write(f"Alle {total} fouten staan in {errors_path}.")
        elif total > shown:
            self.stdout.write(f"  … en {total - shown} meer; gebruik --errors BESTAND voor de volledige lijst.")
        if result.rolled_back:
            raise CommandError(
                f"--all-or-nothing: {result.rejected} rijen afgewezen, daarom is niets opgeslagen.", returncode=1)
        raise CommandError(f"{result.rejected} rijen afgewezen; de geldige rijen zijn opgeslagen.", returncode=1)

    def _reconcile(self, plan) -> None:
        rec = reconcile(plan)
        labels = {"ok": "ok", "fewer_registered": "minder geregistreerd", "more_registered": "meer geregistreerd",
                  "not_declared": "niet gedeclareerd"}
        declared = rec.declared if any(m.declared is not None for m in rec.measures) else "— (geen einddeclaratie)"
        self.stdout.write(f"Plan {rec.plan}: geregistreerd {rec.registered}, gedeclareerd {declared}")
        self.stdout.write(f"{'maatregel':<24} {'categorie':<22} {'geregistreerd':>13} {'gedeclareerd':>12} "
                          f"{'verschil':>9}  status")
        for m in rec.measures:
            declared = "" if m.declared is None else str(m.declared)
            diff = "" if m.difference is None else f"{m.difference:+d}"
            flag = "!" if m.flagged else " "
            self.stdout.write(f"{m.code:<24} {m.category:<22} {m.registered:>13} {declared:>12} {diff:>9} "
                              f"{flag}{labels[m.status]}")
        if rec.flagged:
            self.stdout.write(f"{len(rec.flagged)} maatregel(en) met een verschil.")


def _line(e: RowError) -> str:
    where = f"rij {e.row}" + (f", kolom {e.column}" if e.column else "")
    return f"{where}: {e.code}: {e.message}"


def _progress(stream):
    """A rich progress bar on a terminal (stderr); nothing when output is redirected."""
    if not stream.isatty():
        return nullcontext(None)
    return _RichProgress()


class _RichProgress:
    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("Inlezen"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._progress.__enter__()
        self._task = self._progress.add_task("import", total=None)
        return self

    def __call__(self, done: int, total: int | None) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc):
        return self._progress.__exit__(*exc)
