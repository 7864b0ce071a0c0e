"""The facts monitoring works on, read from decisions, declarations, settlements and the registry.

Everything downstream (``realisation.py``, ``tables.py``, charts, report) is pure and takes these
dataclasses, so the same figures come out of the CLI, the web dashboard and the tests.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from decimal import Decimal

from sectorplannen.schemes.rules import line_subsidy


@dataclass(frozen=True)
class MeasureFacts:
    code: str
    category: str
    measure_type: str
    counted_measures: int  # measures this line stands for (reference imports aggregate a category)
    rate: Decimal
    initial_participants: int | None
    initial_costs_eur: Decimal
    planned_participants: int | None  # latest decision
    planned_youth_participants: int | None
    planned_costs_eur: Decimal
    stopped: bool
    realised_participants: int | None  # final declaration (None: not declared yet)
    realised_youth_participants: int | None
    realised_costs_eur: Decimal | None
    registered_participants: int | None = None  # unique persons in the registry
    registered_youth_participants: int | None = None
    declared_bsn_participants: int | None = None  # BSN-registered persons per the final declaration
    registered_by_target_group: tuple[tuple[str, int], ...] = ()  # unique persons per target group at start
    counted_measures_known: bool = True  # False: the published figures do not say how many measures
    # False for reference plans: their only decision is the last revised one, so the initial ambition
    # (the first decision) is not known per plan and is shown as "onbekend", never as the latest figure.
    ambition_known: bool = True

    @property
    def planned_subsidy_eur(self) -> Decimal:
        return line_subsidy(self.rate, self.planned_costs_eur)


@dataclass(frozen=True)
class SettlementFacts:
    eligible_costs_eur: Decimal
    measure_subsidy_eur: Decimal
    overhead_eur: Decimal
    overhead_subsidy_eur: Decimal
    determined_subsidy_eur: Decimal
    cap_applied: bool = False
    max_subsidy_eur: Decimal | None = None
    cost_threshold_met: bool = True
    lost_below_participant_threshold_eur: Decimal = Decimal("0")  # subsidy of measures below the threshold


@dataclass(frozen=True)
class PlanFacts:
    name: str
    tranche: str
    kind: str
    sectors: tuple[str, ...]
    status: str
    decision_versions: int
    measures: tuple[MeasureFacts, ...]
    settlement: SettlementFacts | None = None
    # Documented reference facts of this plan (plans.ReferenceFact): (key, value) pairs.
    published: tuple[tuple[str, Decimal], ...] = ()

    def published_value(self, key: str) -> Decimal | None:
        return dict(self.published).get(key)

    @property
    def declared(self) -> bool:
        return any(m.realised_costs_eur is not None for m in self.measures)


@dataclass(frozen=True)
class DocumentedTotal:
    """A total over a tranche that the evaluation states but the plan figures do not carry."""

    tranche: str
    key: str
    value: Decimal
    precision: str  # "exact", "almost" (upper bound), "over" (lower bound), "millions" (rounded)
    source: str


def fingerprint(plans: list[PlanFacts]) -> str:
    """A hash of every input figure, printed on each output so a figure can be traced back."""
    payload = json.dumps([asdict(p) for p in plans], default=str, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()
