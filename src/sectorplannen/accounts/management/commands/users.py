"""``sectorplannen users create USERNAME --role ROLE [--organisation NAME ...]``: accounts with a role."""

from __future__ import annotations

import secrets

from django.core.management.base import BaseCommand, CommandError

from sectorplannen.accounts.roles import ROLES
from sectorplannen.accounts.services import AccountError, create_user
from sectorplannen.common.kinds import PARTNER_KINDS
from sectorplannen.organisations.models import Organisation


class Command(BaseCommand):
    help = "Gebruikers beheren: 'create' maakt een gebruiker met een rol (en organisaties voor aanvragers)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Maak een gebruiker aan.")
        create.add_argument("username")
        create.add_argument("--role", required=True, choices=ROLES)
        create.add_argument("--organisation", action="append", default=[],
                            help="Naam van de organisatie (herhaalbaar); wordt aangemaakt als die niet bestaat.")
        create.add_argument("--organisation-kind", default="employers_organisation",
                            choices=[k for k, _ in PARTNER_KINDS], help="Soort van een nieuwe organisatie.")
        create.add_argument("--password", help="Wachtwoord; zonder deze optie wordt er een gemaakt en getoond.")
        create.add_argument("--email", default="")

    def handle(self, *args, action, **options):
        if action != "create":
            raise CommandError(f"onbekende actie {action}")
        password = options["password"] or secrets.token_urlsafe(12)
        organisations = [
            Organisation.objects.get_or_create(name=name, defaults={"kind": options["organisation_kind"]})[0]
            for name in options["organisation"]
        ]
        try:
            user = create_user(options["username"], role=options["role"], password=password,
                               organisations=organisations, email=options["email"])
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Gebruiker {user.username} ({options['role']}) aangemaakt.")
        if not options["password"]:
            self.stdout.write(f"Wachtwoord: {password}")
