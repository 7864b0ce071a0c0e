"""The respondent frame: plans and their measures with their answers, as plain values.

The tabulation engine and the synthetic answers work on this frame only, so both are tested
without a database; ``services.load_frame`` builds it from stored final reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
TRANCHE_GROUPS = {"1": "T1/2", "2": "T1/2", "1-2": "T1/2", "3": "T3"}


@cache
def _clusters() -> dict:
    return json.loads((DATA / "sector_clusters.json").read_text(encoding="utf-8"))


def sector_cluster(sectors: list[str] | tuple[str, ...]) -> str:
    """The evaluation's sector cluster of a plan (footnote 28): the first sector that has one."""
    data = _clusters()
    for sector in sectors:
        if sector in data["sectors"]:
            return data["sectors"][sector]
    return data["default"]


def cluster_labels() -> dict[str, str]:
    return dict(_clusters()["clusters"])


@dataclass
class MeasureRecord:
    key: str
    theme: str
    planned: int | None
    realised: int | None
    answers: dict = field(default_factory=dict)
    below_plan: bool | None = None  # computed: realised < threshold × latest decision; None without a number

    @classmethod
    def with_shortfall(cls, key: str, theme: str, planned: int | None, realised: int | None,
                       ratio: Decimal, answers: dict | None = None) -> MeasureRecord:
        below = None if not planned else Decimal(realised or 0) < ratio * planned
        return cls(key, theme, planned, realised, dict(answers or {}), below)

    def value(self, item: str):
        return self.below_plan if item == "_below_plan" else self.answers.get(item)


@dataclass
class PlanRecord:
    key: str
    name: str
    tranche_group: str
    kind: str
    cluster: str
    measures: list[MeasureRecord] = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    synthetic: bool = False
