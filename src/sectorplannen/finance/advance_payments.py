"""Advances paid against the schedule of the latest decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


@dataclass(frozen=True)
class AdvanceRoom:
    """What the scheme's advance rule allows a plan on a day, with the figures it is computed from:
    the maximum subsidy of the latest decision, the rule's shares and interval (scheme data), the
    schedule's steps due by then, and what was advanced before."""

    on: dt.date
    max_subsidy_eur: Decimal
    initial_share: Decimal
    interval_months: int
    max_cumulative_share: Decimal
    steps_due: tuple[ScheduledAdvance, ...]
    next_step: ScheduledAdvance | None
    due_eur: Decimal
    advanced_eur: Decimal

    @property
    def room_eur(self) -> Decimal:
        """What may still be advanced on the day (never below nil)."""
        return max(self.due_eur - self.advanced_eur, Decimal("0.00"))


def advance_room(plan: Plan, on: dt.date) -> AdvanceRoom | None:
    """The advance room of the plan on ``on`` by its latest decision's schedule; None before the grant."""
    decision = plan.latest_decision()
    if decision is None:
        return None
    rules = plan.scheme.rules
    schedule = advance_schedule_for(plan)
    return AdvanceRoom(
        on=on, max_subsidy_eur=decision.max_subsidy_eur, initial_share=rules.advance_initial_share,
        interval_months=rules.advance_interval_months, max_cumulative_share=rules.advance_max_cumulative_share,
        steps_due=tuple(s for s in schedule if s.due_on <= on),
        next_step=next((s for s in schedule if s.due_on > on), None),
        due_eur=due_by(schedule, on), advanced_eur=plan_ledger(plan).advanced_eur,
    )


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
