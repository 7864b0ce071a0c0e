"""``sectorplannen worker``: the background worker (django-tasks' database worker under the
project's name). It first puts back the jobs of a worker that died, then runs tasks until stopped."""

from __future__ import annotations

from argparse import ArgumentTypeError

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import valid_backend_name

from sectorplannen.jobs.services import recover


class Command(DbWorkerCommand):
    help = ("Achtergrondtaken uitvoeren (rapporten, herinneringen, uploads). Zet eerst de taken van een "
            "gestopte worker terug in de wachtrij.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = _database_backend

    def handle(self, *args, **options):
        found = recover()
        if found.requeued or found.failed:
            self.stdout.write(f"Teruggezet in de wachtrij: {len(found.requeued)}; mislukt na de laatste poging: "
                              f"{len(found.failed)}.")
        return super().handle(*args, **options)


def _database_backend(name: str) -> str:
    try:
        return valid_backend_name(name)
    except ArgumentTypeError as exc:
        raise ArgumentTypeError(f"{exc}: tasks run immediately here; set SECTORPLANNEN_TASK_BACKEND=database for "
                                "the worker and the processes that submit tasks (docs/operations.md)") from None
