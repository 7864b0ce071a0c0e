"""``sectorplannen reference import FILE``: load published plan figures (formats.md §2)."""

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from sectorplannen.common.console import cli_console
from sectorplannen.workflow.reference import BUNDLED_FILE, ReferenceFileError, import_reference


class Command(BaseCommand):
    help = "Gepubliceerde plancijfers importeren als afgeronde plannen (formats.md §2)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Een CSV met plancijfers importeren (idempotent).")
        imp.add_argument("file", nargs="?", default=str(BUNDLED_FILE),
                         help="CSV met de kolommen van plan_figures_t12.csv (standaard: meegeleverd bestand)")

    def handle(self, *args, action, file, **options):
        console = cli_console(self.stdout._out)
        try:
            with Progress(console=console, transient=True) as bar:
                task = bar.add_task("Plannen importeren", total=None)
                summary = import_reference(file, progress=lambda done, total: bar.update(task, completed=done,
                                                                                       total=total))
        except ReferenceFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        console.print(
            f"Referentieplannen: {len(summary.created)} nieuw ({summary.measures_created} maatregelen), "
            f"{len(summary.unchanged)} ongewijzigd, {len(summary.conflicts)} conflicten, "
            f"{len(summary.problems)} afgekeurd."
        )
        for problem in [*summary.conflicts, *summary.problems]:
            self.stderr.write(problem.message)
        if summary.rejected:
            raise CommandError("Niet alles is geïmporteerd; zie de meldingen hierboven.", returncode=1)
