"""Respondent frames for the tests: the published reference plans (both tranche files) as plain records."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from sectorplannen.qualitative.frame import TRANCHE_GROUPS, MeasureRecord, PlanRecord, sector_cluster
from sectorplannen.schemes.builtin import SCHEMES

REFERENCE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "reference"
RATIO = Decimal(SCHEMES["sectorplannen-2013"]["realisation"]["target_reached_ratio"])


def _int(text: str) -> int | None:
    return int(text) if text else None


def reference_frame() -> list[PlanRecord]:
    plans: dict[tuple[str, str], PlanRecord] = {}
    for name in ("plan_figures_t12.csv", "plan_figures_t3.csv"):
        with open(REFERENCE / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                key = (row["tranche"], row["plan"])
                plan = plans.get(key)
                if plan is None:
                    plan = plans[key] = PlanRecord(
                        f"{row['tranche']}:{row['plan']}", row["plan"], TRANCHE_GROUPS[row["tranche"]],
                        row["plan_kind"], sector_cluster([row["plan_sector"]] if row["plan_sector"] else []))
                plan.measures.append(MeasureRecord.with_shortfall(
                    f"{plan.key}:{row['category']}", row["category"], _int(row["planned_participants"]),
                    _int(row["realised_participants"]), RATIO))
    return list(plans.values())
