"""``sectorplannen keys generate|rotate``: make keys, and re-encrypt every BSN under the newest key.
See docs/privacy.md for the whole procedure."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from sectorplannen.common.commands import DataCommand
from sectorplannen.participants import vault


class Command(DataCommand):
    help = "Sleutels voor het BSN-kluisje maken en de versleutelsleutel roteren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="Nieuwe sleutels maken (omgevingsvariabelen of sleutelbestand).")
        gen.add_argument("--key-file", type=Path, help="Schrijf een JSON-sleutelbestand (alleen voor de eigenaar "
                                                       "leesbaar) in plaats van omgevingsvariabelen te tonen.")
        gen.add_argument("--encryption-key-only", action="store_true",
                         help="Alleen een nieuwe versleutelsleutel (om te roteren met omgevingsvariabelen).")
        rot = sub.add_parser("rotate", help="Alle BSN's opnieuw versleutelen met de nieuwste sleutel; "
                                            "pseudoniemen blijven gelijk.")
        rot.add_argument("--new-key", action="store_true",
                         help="Eerst een nieuwe sleutel vooraan in het sleutelbestand zetten.")
        rot.add_argument("--drop-old-keys", action="store_true",
                         help="Daarna de oude sleutels uit het sleutelbestand verwijderen.")
        rot.add_argument("--user", help="Gebruikersnaam voor de auditlog.")

    def handle(self, *args, action, **options):
        if action == "generate":
            self._generate(options)
        else:
            self._rotate(options)

    def _generate(self, options) -> None:
        if options["encryption_key_only"]:
            self.stdout.write(base64.urlsafe_b64encode(os.urandom(32)).decode("ascii"))
            return
        keys = vault.generate_keys()
        if options["key_file"]:
            try:
                vault.write_key_file(options["key_file"], keys)
            except FileExistsError:
                raise CommandError(f"{options['key_file']} bestaat al; kies een ander pad.", returncode=2) from None
            self.stdout.write(f"Sleutelbestand geschreven: {options['key_file']}. "
                              f"Zet SECTORPLANNEN_KEY_FILE={options['key_file']}.")
            return
        encoded = vault.encode_keys(keys)
        self.stdout.write(f"SECTORPLANNEN_BSN_ENCRYPTION_KEYS={encoded['bsn_encryption_keys'][0]}")
        self.stdout.write(f"SECTORPLANNEN_PSEUDONYM_KEY={encoded['pseudonym_key']}")

    def _rotate(self, options) -> None:
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Onbekende gebruiker '{options['user']}'.", returncode=2)
        keys = vault.get_vault().keys
        if (options["new_key"] or options["drop_old_keys"]) and keys.key_file is None:
            raise CommandError(
                "De sleutels komen uit de omgeving, niet uit een sleutelbestand: zet een nieuwe sleutel "
                "('keys generate --encryption-key-only') vooraan in SECTORPLANNEN_BSN_ENCRYPTION_KEYS en draai "
                "'keys rotate' opnieuw; haal daarna de oude sleutel weg.", returncode=2)
        try:
            if options["new_key"]:
                keys = vault.add_encryption_key_to_file(keys)
                self.stdout.write(f"Nieuwe sleutel vooraan gezet in {keys.key_file}.")
            result = vault.rotate(actor=actor)
        except (ImproperlyConfigured, vault.VaultError) as exc:
            raise CommandError(f"Rotatie afgebroken: {exc}.", returncode=2) from None
        self.stdout.write(f"{result.reencrypted} van {result.persons} BSN's opnieuw versleuteld met sleutel "
                          f"{result.key_id}; pseudoniemen zijn ongewijzigd.")
        if options["drop_old_keys"]:
            vault.drop_old_keys_from_file(keys)
            self.stdout.write(f"Oude sleutels verwijderd uit {keys.key_file}.")
        elif len(keys.encryption_keys) > 1:
            self.stdout.write("De oude sleutel(s) zijn niet meer nodig en kunnen nu worden verwijderd.")
