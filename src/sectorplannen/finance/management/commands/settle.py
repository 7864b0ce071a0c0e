"""``sectorplannen settle FILE.json``: the settlement calculator of formats.md §7."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand

from sectorplannen.finance.services import InvalidSettlementDocument, calculate_settlement


class Command(BaseCommand):
    help = "Een vaststelling berekenen uit een JSON-bestand (formats.md §7) en als JSON tonen; slaat niets op."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON met scheme, max_subsidy_eur, advances_paid_eur en measures")

    def handle(self, *args, file: str, **options):
        try:
            raw = Path(file).read_bytes()
        except OSError as exc:
            self.stderr.write(f"Kan {file} niet lezen: {_reason(exc)}.")
            raise SystemExit(2) from exc
        try:
            # Decimal, never float: amounts stay exactly as written.
            document = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal)
        except UnicodeDecodeError as exc:
            self._reject(file, [f"(document): geen UTF-8-tekst (byte {exc.start})"])
        except json.JSONDecodeError as exc:
            self._reject(file, [f"(document): geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})"])
        try:
            result = calculate_settlement(document)
        except InvalidSettlementDocument as exc:
            self._reject(file, [str(p) for p in exc.problems])
        self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))

    def _reject(self, file: str, problems: list[str]):
        self.stderr.write(f"De invoer in {file} is afgekeurd:")
        for problem in problems:
            self.stderr.write(f"- {problem}")
        raise SystemExit(1)


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "het bestand bestaat niet"
    if isinstance(exc, IsADirectoryError):
        return "dit is een map, geen bestand"
    if isinstance(exc, PermissionError):
        return "geen leesrechten"
    return exc.strerror or str(exc)
