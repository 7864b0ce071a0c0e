"""``sectorplannen reminders send [--date D]``: the daily reminders of deadlines (run it once a day,
e.g. by a systemd timer; running it more often sends nothing twice)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.notifications.services import send_reminders


class Command(BaseCommand):
    help = "Herinneringen van termijnen versturen (elke herinnering één keer)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="de herinneringen van vandaag versturen")
        send.add_argument("--date", default=None, help="de dag waarvoor (JJJJ-MM-DD; standaard vandaag)")

    def handle(self, *args, action, date, **options):
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"Datum {date!r} is geen JJJJ-MM-DD.", returncode=2) from None
        run = send_reminders(day)
        self.stdout.write(f"{run.date.isoformat()}: {run.deadlines} open termijnen, {run.due_now} binnen de "
                          f"herinneringstermijn, {run.sent} berichten verstuurd, {run.mails_retried} e-mails "
                          f"opnieuw verstuurd.")
