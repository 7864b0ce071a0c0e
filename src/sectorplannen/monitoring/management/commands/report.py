"""``sectorplannen report --out DIR [--background]``: the realisation report as HTML, XLSX and PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.common.console import cli_console
from sectorplannen.jobs.services import file_path, wait
from sectorplannen.monitoring.services import build_report


class Command(BaseCommand):
    help = "Realisatierapport maken: HTML (met grafieken), toegankelijke XLSX en PDF."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None, help="uitvoermap (verplicht zonder --background)")
        parser.add_argument("--evaluation", type=Path, default=None,
                            help="map met de uitvoer van 'sectorplannen evaluate' om mee te nemen")
        parser.add_argument("--effects", type=Path, default=None,
                            help="map met de uitvoer van 'sectorplannen effects' (netto-effecten) om mee te nemen")
        parser.add_argument("--no-pdf", action="store_true", help="geen PDF maken")
        parser.add_argument("--background", action="store_true",
                            help="als achtergrondtaak (een bewaard rapport van dezelfde gegevens wordt hergebruikt)")
        parser.add_argument("--no-wait", action="store_true",
                            help="met --background: niet wachten, alleen het taaknummer tonen")

    def handle(self, *args, out, evaluation, no_pdf, background, no_wait, effects=None, **options):
        console = cli_console(self.stdout._out)
        if evaluation is not None and not evaluation.is_dir():
            raise CommandError(f"Map {evaluation} bestaat niet.", returncode=2)
        if effects is not None and not effects.is_dir():
            raise CommandError(f"Map {effects} bestaat niet.", returncode=2)
        if background:
            if effects is not None:
                raise CommandError("--effects gaat (nog) niet samen met --background.", returncode=2)
            return self._background(console, out, evaluation, not no_pdf, no_wait)
        if out is None:
            raise CommandError("Geef --out (of --background).", returncode=2)
        with console.status("Rapport maken…"):
            paths = build_report(out, evaluation_dir=evaluation, effects_dir=effects, pdf=not no_pdf)
        for kind, path in paths.items():
            console.print(f"{kind.upper():5} {path}")

    def _background(self, console, out, evaluation, pdf, no_wait):
        from sectorplannen.monitoring.background import submit_realisation_report

        job = submit_realisation_report(evaluation_dir=evaluation, pdf=pdf)
        console.print(f"Taak #{job.pk}: {job.get_status_display()}")
        if no_wait:
            return
        with console.status("Rapport maken…") as status:
            job = wait(job, on_progress=lambda j: status.update(f"{j.message or 'Wachten op de worker'} "
                                                                 f"({j.done}/{j.total or '?'})"))
        if job.status != "succeeded":
            raise CommandError(f"Taak #{job.pk} {job.get_status_display()}: {job.error or job.message}", returncode=1)
        for f in job.files.all():
            target = file_path(f)
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                target = Path(shutil.copyfile(target, out / f.name))
            console.print(f"{f.name:16} {target}")
