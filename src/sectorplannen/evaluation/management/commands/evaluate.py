"""`sectorplannen evaluate`: labour-market outcomes of the participants (formats.md §6).

    sectorplannen evaluate --participants deelnemers.csv --jobs banen.csv --benefits uitkeringen.csv \\
        --date 2019-05-31 [--date 2018-05-31 ...] --out DIR

Exit codes: 0 all rows used; 1 some rows rejected (outputs written from the valid rows, the
rejections on stderr and in DIR/rejected_rows.csv); 2 unusable invocation or input (nothing
written).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.evaluation.engine import add_engine_arguments, engine_options
from sectorplannen.evaluation.management.reporting import report
from sectorplannen.evaluation.services import InputError, run_evaluation


class Command(BaseCommand):
    requires_system_checks = []  # reads files only: no database, no models
    help = ("Arbeidsmarktpositie van deelnemers: koppelt het deelnemersbestand aan banen en uitkeringen "
            "en schrijft de beveiligde tabellen, outcomes.xlsx en report.html.")

    def add_arguments(self, parser):
        parser.add_argument("--participants", required=True, help="deelnemers.csv of .parquet (formats.md §4)")
        parser.add_argument("--jobs", required=True, help="banen.csv of .parquet (formats.md §5)")
        parser.add_argument("--benefits", required=True, help="uitkeringen.csv of .parquet (formats.md §5)")
        parser.add_argument("--date", action="append", required=True, dest="dates",
                            help="meetmoment JJJJ-MM-DD; herhaal voor meer meetmomenten")
        parser.add_argument("--out", required=True, help="uitvoermap")
        add_engine_arguments(parser)

    def handle(self, *args, **options):
        try:
            result = run_evaluation(options["participants"], options["jobs"], options["benefits"],
                                    options["dates"], options["out"], **engine_options(options))
        except InputError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        report(self, result, "de uitkomsten")
