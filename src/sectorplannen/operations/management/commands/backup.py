"""``sectorplannen backup --out PATH``: database, media files and a manifest in one archive (no keys)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.operations.backup import backup
from sectorplannen.operations.databases import BackupError


class Command(BaseCommand):
    help = "Back-up maken: database, bestanden en een manifest met versies en controlegetallen (zonder sleutels)."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="het archief dat wordt gemaakt (.tar)")

    def handle(self, *args, out, **options):
        try:
            result = backup(out)
        except BackupError as exc:
            raise CommandError(f"Back-up niet gemaakt: {exc}.", returncode=2) from None
        m = result.manifest
        self.stdout.write(f"Back-up geschreven: {result.path} ({m['database']['engine']}, {len(m['files'])} "
                          f"bestanden). Rijen: " + ", ".join(f"{k} {v}" for k, v in m["row_counts"].items()))
        self.stdout.write("De sleutels zitten er niet in: bewaar het sleutelbestand apart (docs/operations.md).")
