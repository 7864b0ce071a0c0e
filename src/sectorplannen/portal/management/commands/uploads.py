"""``sectorplannen uploads cleanup``: remove files of the portal's upload folder that no upload report
refers to (left by a crash, or by an older version that kept uploads)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sectorplannen.portal.uploads import remove_orphans


class Command(BaseCommand):
    help = "Verweesde bestanden in de uploadmap van het portaal verwijderen."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("cleanup", help="Verwijder bestanden waar geen uploadverslag naar verwijst.")

    def handle(self, *args, action, **options):
        removed = remove_orphans()
        self.stdout.write(f"{removed} verweesd(e) bestand(en) verwijderd uit de uploadmap.")
