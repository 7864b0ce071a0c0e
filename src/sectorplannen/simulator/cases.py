"""The plans as the replay sees them, and what a scenario makes of each (pure values)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sectorplannen.finance.settlement import (
    BELOW_PARTICIPANT_THRESHOLD,
    ExplanationLine,
    SettlementInput,
    SettlementResult,
)


@dataclass(frozen=True)
class PlanCase:
    """One plan as the replay sees it: what it did (the settlement input) and how it is grouped."""

    key: str
    name: str
    tranche: str  # "1", "2", "3", or "1-2" for reference plans of the first two tranches
    kind: str  # "sectoral" or "regional"
    sector: str
    scheme: str
    input: SettlementInput
    stored: dict | None = None  # the stored settlement's figures (strings), when the plan was settled


@dataclass(frozen=True)
class PlanOutcome:
    case: PlanCase
    result: SettlementResult
    adjustments: tuple[ExplanationLine, ...] = ()
    reallocated_eur: Decimal = Decimal("0.00")
    reallocation_line: ExplanationLine | None = None
    settled_input: SettlementInput | None = None  # what the engine was given (after the scenario's own rules)

    @property
    def explanation(self) -> tuple[ExplanationLine, ...]:
        tail = (self.reallocation_line,) if self.reallocation_line else ()
        return self.adjustments + tail + self.result.explanation

    @property
    def nil_measures(self) -> tuple[str, ...]:
        """Measures a threshold took the subsidy from: the participant threshold, or a cost threshold
        per measure (applied before the engine, see ``adjust.py``)."""
        by_cost = tuple(line.measure for line in self.adjustments if line.rule == "cost_threshold_measure")
        return by_cost + tuple(m.code for m in self.result.measures if m.status == BELOW_PARTICIPANT_THRESHOLD)

    @property
    def cost_threshold_nil(self) -> bool:
        return not self.result.cost_threshold_met and self.result.cost_threshold_consequence == "nil"
