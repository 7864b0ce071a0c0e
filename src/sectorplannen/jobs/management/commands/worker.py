"""``sectorplannen worker``: the background worker (django-tasks' database worker under the
project's name). It first puts back the jobs of a worker that died, then runs tasks until stopped."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sectorplannen.jobs.services import recover


class Command(DbWorkerCommand):
    help = ("Achtergrondtaken uitvoeren (rapporten, herinneringen, uploads). Zet eerst de taken van een "
            "gestopte worker terug in de wachtrij.")

    def handle(self, *args, **options):
        found = recover()
        if found.requeued or found.failed:
            self.stdout.write(f"Teruggezet in de wachtrij: {len(found.requeued)}; mislukt na de laatste poging: "
                              f"{len(found.failed)}.")
        return super().handle(*args, **options)
