"""The database itself keeps the invariants (dates in order, versions from 1 and unique per plan,
amounts never negative), whatever code writes the row; and the factories' plan states."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from sectorplannen.plans.models import PlanStatus

from ..factories import (
    DeclarationLineFactory,
    GrantDecisionFactory,
    MeasureFactory,
    ParticipantCountFactory,
    PlanFactory,
    PlanPartnerFactory,
)

pytestmark = pytest.mark.django_db

STATES = ["draft", "submitted", "granted", "running", "declared", "settled", "refused", "withdrawn", "lapsed"]


@pytest.mark.parametrize("state", STATES)
def test_a_plan_factory_trait_per_state(state):
    plan = PlanFactory(**{state: True})
    plan.refresh_from_db()
    assert plan.status == state
    if state in PlanStatus.values:
        assert plan.get_status_display() == PlanStatus(state).label


def refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_dates_must_be_in_order():
    refused(PlanFactory, start_date=dt.date(2015, 1, 1), end_date=dt.date(2014, 12, 31))
    PlanFactory(start_date=dt.date(2015, 1, 1), end_date=dt.date(2015, 1, 1))  # one day is a period
    plan = PlanFactory(granted=True)
    refused(GrantDecisionFactory, plan=plan, start_date=dt.date(2016, 1, 1), end_date=dt.date(2015, 1, 1))
    refused(ParticipantCountFactory, period_start=dt.date(2014, 9, 30), period_end=dt.date(2014, 9, 1))


def test_versions_start_at_1_and_are_unique_per_plan():
    plan = PlanFactory(granted=True)
    refused(GrantDecisionFactory, plan=plan, version=0)
    GrantDecisionFactory(plan=plan, version=1)
    refused(GrantDecisionFactory, plan=plan, version=1)


def test_amounts_are_never_negative():
    refused(MeasureFactory, planned_costs_eur=Decimal("-0.01"))
    refused(PlanPartnerFactory, equity_eur=Decimal("-1"))
    refused(GrantDecisionFactory, max_subsidy_eur=Decimal("-1"))
    refused(DeclarationLineFactory, eligible_costs_eur=Decimal("-1"))
    PlanPartnerFactory(equity_eur=None)  # not known: allowed
