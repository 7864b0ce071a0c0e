"""``sectorplannen report --out DIR``: the realisation report as HTML, XLSX and PDF."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.common.console import cli_console
from sectorplannen.monitoring.services import build_report


class Command(BaseCommand):
    help = "Realisatierapport maken: HTML (met grafieken), toegankelijke XLSX en PDF."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="uitvoermap")
        parser.add_argument("--evaluation", type=Path, default=None,
                            help="map met de uitvoer van 'sectorplannen evaluate' om mee te nemen")
        parser.add_argument("--effects", type=Path, default=None,
                            help="map met de uitvoer van 'sectorplannen effects' (netto-effecten) om mee te nemen")
        parser.add_argument("--no-pdf", action="store_true", help="geen PDF maken")

    def handle(self, *args, out, evaluation, no_pdf, effects=None, **options):
        console = cli_console(self.stdout._out)
        if evaluation is not None and not evaluation.is_dir():
            raise CommandError(f"Map {evaluation} bestaat niet.", returncode=2)
        if effects is not None and not effects.is_dir():
            raise CommandError(f"Map {effects} bestaat niet.", returncode=2)
        with console.status("Rapport maken…"):
            paths = build_report(out, evaluation_dir=evaluation, effects_dir=effects, pdf=not no_pdf)
        for kind, path in paths.items():
            console.print(f"{kind.upper():5} {path}")
