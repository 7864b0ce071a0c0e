"""``sectorplannen demo``: the whole pipeline on the embedded defaults, from an empty database."""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from sectorplannen.common.console import cli_console
from sectorplannen.monitoring.demo import run_demo


class Command(BaseCommand):
    help = (
        "Demo: database aanmaken, de 75 referentieplannen laden, hun deelnemers registreren via de upload, "
        "voorschotten en vaststellingen boeken, de evaluatie draaien en het rapport maken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None,
                            help="map voor de uitvoer (standaard de datamap, var/)")
        parser.add_argument("--no-pdf", action="store_true", help="het rapport zonder PDF maken (sneller)")
        parser.add_argument("--serve", action="store_true", help="daarna de lokale webserver starten")

    def handle(self, *args, out, no_pdf, serve, **options):
        console = cli_console(self.stdout._out)
        start = time.perf_counter()
        result = run_demo(Path(out or settings.DATA_DIR), console, report_pdf=not no_pdf)
        console.print(f"\nKlaar in {time.perf_counter() - start:.0f} s. Rapport: {result.paths['rapport_html']}")
        console.print(f"Evaluatie: {result.paths['evaluatie']}")
        if serve:
            call_command("demo-users")
            call_command("runserver", "127.0.0.1:8000", use_reloader=False)
