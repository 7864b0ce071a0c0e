"""Documented reference facts: figures the evaluation published that the plan rows do not carry.

The bundled ``reference_data/reference_facts.csv`` holds, with their source, the government
contribution per plan (table 3.3, including overhead, for 20 plans of tranches 1–2; table 6.3,
excluding overhead, for every tranche-3 plan) and the tranche totals the evaluation states only in
its text (the initial ambition, the tranche-1–2 total of table 3.3). They are loaded with the
reference plans of their tranche; importing twice changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from sectorplannen.plans.models import FactPrecision, Plan, ReferenceFact, ReferenceFactKey

FACTS_FILE = Path(__file__).parents[1] / "plans" / "reference_data" / "reference_facts.csv"


@dataclass(frozen=True)
class FactRow:
    line: int
    tranche: str
    plan: str  # empty: a total over the tranche
    key: str
    value: Decimal
    precision: str
    source: str


class _Summary(Protocol):
    facts_created: int
    conflicts: list


def read_facts(path: Path = FACTS_FILE) -> list[FactRow]:
    """The bundled facts; the file is part of the package, so a bad row is a programming error."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = []
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            if raw["key"] not in ReferenceFactKey.values or raw["precision"] not in FactPrecision.values:
                raise ValueError(f"{path.name} regel {line}: onbekende sleutel of precisie")
            rows.append(FactRow(line, raw["tranche"], raw["plan"], raw["key"], Decimal(raw["value"]),
                                raw["precision"], raw["source"]))
    return rows


def import_bundled_facts(tranches: set[str], summary: _Summary, path: Path = FACTS_FILE) -> None:
    """Attach the facts of ``tranches`` to their reference plans (matched by tranche and name) and
    store the tranche totals. A fact that exists with another value is reported as a conflict."""
    from .reference import RowProblem  # the import's own problem type (avoids an import cycle)

    plans = {(p.tranche_label, p.name): p for p in Plan.objects.filter(is_reference=True, tranche_label__in=tranches)}
    for row in read_facts(path):
        if row.tranche not in tranches:
            continue
        plan = plans.get((row.tranche, row.plan)) if row.plan else None
        if row.plan and plan is None:
            continue  # the plan itself was not imported (rejected or not in this file)
        fact, created = ReferenceFact.objects.get_or_create(
            tranche_label=row.tranche, plan=plan, key=row.key,
            defaults={"value": row.value, "precision": row.precision, "source": row.source},
        )
        if created:
            summary.facts_created += 1
        elif fact.value != row.value:
            where = f"plan {row.plan!r} van tranche {row.tranche}" if row.plan else f"tranche {row.tranche}"
            summary.conflicts.append(RowProblem(
                row.line, row.plan, f"{where}: gepubliceerd gegeven {fact.get_key_display()} bestaat al met een "
                f"andere waarde ({fact.value} in plaats van {row.value})", row.tranche))
