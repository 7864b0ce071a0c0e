"""``sectorplannen settlement run [--plan PLAN | --all] [--letters DIR]``: settle declared plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from sectorplannen.common.money import format_eur
from sectorplannen.finance.letters import write_settlement_letter
from sectorplannen.finance.services import RunOutcome, parse_date
from sectorplannen.plans.models import Plan
from sectorplannen.plans.services import find_plan
from sectorplannen.workflow.services import settle_many


class Command(BaseCommand):
    help = "Vaststellingen: plannen met een einddeclaratie en nog geen vaststelling vaststellen (idempotent)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Plannen vaststellen en een overzicht tonen.")
        which = run.add_mutually_exclusive_group(required=True)
        which.add_argument("--plan", help="id of exacte naam van één plan")
        which.add_argument("--all", action="store_true", help="alle plannen met een einddeclaratie")
        run.add_argument("--letters", metavar="DIR", help="schrijf de vaststellingsbrief (PDF) van elk plan in DIR")
        run.add_argument("--date", help="datum van de vaststelling, JJJJ-MM-DD of DD-MM-JJJJ (standaard: vandaag)")

    def handle(self, *args, action, plan=None, all=False, letters=None, date=None, **options):
        try:
            settled_on = parse_date(date) if date else dt.date.today()
        except ValueError as exc:
            raise CommandError(f"--date: {exc}", returncode=2) from exc
        if plan:
            try:
                plans = [find_plan(plan)]
            except Plan.DoesNotExist as exc:
                raise CommandError(str(exc), returncode=2) from exc
        else:
            plans = list(Plan.objects.filter(final_declaration__isnull=False).select_related("scheme").order_by("name"))
        letter_dir = Path(letters) if letters else None
        if letter_dir is not None:
            try:
                letter_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CommandError(f"Kan de map {letter_dir} niet maken: {exc.strerror or exc}", returncode=2) from exc

        outcomes = settle_many(plans, settled_on)
        console = Console(file=self.stdout, highlight=False, width=None if self.stdout.isatty() else 160)
        console.print(_table(outcomes))
        written = 0
        if letter_dir is not None:
            for outcome in outcomes:
                if outcome.settlement is not None:
                    write_settlement_letter(outcome.settlement, letter_dir)
                    written += 1
        new = sum(o.new for o in outcomes)
        failed = [o for o in outcomes if o.problems]
        letters_note = f"; {written} brieven in {letter_dir}" if letter_dir else ""
        console.print(f"{new} vastgesteld, {len(outcomes) - new - len(failed)} al vastgesteld, "
                      f"{len(failed)} niet vastgesteld{letters_note}.")
        for outcome in failed:
            self.stderr.write(f"{outcome.plan}: {' '.join(outcome.problems)}")
        if failed:
            raise SystemExit(1)


def _table(outcomes: list[RunOutcome]) -> Table:
    table = Table(title="Vaststellingen")
    table.add_column("Plan")
    table.add_column("Versie", justify="right")
    for title in ("Subsidiabele kosten", "Vastgestelde subsidie", "Voorschotten", "Saldo"):
        table.add_column(title, justify="right", no_wrap=True)
    table.add_column("Resultaat")
    totals = [Decimal("0.00")] * 4
    for o in outcomes:
        s = o.settlement
        if s is None:
            table.add_row(o.plan.name, "", "", "", "", "", "niet vastgesteld")
            continue
        amounts = (s.eligible_costs_eur, s.determined_subsidy_eur, s.advances_paid_eur, s.balance_eur)
        totals = [t + a for t, a in zip(totals, amounts, strict=True)]
        result = "vastgesteld" if o.new else "al vastgesteld"
        table.add_row(o.plan.name, str(s.version), *map(format_eur, amounts), result)
    table.add_section()
    table.add_row("Totaal", "", *map(format_eur, totals), "")
    return table
