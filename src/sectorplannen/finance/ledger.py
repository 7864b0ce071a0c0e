"""The plan ledger's sum rules, in one place.

A plan's money is a list of bookings: ``granted`` and ``settled`` are (signed) adjustments whose
sums are the current maximum subsidy and the current determined subsidy; ``advanced``, ``paid`` and
``reclaimed`` are positive movements. ``ledger_violations`` states every rule the bookings must keep;
the services refuse a booking that would break one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sectorplannen.common.money import ZERO, format_eur, format_pct

GRANTED, ADVANCED, SETTLED, PAID, RECLAIMED = "granted", "advanced", "settled", "paid", "reclaimed"
KINDS = (GRANTED, ADVANCED, SETTLED, PAID, RECLAIMED)
SIGNED_KINDS = (GRANTED, SETTLED)


@dataclass(frozen=True)
class Booking:
    kind: str
    amount_eur: Decimal


@dataclass(frozen=True)
class LedgerBalance:
    granted_eur: Decimal
    advanced_eur: Decimal
    settled_eur: Decimal
    paid_eur: Decimal
    reclaimed_eur: Decimal

    @property
    def net_paid_eur(self) -> Decimal:
        """What the plan has received net: advances plus payments minus reclaims."""
        return self.advanced_eur + self.paid_eur - self.reclaimed_eur

    @property
    def earlier_payments_eur(self) -> Decimal:
        """Net final payments of earlier settlements (what a re-settlement has to take into account)."""
        return self.paid_eur - self.reclaimed_eur


def ledger_balance(bookings: Iterable[Booking]) -> LedgerBalance:
    sums = dict.fromkeys(KINDS, ZERO)
    for b in bookings:
        sums[b.kind] += b.amount_eur
    return LedgerBalance(sums[GRANTED], sums[ADVANCED], sums[SETTLED], sums[PAID], sums[RECLAIMED])


def ledger_violations(bookings: list[Booking], max_cumulative_share: Decimal) -> list[str]:
    """Every sum rule the bookings (in booking order) break, as Dutch sentences; empty when consistent."""
    problems = []
    for b in bookings:
        if b.kind not in KINDS:
            problems.append(f"Onbekende boekingssoort {b.kind!r}.")
        elif b.kind not in SIGNED_KINDS and b.amount_eur <= 0:
            problems.append(f"Een boeking '{b.kind}' moet positief zijn, niet {format_eur(b.amount_eur)}.")
    if problems:
        return problems
    balance = ledger_balance(bookings)
    if balance.granted_eur < 0:
        problems.append(f"De verleende subsidie is negatief ({format_eur(balance.granted_eur)}).")
    # Advances are held against the maximum subsidy as it stood when each was paid: a later revision
    # that lowers the maximum does not make an earlier advance wrong (settlement reclaims any excess).
    granted = advanced = ZERO
    for b in bookings:
        granted += b.amount_eur if b.kind == GRANTED else ZERO
        advanced += b.amount_eur if b.kind == ADVANCED else ZERO
        if b.kind == ADVANCED and Fraction(advanced) > Fraction(max_cumulative_share) * Fraction(granted):
            problems.append(
                f"De voorschotten ({format_eur(advanced)}) zijn hoger dan {format_pct(max_cumulative_share)} "
                f"van de verleende subsidie ({format_eur(granted)})."
            )
    first_settled = next((i for i, b in enumerate(bookings) if b.kind == SETTLED), None)
    if first_settled is None:
        if balance.paid_eur or balance.reclaimed_eur:
            problems.append("Er is uitbetaald of teruggevorderd zonder vaststelling.")
    else:
        if any(b.kind == ADVANCED for b in bookings[first_settled:]):
            problems.append("Na de vaststelling worden geen voorschotten meer betaald.")
        if balance.settled_eur < 0:
            problems.append(f"De vastgestelde subsidie is negatief ({format_eur(balance.settled_eur)}).")
        if balance.net_paid_eur != balance.settled_eur:
            problems.append(
                f"Voorschotten + betalingen − terugvorderingen ({format_eur(balance.net_paid_eur)}) is niet gelijk "
                f"aan de vastgestelde subsidie ({format_eur(balance.settled_eur)})."
            )
    return problems
