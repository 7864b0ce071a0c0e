"""The advance schedule of a grant decision (voorschotten), a pure calculation over plain values.

The shares and the interval are scheme parameters (``SchemeRules.advance_*``). It belongs to the
decision (plans) because the decision stores it; finance pays it out and re-exports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sectorplannen.common.dates import add_months
from sectorplannen.common.money import ZERO, cents_down, to_cents
from sectorplannen.schemes.rules import SchemeRules

__all__ = ["ScheduledAdvance", "advance_schedule", "due_by"]


@dataclass(frozen=True)
class ScheduledAdvance:
    number: int
    due_on: dt.date
    amount_eur: Decimal
    cumulative_eur: Decimal


def advance_schedule(
    max_subsidy_eur: Decimal, granted_on: dt.date, end_date: dt.date, rules: SchemeRules
) -> tuple[ScheduledAdvance, ...]:
    """The initial share on the grant date, then equal steps every interval before the plan's end
    up to the maximum cumulative share (rounded down to cents, so never above it). The last step
    takes the rounding rest, so the schedule ends exactly on that maximum when there are later steps."""
    ceiling = cents_down(Fraction(max_subsidy_eur) * Fraction(rules.advance_max_cumulative_share))
    first = min(to_cents(Fraction(max_subsidy_eur) * Fraction(rules.advance_initial_share)), ceiling)
    later = []
    day = add_months(granted_on, rules.advance_interval_months)
    while day < end_date:
        later.append(day)
        day = add_months(day, rules.advance_interval_months)
    schedule = [ScheduledAdvance(1, granted_on, first, first)]
    rest = ceiling - first
    if later and rest > 0:
        step = cents_down(Fraction(rest) / len(later))
        cumulative = first
        for i, due in enumerate(later):
            amount = rest - step * (len(later) - 1) if i == len(later) - 1 else step
            cumulative += amount
            schedule.append(ScheduledAdvance(i + 2, due, amount, cumulative))
    return tuple(schedule)


def due_by(schedule: tuple[ScheduledAdvance, ...], day: dt.date) -> Decimal:
    """How much of the schedule may have been paid out by ``day`` (cumulative)."""
    return max((s.cumulative_eur for s in schedule if s.due_on <= day), default=ZERO)
