"""Public interface of the monitoring app."""

from __future__ import annotations

from decimal import Decimal

from sectorplannen.schemes.models import SchemeVersion

from .facts import PlanFacts
from .queries import load_facts
from .tables import Settings, Table, all_tables


def report_settings() -> Settings:
    """Labels and the numbers the tables report against, from the stored scheme versions.

    Where versions differ (they don't in the built-in ones) the strictest value is shown."""
    labels: dict[str, str] = {}
    youth, reached, threshold = [], [], []
    for scheme in SchemeVersion.objects.all():
        rules = scheme.rules
        for code, cat in rules.categories.items():
            labels.setdefault(code, cat.label)
        for code, mt in rules.measure_types.items():
            labels.setdefault(code, mt.label)
        youth.append(rules.youth_target_share)
        reached.append(rules.target_reached_ratio)
        threshold.append(rules.participant_threshold.min_ratio)
    return Settings(labels=labels, youth_target_share=max(youth, default=Decimal("0")),
                    target_reached_ratio=max(reached, default=Decimal("1")),
                    participant_threshold=max(threshold, default=Decimal("0")))


def realisation_tables(plans: list[PlanFacts] | None = None) -> list[Table]:
    return all_tables(load_facts() if plans is None else plans, report_settings())
