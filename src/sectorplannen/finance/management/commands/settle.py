"""``sectorplannen settle FILE.json``: the settlement calculator of formats.md §7."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from sectorplannen.common.jsonfile import UnusableJson, read_json
from sectorplannen.finance.services import InvalidSettlementDocument, calculate_settlement


class Command(BaseCommand):
    help = "Een vaststelling berekenen uit een JSON-bestand (formats.md §7) en als JSON tonen; slaat niets op."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON met scheme, max_subsidy_eur, advances_paid_eur en measures")

    def handle(self, *args, file: str, **options):
        try:
            # Decimal, never float: amounts stay exactly as written (common/jsonfile.py).
            document = read_json(file)
        except UnusableJson as exc:
            self.stderr.write(f"{file} is onbruikbaar: {exc}. Er is niets berekend.")
            raise SystemExit(2) from None
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

