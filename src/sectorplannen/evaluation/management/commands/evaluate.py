"""`sectorplannen evaluate`: labour-market outcomes of the participants (formats.md §6).

    sectorplannen evaluate --participants deelnemers.csv --jobs banen.csv --benefits uitkeringen.csv \\
        --date 2019-05-31 [--date 2018-05-31 ...] --out DIR

Exit codes: 0 all rows used; 1 some rows rejected (outputs written from the valid rows, the
rejections on stderr and in DIR/rejected_rows.csv); 2 unusable invocation or input (nothing
written).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.evaluation.engine import ENGINES
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
        parser.add_argument("--threads", type=int, default=None, help="aantal DuckDB-threads (standaard: alle)")
        parser.add_argument("--engine", choices=ENGINES, default="duckdb",
                            help="waar het register wordt gelezen: duckdb (ingebouwd, standaard) of spark "
                                 "(PySpark; lokaal of het cluster van spark-submit, zie docs/evaluation.md)")

    def handle(self, *args, **options):
        try:
            result = run_evaluation(options["participants"], options["jobs"], options["benefits"],
                                    options["dates"], options["out"], threads=options["threads"],
                                    engine=options["engine"])
        except InputError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for line in result.summary_lines():
            self.stdout.write(line)
        if result.exit_code == 1:
            for file, row, column, code, message in result.rejection_examples:
                where = f"{file} regel {row}" + (f", kolom {column}" if column else "")
                self.stderr.write(f"{where}: {code} ({message})")
            if result.rejected > len(result.rejection_examples):
                self.stderr.write(f"... en nog {result.rejected - len(result.rejection_examples)}; "
                                  f"zie {result.out_dir / 'rejected_rows.csv'}")
            raise CommandError(f"{result.rejected} afwijzingen in de invoer; de uitkomsten zijn berekend uit "
                               f"de goedgekeurde regels", returncode=1)
