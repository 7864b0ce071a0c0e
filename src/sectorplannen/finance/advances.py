"""Advances (voorschotten) and the underspending signal, as pure calculations over plain values.

The schedule and the signal thresholds are scheme parameters (``SchemeRules.advance_*`` and
``underspend_signal_ratio``); nothing here knows the numbers themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sectorplannen.common.money import ZERO, cents_down, format_eur, format_pct, to_cents
from sectorplannen.plans.revisions import add_months
from sectorplannen.schemes.rules import SchemeRules


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


@dataclass(frozen=True)
class HalfYearSpending:
    period_start: dt.date
    planned_eur: Decimal
    realised_eur: Decimal


@dataclass(frozen=True)
class UnderspendSignal:
    period_start: dt.date
    planned_eur: Decimal
    realised_eur: Decimal
    ratio: Fraction
    limit: Decimal

    @property
    def message(self) -> str:
        return (f"Halfjaar vanaf {self.period_start:%d-%m-%Y}: besteed {format_eur(self.realised_eur)} van gepland "
                f"{format_eur(self.planned_eur)} ({format_pct(self.ratio)}), niet meer dan {format_pct(self.limit)}: "
                "de aanvrager moet dit melden.")


def underspend_signals(periods: list[HalfYearSpending], rules: SchemeRules) -> list[UnderspendSignal]:
    """The half-years in which spending was at or below the signal share of the plan (the applicant
    must report those). Half-years without planned spending never signal."""
    limit = rules.underspend_signal_ratio
    return [
        UnderspendSignal(p.period_start, p.planned_eur, p.realised_eur,
                         Fraction(p.realised_eur) / Fraction(p.planned_eur), limit)
        for p in periods
        if p.planned_eur > 0 and Fraction(p.realised_eur) <= Fraction(limit) * Fraction(p.planned_eur)
    ]
