"""Small builders for plans in tests (no application document needed)."""

import datetime as dt
from decimal import Decimal

from sectorplannen.plans.models import LabourMarketAnalysis, Measure, Plan, PlanStatus
from sectorplannen.schemes.models import Tranche


def submitted_plan(name="Testplan", tranche=2, measures=None, **extra) -> Plan:
    t = Tranche.objects.get(number=tranche)
    plan = Plan.objects.create(
        name=name, tranche=t, tranche_label=str(tranche), scheme=t.scheme, kind="sectoral", sectors=["Bouw"],
        start_date=extra.pop("start_date", dt.date(2014, 7, 1)), end_date=extra.pop("end_date", dt.date(2016, 6, 30)),
        submitted_on=dt.date(2014, 5, 15), status=PlanStatus.SUBMITTED, **extra,
    )
    LabourMarketAnalysis.objects.create(plan=plan, date=dt.date(2014, 3, 1), bottlenecks=["ageing"])
    for code, mtype, category, participants, costs in measures or [
        ("M01", "general_training", "training", 500, "600000"),
        ("M02", "work_placement", "work_placements", 100, "1000000"),
        ("M03", "research", "other", None, "200000"),
    ]:
        Measure.objects.create(plan=plan, code=code, category=category, measure_type=mtype,
                               planned_participants=participants, planned_costs_eur=Decimal(costs),
                               target_groups=["working_in_sector"], bottlenecks=["ageing"])
    return plan
