"""``sectorplannen jobs list|show|cancel|recover|download``: follow and manage background jobs."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.common.console import cli_console
from sectorplannen.jobs.services import Job, file_path, recover, request_cancel


class Command(BaseCommand):
    help = "Achtergrondtaken bekijken, annuleren, herstellen en hun bestanden ophalen."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list", help="de laatste taken")
        ls.add_argument("--limit", type=int, default=20)
        for name, text in (("show", "één taak"), ("cancel", "een taak laten stoppen")):
            sub.add_parser(name, help=text).add_argument("job_id", type=int)
        sub.add_parser("recover", help="taken van een gestopte worker terugzetten of als mislukt markeren")
        dl = sub.add_parser("download", help="de bestanden van een geslaagde taak kopiëren")
        dl.add_argument("job_id", type=int)
        dl.add_argument("--out", type=Path, required=True)

    def _job(self, job_id: int) -> Job:
        try:
            return Job.objects.get(pk=job_id)
        except Job.DoesNotExist:
            raise CommandError(f"Taak {job_id} bestaat niet.", returncode=2) from None

    def handle(self, *args, action, **options):
        console = cli_console(self.stdout._out)
        if action == "list":
            for job in Job.objects.all()[: options["limit"]]:
                console.print(_line(job))
        elif action == "show":
            job = self._job(options["job_id"])
            console.print(_line(job))
            for f in job.files.all():
                console.print(f"  {f.name}  {f.size} bytes  sha256 {f.sha256}")
        elif action == "cancel":
            job = request_cancel(self._job(options["job_id"]))
            console.print(_line(job))
        elif action == "recover":
            found = recover()
            console.print(f"Teruggezet: {len(found.requeued)}; mislukt: {len(found.failed)}")
        elif action == "download":
            job = self._job(options["job_id"])
            if job.status != "succeeded":
                raise CommandError(f"Taak {job.pk} is niet klaar ({job.get_status_display()}).", returncode=1)
            out: Path = options["out"]
            out.mkdir(parents=True, exist_ok=True)
            for f in job.files.all():
                shutil.copyfile(file_path(f), out / f.name)
                console.print(f"{f.name} → {out / f.name}")


def _line(job: Job) -> str:
    share = f" {job.fraction:.0%}" if job.fraction is not None else ""
    return (f"#{job.pk} {job.kind} {job.get_status_display()}{share} {job.done}/{job.total or '?'} "
            f"{job.message} {job.error}".rstrip())
