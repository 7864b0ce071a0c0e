"""`sectorplannen effects`: net effects with a comparison group (formats.md §8).

    sectorplannen effects --participants deelnemers.csv --comparison vergelijkingsgroep.csv \\
        --jobs banen.csv --benefits uitkeringen.csv --out DIR [--horizon 36]

Exit codes: 0 all rows used; 1 some rows rejected (outputs written from the valid rows, the
rejections on stderr and in DIR/rejected_rows.csv); 2 unusable invocation or input (nothing written).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.evaluation.effects_service import InputError, run_effects
from sectorplannen.evaluation.engine import ENGINES


class Command(BaseCommand):
    requires_system_checks = []  # reads files only: no database, no models
    help = ("Netto-effecten: vergelijkt deelnemers met een vergelijkingsgroep (gematchte verschil-in-verschillen) "
            "en schrijft effects.csv, balance.csv, support.csv, mde.csv, effects.xlsx en effects.html.")

    def add_arguments(self, parser):
        parser.add_argument("--participants", required=True, help="deelnemers.csv of .parquet (formats.md §4)")
        parser.add_argument("--comparison", required=True, help="vergelijkingsgroep.csv: pseudonym, birth_year")
        parser.add_argument("--jobs", required=True, help="banen.csv of .parquet (formats.md §5)")
        parser.add_argument("--benefits", required=True, help="uitkeringen.csv of .parquet (formats.md §5)")
        parser.add_argument("--out", required=True, help="uitvoermap")
        parser.add_argument("--horizon", type=int, default=36, help="maanden na de start (standaard 36)")
        parser.add_argument("--no-staggered", action="store_true",
                            help="zonder de tweede methode (gespreide verschil-in-verschillen)")
        parser.add_argument("--threads", type=int, default=None, help="aantal DuckDB-threads (standaard: alle)")
        parser.add_argument("--engine", choices=ENGINES, default="duckdb",
                            help="waar het register wordt gelezen: duckdb (ingebouwd, standaard) of spark "
                                 "(PySpark; lokaal of het cluster van spark-submit, zie docs/evaluation.md)")

    def handle(self, *args, **options):
        try:
            result = run_effects(options["participants"], options["comparison"], options["jobs"],
                                 options["benefits"], options["out"], horizon=options["horizon"],
                                 staggered=not options["no_staggered"], threads=options["threads"],
                                 engine=options["engine"])
        except InputError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except MemoryError:
            raise CommandError("onvoldoende geheugen voor deze invoer", returncode=2) from None
        for line in result.summary_lines():
            self.stdout.write(line)
        if result.exit_code == 1:
            for file, row, column, code, message in result.rejection_examples:
                where = f"{file} regel {row}" + (f", kolom {column}" if column else "")
                self.stderr.write(f"{where}: {code} ({message})")
            if result.rejected > len(result.rejection_examples):
                self.stderr.write(f"... en nog {result.rejected - len(result.rejection_examples)}; "
                                  f"zie {result.out_dir / 'rejected_rows.csv'}")
            raise CommandError(f"{result.rejected} afwijzingen in de invoer; de effecten zijn berekend uit "
                               f"de goedgekeurde regels", returncode=1)
