"""Small builders for plans in tests (no application document needed)."""

import datetime as dt
from decimal import Decimal

from sectorplannen.plans.models import Plan

from ..factories import LabourMarketAnalysisFactory, MeasureFactory, PlanFactory


def submitted_plan(name="Testplan", tranche=2, measures=None, **extra) -> Plan:
    plan = PlanFactory(
        submitted=True, name=name, tranche_number=tranche,
        start_date=extra.pop("start_date", dt.date(2014, 7, 1)), end_date=extra.pop("end_date", dt.date(2016, 6, 30)),
        **extra,
    )
    LabourMarketAnalysisFactory(plan=plan)
    for code, mtype, category, participants, costs in measures or [
        ("M01", "general_training", "training", 500, "600000"),
        ("M02", "work_placement", "work_placements", 100, "1000000"),
        ("M03", "research", "other", None, "200000"),
    ]:
        MeasureFactory(plan=plan, code=code, category=category, measure_type=mtype,
                       planned_participants=participants, planned_costs_eur=Decimal(costs),
                       target_groups=["working_in_sector"], bottlenecks=["ageing"])
    return plan
