"""``sectorplannen restore PATH``: load a backup into an empty database (and empty media directory)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.operations.backup import restore
from sectorplannen.operations.databases import BackupError


class Command(BaseCommand):
    help = "Back-up terugzetten in een lege database; controleert alle controlegetallen en aantallen rijen."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="het archief van 'sectorplannen backup'")

    def handle(self, *args, archive, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} bestaat niet.", returncode=2)
        try:
            result = restore(archive)
        except BackupError as exc:
            raise CommandError(f"Niet teruggezet: {exc}.", returncode=1) from None
        self.stdout.write(f"Teruggezet: back-up van {result.manifest['created_at']}, {result.media_files} bestanden. "
                          "Rijen: " + ", ".join(f"{k} {v}" for k, v in result.row_counts.items()))
        if result.missing_keys:
            self.stderr.write("Let op: de BSN's zijn versleuteld met sleutel(s) "
                              f"{', '.join(result.missing_keys)} die hier niet zijn ingesteld; zet het bijbehorende "
                              "sleutelbestand terug (docs/operations.md).")
        if not result.pseudonym_key_fits:
            self.stderr.write("Let op: de pseudonimiseringssleutel hier is een andere dan die van de back-up; "
                              "nieuwe uploads zouden andere pseudoniemen krijgen. Zet de juiste sleutel terug.")
