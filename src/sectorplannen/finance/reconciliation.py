"""Registered participants (participants app) against the realised participants of the final
declaration (this app): the reconciliation of formats.md §3. It lives here because finance may
read the registry, never the reverse."""

from __future__ import annotations

from dataclasses import dataclass

from sectorplannen.participants.services import registered_counts
from sectorplannen.plans.models import Plan

from .models import DeclarationLine

__all__ = ["MeasureReconciliation", "Reconciliation", "declared_participants", "reconcile"]


def declared_participants(plan: Plan) -> dict[str, int | None]:
    """Realised participants per measure code of the plan's final declaration; empty without one
    (a line without a number gives None)."""
    return dict(DeclarationLine.objects.filter(declaration__plan=plan)
                .values_list("measure__code", "realised_participants"))


@dataclass(frozen=True)
class MeasureReconciliation:
    code: str
    category: str
    registered: int
    declared: int | None  # realised participants of the final declaration; None: not declared
    difference: int | None  # registered - declared
    status: str  # "ok", "fewer_registered", "more_registered", "not_declared"

    @property
    def flagged(self) -> bool:
        """A difference: anything but a match, except a measure with neither registrations nor a
        declared number (the published figures leave such cells empty)."""
        return self.status != "ok" and not (self.declared is None and self.registered == 0)


@dataclass(frozen=True)
class Reconciliation:
    plan: str
    measures: tuple[MeasureReconciliation, ...]

    @property
    def registered(self) -> int:
        return sum(m.registered for m in self.measures)

    @property
    def declared(self) -> int:
        return sum(m.declared or 0 for m in self.measures)

    @property
    def flagged(self) -> tuple[MeasureReconciliation, ...]:
        return tuple(m for m in self.measures if m.flagged)


def reconcile(plan: Plan) -> Reconciliation:
    """Registered against declared participants per measure; every difference is flagged."""
    registered = registered_counts(plan)
    declared = dict(DeclarationLine.objects.filter(declaration__plan=plan)
                    .values_list("measure_id", "realised_participants"))
    lines = []
    for m in plan.measures.order_by("code"):
        n, d = registered[m.code], declared.get(m.id)
        if d is None:
            status, diff = "not_declared", None
        else:
            diff = n - d
            status = "ok" if diff == 0 else "fewer_registered" if diff < 0 else "more_registered"
        lines.append(MeasureReconciliation(m.code, m.category, n, d, diff, status))
    return Reconciliation(plan.name, tuple(lines))
