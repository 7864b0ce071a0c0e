"""``sectorplannen demo-users``: one demo account per role, passwords printed (development only)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from sectorplannen.accounts.roles import ROLE_LABELS, ROLES
from sectorplannen.accounts.services import create_user
from sectorplannen.organisations.models import Organisation

DEMO_ORGANISATION = ("Werkgeversvereniging Demo", "employers_organisation")


class Command(BaseCommand):
    help = "Maak één demogebruiker per rol (demo-<rol>) en toon de wachtwoorden. Niet voor productie."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook als DEBUG uit staat.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demogebruikers alleen in ontwikkeling (DEBUG); gebruik --force om toch door te gaan.")
        org, _ = Organisation.objects.get_or_create(name=DEMO_ORGANISATION[0],
                                                    defaults={"kind": DEMO_ORGANISATION[1]})
        # The demo employer acts for the first employer of the demo's partnership plan (demo step 12), if run.
        employers = list(Organisation.objects.filter(kind="employer", name__endswith="(demo)").order_by("name")[:1])
        for role in ROLES:
            username = f"demo-{role.replace('_', '-')}"
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"{username:28} bestaat al")
                continue
            password = secrets.token_urlsafe(12)
            create_user(username, role=role, password=password,
                        organisations=[org] if role == "applicant" else employers if role == "employer" else [],
                        first_name=str(ROLE_LABELS[role]),
                        last_name="(demo)")
            self.stdout.write(f"{username:28} {password}")
        self.stdout.write(f"De aanvrager handelt namens: {org.name}")
