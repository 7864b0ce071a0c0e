import datetime as dt
from decimal import Decimal

import factory

from sectorplannen.plans.models import (
    DecisionKind,
    DecisionLine,
    GrantDecision,
    LabourMarketAnalysis,
    Measure,
    Plan,
    PlanPartner,
    PlanStatus,
)
from sectorplannen.schemes.rules import line_subsidy

from .organisations import OrganisationFactory
from .schemes import tranche


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan of tranche 2 running 2014-07-01 … 2016-06-30; a trait per state of its life."""

    class Meta:
        model = Plan

    class Params:
        tranche_number = 2
        draft = factory.Trait(status=PlanStatus.DRAFT, submitted_on=None)
        submitted = factory.Trait(status=PlanStatus.SUBMITTED)
        granted = factory.Trait(status=PlanStatus.GRANTED)
        running = factory.Trait(status=PlanStatus.RUNNING)
        declared = factory.Trait(status=PlanStatus.DECLARED)
        settled = factory.Trait(status=PlanStatus.SETTLED)
        refused = factory.Trait(status=PlanStatus.REFUSED)
        withdrawn = factory.Trait(status=PlanStatus.WITHDRAWN)
        lapsed = factory.Trait(status=PlanStatus.LAPSED)

    name = factory.Sequence(lambda n: f"Testplan {n}")
    tranche = factory.LazyAttribute(lambda o: tranche(o.tranche_number))
    tranche_label = factory.LazyAttribute(lambda o: str(o.tranche_number))
    scheme = factory.LazyAttribute(lambda o: o.tranche.scheme)
    kind = "sectoral"
    sectors = factory.LazyFunction(lambda: ["Bouw"])
    start_date = dt.date(2014, 7, 1)
    end_date = dt.date(2016, 6, 30)
    submitted_on = dt.date(2014, 5, 15)
    status = PlanStatus.DRAFT


class PlanPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanPartner

    plan = factory.SubFactory(PlanFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = factory.LazyAttribute(lambda o: o.organisation.kind)
    roles = factory.LazyFunction(lambda: ["partner"])


class LabourMarketAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabourMarketAnalysis

    plan = factory.SubFactory(PlanFactory)
    date = dt.date(2014, 3, 1)
    bottlenecks = factory.LazyFunction(lambda: ["ageing"])


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"M{n:02d}")
    category = "training"
    measure_type = "general_training"
    planned_costs_eur = Decimal("100000")


class GrantDecisionFactory(factory.django.DjangoModelFactory):
    """Version 1 (the grant) over the plan's period, unless told otherwise."""

    class Meta:
        model = GrantDecision

    plan = factory.SubFactory(PlanFactory, granted=True)
    version = 1
    kind = DecisionKind.GRANT
    decided_on = dt.date(2014, 6, 15)
    start_date = factory.LazyAttribute(lambda o: o.plan.start_date)
    end_date = factory.LazyAttribute(lambda o: o.plan.end_date)
    max_subsidy_eur = Decimal("0.00")


class DecisionLineFactory(factory.django.DjangoModelFactory):
    """A line with the measure's planned figures; the subsidy is the scheme's line subsidy."""

    class Meta:
        model = DecisionLine

    decision = factory.SubFactory(GrantDecisionFactory)
    measure = factory.SubFactory(MeasureFactory, plan=factory.SelfAttribute("..decision.plan"))
    planned_participants = factory.LazyAttribute(lambda o: o.measure.planned_participants)
    planned_costs_eur = factory.LazyAttribute(lambda o: o.measure.planned_costs_eur)
    rate = factory.LazyAttribute(lambda o: o.decision.plan.scheme.rules.rate_for(o.measure.measure_type))
    subsidy_eur = factory.LazyAttribute(lambda o: line_subsidy(o.rate, o.planned_costs_eur))
