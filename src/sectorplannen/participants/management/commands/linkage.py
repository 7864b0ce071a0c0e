"""``sectorplannen linkage export`` (formats.md §4): the evaluator's files, and with ``--user`` of
the linkage role also the linkage file for UWV."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from sectorplannen.common.commands import DataCommand
from sectorplannen.participants.export import write_evaluator_files
from sectorplannen.participants.linkage import LinkageNotAllowed, write_linkage_file
from sectorplannen.plans.models import Plan
from sectorplannen.plans.services import find_plan


class Command(DataCommand):
    help = "Koppelbestanden maken: deelnemers.csv/.parquet (evaluator) en koppeling.csv (UWV, koppelfunctionaris)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        exp = sub.add_parser("export", help="Schrijf deelnemers.csv en .parquet, en koppeling.csv met --user.")
        exp.add_argument("--out", required=True, type=Path, help="Map voor de bestanden.")
        exp.add_argument("--plans", nargs="+", metavar="PLAN", help="Ids of exacte namen (standaard: alle plannen).")
        exp.add_argument("--user", help="Gebruikersnaam van de koppelfunctionaris; nodig voor koppeling.csv.")

    def handle(self, *args, action, out: Path, plans, user, **options):
        try:
            selected = [find_plan(ref) for ref in plans] if plans else list(Plan.objects.order_by("name"))
        except Plan.DoesNotExist as exc:
            raise CommandError(str(exc), returncode=2) from None
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Onbekende gebruiker '{user}'; er is niets geschreven.", returncode=2)
        result = write_evaluator_files(out, selected, actor=account)
        self.stdout.write(f"{result.csv_path} en {result.parquet_path.name}: {result.registrations} inschrijvingen "
                          f"uit {result.plans} plan(nen), zonder BSN en geboortedatum.")
        if account is None:
            self.stdout.write("koppeling.csv niet gemaakt: alleen de koppelfunctionaris maakt dat bestand "
                              "(gebruik --user GEBRUIKERSNAAM).")
            return
        try:
            linkage = write_linkage_file(out, selected, user=account)
        except LinkageNotAllowed as exc:
            raise CommandError(f"koppeling.csv niet gemaakt: {exc}. Alleen de evaluatorbestanden zijn geschreven.",
                               returncode=1) from None
        self.stdout.write(f"{linkage.path}: {linkage.persons} personen (BSN en pseudoniem); vastgelegd in de auditlog.")
