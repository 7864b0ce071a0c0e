"""Advances (voorschotten) and the underspending signal, as pure calculations over plain values.

The schedule and the signal thresholds are scheme parameters (``SchemeRules.advance_*`` and
``underspend_signal_ratio``); nothing here knows the numbers themselves. The schedule itself is part
of the grant decision and is calculated in ``plans.schedule``; finance pays it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sectorplannen.common.money import format_eur, format_pct
from sectorplannen.plans.schedule import ScheduledAdvance, advance_schedule, due_by
from sectorplannen.schemes.rules import SchemeRules

__all__ = [
    "HalfYearSpending",
    "ScheduledAdvance",
    "UnderspendSignal",
    "advance_schedule",
    "due_by",
    "underspend_signals",
]


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
