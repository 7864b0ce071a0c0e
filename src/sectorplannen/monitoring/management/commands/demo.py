"""``sectorplannen demo``: the whole pipeline on the embedded defaults, from an empty database."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sectorplannen.common.console import cli_console
from sectorplannen.monitoring.services import realisation_tables
from sectorplannen.monitoring.summary import print_summary
from sectorplannen.plans.reference import import_reference


class Command(BaseCommand):
    help = "Demo: database aanmaken, referentieplannen laden en de samenvatting tonen."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None, help="map voor de uitvoer (standaard var/demo)")
        parser.add_argument("--serve", action="store_true", help="daarna de lokale webserver starten")

    def handle(self, *args, out, serve, **options):
        console = cli_console(self.stdout._out)
        out = out or settings.DATA_DIR / "demo"
        out.mkdir(parents=True, exist_ok=True)
        console.print("[bold]1.[/] Database bijwerken")
        call_command("migrate", verbosity=0, interactive=False)
        console.print("[bold]2.[/] Referentieplannen laden (tranches 1–2, gepubliceerde cijfers)")
        summary = import_reference()
        console.print(f"   {len(summary.created)} nieuw, {len(summary.unchanged)} al aanwezig")
        tables = {t.id: t for t in realisation_tables()}
        print_summary(console, tables["3.1"], tables["3.2"], plans=tables["S.1"].rows[0][1])
        console.print(f"Uitvoer: {out}")
        if serve:
            call_command("runserver", "127.0.0.1:8000")
