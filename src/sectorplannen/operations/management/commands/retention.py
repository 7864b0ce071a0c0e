"""``sectorplannen retention apply [--dry-run] [--date D]``: remove BSNs and birth dates of plans
settled longer ago than the retention period (SECTORPLANNEN_RETENTION_YEARS)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.operations.retention import apply_retention


class Command(BaseCommand):
    help = "Bewaartermijn toepassen: BSN's en geboortedata van lang geleden vastgestelde plannen verwijderen."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("apply", help="de bewaartermijn toepassen")
        run.add_argument("--dry-run", action="store_true", help="alleen tellen, niets verwijderen")
        run.add_argument("--date", default=None, help="rekendag (JJJJ-MM-DD; standaard vandaag)")

    def handle(self, *args, action, dry_run, date, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"Datum {date!r} is geen JJJJ-MM-DD.", returncode=2) from None
        run = apply_retention(today=today, dry_run=dry_run)
        verb = "zouden worden" if run.dry_run else "zijn"
        self.stdout.write(f"Vastgesteld vóór {run.cutoff.isoformat()}: {len(run.plans)} plannen. Van {run.persons} "
                          f"personen {verb} BSN en geboortedatum verwijderd; {run.kept_for_open_plans} personen "
                          "blijven bewaard omdat ze ook in een later of lopend plan staan. Pseudoniemen en cijfers "
                          "blijven.")
