"""``sectorplannen retention apply [--dry-run] [--date D]``: remove BSNs and birth dates of plans
settled longer ago than the retention period (SECTORPLANNEN_RETENTION_YEARS).

``sectorplannen retention jobs [--dry-run] [--days N]``: remove finished background jobs and their
files after SECTORPLANNEN_JOB_RETENTION_DAYS (the daily timer runs it; docs/operations.md)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.audit.services import record
from sectorplannen.jobs.services import remove_finished
from sectorplannen.operations.retention import apply_retention


class Command(BaseCommand):
    help = "Bewaartermijn toepassen: BSN's en geboortedata van lang geleden vastgestelde plannen verwijderen."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("apply", help="de bewaartermijn toepassen")
        run.add_argument("--dry-run", action="store_true", help="alleen tellen, niets verwijderen")
        run.add_argument("--date", default=None, help="rekendag (JJJJ-MM-DD; standaard vandaag)")
        jobs = sub.add_parser("jobs", help="afgeronde achtergrondtaken en hun bestanden verwijderen")
        jobs.add_argument("--dry-run", action="store_true", help="alleen tellen, niets verwijderen")
        jobs.add_argument("--days", type=int, default=None,
                          help="bewaartermijn in dagen (standaard SECTORPLANNEN_JOB_RETENTION_DAYS)")

    def handle(self, *args, action, dry_run, date=None, days=None, **options):
        if action == "jobs":
            return self._jobs(dry_run, days)
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

    def _jobs(self, dry_run: bool, days: int | None) -> None:
        if days is not None and days < 0:
            raise CommandError("--days moet 0 of meer zijn.", returncode=2)
        removed = remove_finished(days=days, dry_run=dry_run)
        if not dry_run and removed.jobs:
            record("finished_jobs_removed", count=removed.jobs, files=removed.files, bytes=removed.bytes,
                   kinds=dict(removed.by_kind), cutoff=removed.cutoff.isoformat())
        verb = "zouden worden" if dry_run else "zijn"
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(removed.by_kind.items())) or "geen"
        self.stdout.write(f"Afgerond vóór {removed.cutoff:%Y-%m-%d %H:%M}: {removed.jobs} taken ({kinds}) met "
                          f"{removed.files} bestanden ({removed.bytes} bytes) {verb} verwijderd.")
