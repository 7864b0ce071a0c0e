"""Advances paid against the schedule of the latest decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.common.money import format_eur, is_cents
from sectorplannen.plans.models import Plan

from . import ledger
from .advances import ScheduledAdvance, advance_schedule, due_by
from .bookings import book, label_of, plan_ledger, sync_grants
from .models import (
    LedgerEntry,
)


def advance_schedule_for(plan: Plan) -> tuple[ScheduledAdvance, ...]:
    """The advance schedule of the plan's latest decision (counted from the grant date)."""
    first, latest = plan.initial_decision(), plan.latest_decision()
    if latest is None:
        return ()
    return advance_schedule(latest.max_subsidy_eur, first.decided_on, latest.end_date, plan.scheme.rules)


@transaction.atomic
def record_advance(
    plan: Plan, amount_eur: Decimal, paid_on: dt.date, *, actor=None, reference: str = ""
) -> LedgerEntry:
    """Record an advance paid; refused when it runs ahead of the schedule or past the maximum share."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    decision = plan.latest_decision()
    if decision is None:
        raise Refused(["Er is nog geen beschikking: een voorschot kan pas na de verlening."])
    if plan.settlements.exists():
        raise Refused(["Het plan is al vastgesteld: er worden geen voorschotten meer betaald."])
    if not isinstance(amount_eur, Decimal) or not is_cents(amount_eur) or amount_eur <= 0:
        raise Refused([f"Het voorschot moet een positief bedrag in centen zijn, niet {amount_eur}."])
    sync_grants(plan, actor)
    advanced = plan_ledger(plan).advanced_eur
    allowed = due_by(advance_schedule_for(plan), paid_on)
    if advanced + amount_eur > allowed:
        raise Refused([
            f"Volgens het voorschotschema mag op {paid_on:%d-%m-%Y} ten hoogste {format_eur(allowed)} aan voorschotten "
            f"zijn betaald; al betaald {format_eur(advanced)}, nu gevraagd {format_eur(amount_eur)}."
        ])
    number = plan.ledger_entries.filter(kind=ledger.ADVANCED).count() + 1
    entry = LedgerEntry(plan=plan, kind=ledger.ADVANCED, amount_eur=amount_eur, booked_on=paid_on, decision=decision,
                        reference=reference or f"voorschot {number}", booked_by=actor, booked_by_label=label_of(actor))
    book(plan, [entry])
    record("advance_paid", actor=actor, plan=plan, amount_eur=str(amount_eur), paid_on=paid_on.isoformat())
    return entry
