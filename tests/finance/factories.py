"""Builders for finance tests: scheme rules as plain values, and declared plans in the database."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from sectorplannen.plans.models import DecisionKind, GrantDecision, Plan, PlanStatus
from sectorplannen.schemes.builtin import SCHEMES
from sectorplannen.schemes.rules import SchemeRules

from ..factories import (
    DecisionLineFactory,
    DeclarationLineFactory,
    FinalDeclarationFactory,
    GrantDecisionFactory,
    MeasureFactory,
    PlanFactory,
)

# The measures of the worked example in scheme-rules.md: € 85,696,000 eligible costs.
WORKED_EXAMPLE = [
    # code, type, category, planned participants, planned costs, realised participants, eligible costs
    ("mobility", "job_placement", "mobility", 100, "145000", 100, "145000"),
    ("training", "general_training", "training", 95, "1735000", 95, "1735000"),
    ("work_placements", "work_placement", "work_placements", 3400, "83250000", 3400, "83250000"),
    ("other", "research", "other", None, "566000", None, "566000"),
]


def rules(code: str = "sectorplannen-2013", **changes) -> SchemeRules:
    """The built-in rules of a scheme version, with nested parameter changes, e.g.
    ``rules(cost_threshold={"consequence": "proportional"})``."""
    params = copy.deepcopy(SCHEMES[code])
    for key, value in changes.items():
        if isinstance(value, dict):
            params[key].update(value)
        else:
            params[key] = value
    return SchemeRules.from_parameters(code, params)


def declared_plan(
    name: str = "Testplan",
    measures=WORKED_EXAMPLE,
    *,
    tranche: int = 2,
    max_subsidy: Decimal | None = None,
    start: dt.date = dt.date(2014, 7, 1),
    end: dt.date = dt.date(2016, 6, 30),
    decided_on: dt.date = dt.date(2014, 6, 15),
    declared_on: dt.date | None = dt.date(2016, 8, 1),
    status: str = PlanStatus.DECLARED,
) -> Plan:
    """A granted plan (decision v1 with the planned figures) and, unless ``declared_on`` is None, a
    final declaration with the realised figures."""
    plan = PlanFactory(name=name, tranche_number=tranche, start_date=start, end_date=end, status=status,
                       submitted_on=None)
    created = [
        (MeasureFactory(plan=plan, code=code, category=category, measure_type=mtype, planned_participants=planned_p,
                        planned_costs_eur=Decimal(planned_c), individual_registration=planned_p is not None),
         realised_p, Decimal(eligible))
        for code, mtype, category, planned_p, planned_c, realised_p, eligible in measures
    ]
    scheme_rules = plan.scheme.rules
    if max_subsidy is None:
        max_subsidy = sum((scheme_rules.line_subsidy(m.measure_type, m.planned_costs_eur) for m, _, _ in created),
                          Decimal("0.00"))
    decision = GrantDecisionFactory(plan=plan, decided_on=decided_on, start_date=start, end_date=end,
                                    max_subsidy_eur=max_subsidy)
    for m, _, _ in created:
        DecisionLineFactory(decision=decision, measure=m)
    if declared_on is not None:
        declaration = FinalDeclarationFactory(plan=plan, submitted_on=declared_on)
        for m, realised_p, eligible in created:
            DeclarationLineFactory(declaration=declaration, measure=m, realised_participants=realised_p,
                                   eligible_costs_eur=eligible)
    return plan


def revise(plan: Plan, *, max_subsidy: Decimal, decided_on: dt.date, end: dt.date | None = None) -> GrantDecision:
    """A revision (new decision version) that copies the lines and changes the maximum subsidy or end."""
    latest = plan.latest_decision()
    decision = GrantDecisionFactory(
        plan=plan, version=latest.version + 1, previous=latest, kind=DecisionKind.REVISION, decided_on=decided_on,
        start_date=latest.start_date, end_date=end or latest.end_date, max_subsidy_eur=max_subsidy, reason="test",
    )
    for line in latest.lines.all():
        DecisionLineFactory(decision=decision, measure=line.measure, planned_participants=line.planned_participants,
                            planned_costs_eur=line.planned_costs_eur, rate=line.rate, subsidy_eur=line.subsidy_eur)
    return decision
