"""`sectorplannen effects`: net effects with a comparison group (formats.md §8).

    sectorplannen effects --participants deelnemers.csv --comparison vergelijkingsgroep.csv \\
        --jobs banen.csv --benefits uitkeringen.csv --out DIR [--horizon 36]

Exit codes: 0 all rows used; 1 some rows rejected (outputs written from the valid rows, the
rejections on stderr and in DIR/rejected_rows.csv); 2 unusable invocation or input (nothing written).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.evaluation.effects_service import InputError, run_effects
from sectorplannen.evaluation.engine import add_engine_arguments, engine_options
from sectorplannen.evaluation.management.reporting import report


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
        add_engine_arguments(parser)

    def handle(self, *args, **options):
        try:
            result = run_effects(options["participants"], options["comparison"], options["jobs"],
                                 options["benefits"], options["out"], horizon=options["horizon"],
                                 staggered=not options["no_staggered"], **engine_options(options))
        except InputError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except MemoryError:
            raise CommandError("onvoldoende geheugen voor deze invoer", returncode=2) from None
        report(self, result, "de effecten")
