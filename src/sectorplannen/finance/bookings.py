"""The plan ledger's bookings: every booking goes through ``book``, which refuses anything that
breaks a sum rule of ``finance.ledger``; grants are booked per decision version; a plan can be
closed without subsidy (the grant falls away, advances are reclaimed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from sectorplannen.common.errors import Refused
from sectorplannen.common.money import ZERO
from sectorplannen.plans.models import GrantDecision, Plan

from . import ledger
from .ledger import Booking, LedgerBalance, ledger_balance, ledger_violations
from .models import (
    LedgerEntry,
)


def bookings_of(plan: Plan) -> list[Booking]:
    return [Booking(kind, amount) for kind, amount in
            LedgerEntry.objects.filter(plan=plan).order_by("id").values_list("kind", "amount_eur")]


def check_bookings(plan: Plan, existing: list[Booking], entries: list[LedgerEntry]) -> None:
    """The one place where the sum rules are enforced: refuse new bookings that would break one."""
    problems = ledger_violations(existing + [Booking(e.kind, e.amount_eur) for e in entries],
                                 plan.scheme.rules.advance_max_cumulative_share)
    if problems:
        raise Refused(problems)


def book(plan: Plan, entries: list[LedgerEntry]) -> None:
    check_bookings(plan, bookings_of(plan), entries)
    LedgerEntry.objects.bulk_create(entries)


def plan_ledger(plan: Plan) -> LedgerBalance:
    """Granted, advanced, settled, paid and reclaimed so far."""
    return ledger_balance(bookings_of(plan))


def check_plan_ledger(plan: Plan) -> list[str]:
    """The sum rules the plan's ledger breaks (empty when consistent)."""
    return ledger_violations(bookings_of(plan), plan.scheme.rules.advance_max_cumulative_share)


def grant_entries(plan: Plan, decisions: list[GrantDecision], booked: set[int], granted: Decimal,
                   actor) -> list[LedgerEntry]:
    """Bookings for the decision versions not yet on the ledger: each the change it made to the
    maximum subsidy (``granted`` is the sum booked so far)."""
    entries = []
    for d in sorted(decisions, key=lambda d: d.version):
        if d.pk in booked:
            continue
        entries.append(LedgerEntry(plan=plan, kind=ledger.GRANTED, amount_eur=d.max_subsidy_eur - granted,
                                   booked_on=d.decided_on, decision=d, reference=f"beschikking v{d.version}",
                                   booked_by=actor, booked_by_label=label_of(actor)))
        granted = d.max_subsidy_eur
    return entries


def sync_grants(plan: Plan, actor=None) -> None:
    """Book every decision version not yet on the ledger (idempotent; the plans app may call it after
    each decision, and advances and settlements call it anyway)."""
    booked = set(LedgerEntry.objects.filter(plan=plan, kind=ledger.GRANTED).values_list("decision_id", flat=True))
    entries = grant_entries(plan, list(plan.decisions.all()), booked, plan_ledger(plan).granted_eur, actor)
    if entries:
        book(plan, entries)


def label_of(actor) -> str:
    return "" if actor is not None else "systeem"


@dataclass(frozen=True)
class Closed:
    """What closing a plan without a settlement did to its ledger."""

    granted_eur: Decimal
    advanced_eur: Decimal
    reclaimed_eur: Decimal


@transaction.atomic
def close_without_subsidy(plan: Plan, booked_on: dt.date, *, reference: str, actor=None) -> Closed:
    """The grant falls away (withdrawal after the grant, lapse): the maximum subsidy is booked back
    to nil, the subsidy is determined at nil and every advance paid is reclaimed, so the ledger's
    sum rules still hold. A plan without a decision has nothing on its ledger."""
    if plan.settlements.exists():
        raise Refused(["Het plan is al vastgesteld; de verlening kan niet meer vervallen."])
    sync_grants(plan, actor)
    balance = plan_ledger(plan)
    common = {"plan": plan, "booked_on": booked_on, "reference": reference, "booked_by": actor,
              "booked_by_label": label_of(actor)}
    entries = []
    if balance.granted_eur:
        entries.append(LedgerEntry(kind=ledger.GRANTED, amount_eur=-balance.granted_eur, **common))
    if entries or balance.advanced_eur:
        entries.append(LedgerEntry(kind=ledger.SETTLED, amount_eur=ZERO - balance.settled_eur, **common))
    if balance.advanced_eur:
        entries.append(LedgerEntry(kind=ledger.RECLAIMED, amount_eur=balance.advanced_eur, **common))
    if entries:
        book(plan, entries)
    return Closed(balance.granted_eur, balance.advanced_eur, balance.advanced_eur)
