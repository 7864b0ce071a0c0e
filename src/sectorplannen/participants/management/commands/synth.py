"""``sectorplannen synth participants|employment``: synthetic data for demos, tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from sectorplannen.common.commands import DataCommand
from sectorplannen.finance.reconciliation import declared_participants
from sectorplannen.plans.models import Plan
from sectorplannen.plans.services import find_plan


class Command(DataCommand):
    help = "Synthetische deelnemersbestanden (upload) en werkgelegenheidsgegevens maken."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        part = sub.add_parser("participants", help="Uploadbestanden met deelnemers per plan.")
        which = part.add_mutually_exclusive_group(required=True)
        which.add_argument("--plan", help="Id of exacte naam van het plan.")
        which.add_argument("--all-reference", action="store_true",
                           help="Eén bestand per referentieplan met precies de gerealiseerde deelnemers.")
        part.add_argument("--out", required=True, type=Path)
        part.add_argument("--errors-per-kind", type=int, default=0,
                          help="Zoveel foute rijen per foutsoort invoegen (staat in manifest.json).")
        part.add_argument("--seed", type=int, default=1)
        part.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        emp = sub.add_parser("employment", help="Banen en uitkeringen (formats.md §5) bij deelnemers.csv.")
        emp.add_argument("--participants", required=True, type=Path, help="deelnemers.csv van linkage export.")
        emp.add_argument("--out", required=True, type=Path)
        emp.add_argument("--seed", type=int, default=1)

    def handle(self, *args, what, **options):
        if what == "employment":
            from sectorplannen.evaluation.synth import generate_employment

            if not options["participants"].is_file():
                raise CommandError(f"Bestand {options['participants']} bestaat niet.", returncode=2)
            generate_employment(options["participants"], options["out"], options["seed"])
            self.stdout.write(f"Werkgelegenheidsgegevens geschreven naar {options['out']}.")
            return
        from sectorplannen.participants import synth

        if options["errors_per_kind"] < 0:
            raise CommandError("--errors-per-kind kan niet negatief zijn.", returncode=2)
        if options["all_reference"]:
            plans = list(Plan.objects.filter(is_reference=True).select_related("scheme").order_by("name"))
            if not plans:
                raise CommandError("Geen referentieplannen; draai eerst 'sectorplannen reference import'.",
                                   returncode=2)
        else:
            try:
                plans = [find_plan(options["plan"])]
            except Plan.DoesNotExist as exc:
                raise CommandError(str(exc), returncode=2) from None
        manifest = synth.generate(plans, options["out"], seed=options["seed"], declared_of=declared_participants,
                                  errors_per_kind=options["errors_per_kind"], fmt=options["format"])
        errors = sum(manifest["errors"].values())
        self.stdout.write(f"{len(manifest['files'])} bestand(en) in {options['out']}: {manifest['valid_rows']} "
                          f"geldige rijen, {errors} foute rijen; zie manifest.json.")
