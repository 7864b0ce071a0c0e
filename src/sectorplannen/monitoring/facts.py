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

    @property
    def declared(self) -> bool:
        return any(m.realised_costs_eur is not None for m in self.measures)


def fingerprint(plans: list[PlanFacts]) -> str:
    """A hash of every input figure, printed on each output so a figure can be traced back."""
    payload = json.dumps([asdict(p) for p in plans], default=str, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()
