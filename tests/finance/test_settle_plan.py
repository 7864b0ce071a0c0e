"""Settling a plan: the settlement version, its lines and explanation, re-settlement, immutability."""

import datetime as dt
from decimal import Decimal as D

import pytest

from sectorplannen.audit.models import AuditEvent
from sectorplannen.common.models import ImmutableError
from sectorplannen.finance.models import DeclarationLine, LedgerEntry, Settlement
from sectorplannen.finance.services import (
    Refused,
    check_plan_ledger,
    plan_ledger,
    plans_to_settle,
    record_advance,
    run_settlements,
    settle_plan,
)
from sectorplannen.plans.models import PlanStatus
from sectorplannen.workflow.services import transition

from ..factories import DeclarationLineFactory, MeasureFactory, UserFactory
from .factories import declared_plan, revise

pytestmark = pytest.mark.django_db
SETTLED_ON = dt.date(2016, 12, 1)


def test_settles_the_worked_example():
    plan = declared_plan()
    s = transition(plan, "settle", None, settled_on=SETTLED_ON)
    assert (s.version, s.previous, s.scheme_code) == (1, None, "sectorplannen-2013")
    assert s.determined_subsidy_eur == D("18641480.00")
    assert s.total_costs_including_overhead_eur == D("87232960.00")
    assert s.max_subsidy_eur == D("17873000.00") and not s.cap_applied
    assert s.decision == plan.latest_decision() and s.declaration == plan.final_declaration
    lines = {line.measure.code: line for line in s.lines.select_related("measure")}
    assert lines["work_placements"].rate == D("0.2000") and lines["work_placements"].subsidy_eur == D("16650000.00")
    assert lines["other"].participant_check == "exempt"
    assert any("€ 18.641.480,00" in e["text"] for e in s.explanation)
    assert s.basis["rules"]["overhead_tiers"][0] == {"up_to": "1000000", "rate": "0.15"}
    assert s.basis["input"]["measures"][0]["eligible_costs_eur"] == "145000.00"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SETTLED
    assert AuditEvent.objects.get(event="plan_settled", plan=plan).context["determined_subsidy_eur"] == "18641480.00"


def test_uses_the_latest_decision():
    plan = declared_plan()
    revise(plan, max_subsidy=D("10000000.00"), decided_on=dt.date(2015, 6, 1))
    s = settle_plan(plan, SETTLED_ON)
    assert s.decision.version == 2 and s.cap_applied
    assert s.determined_subsidy_eur == D("10000000.00") + D("768480.00")


def test_original_tiers_before_the_amendment():
    s = settle_plan(declared_plan(), dt.date(2014, 12, 31))
    assert s.overhead_eur == D("956960.00")


def test_undeclared_measure_counts_as_nothing_realised():
    plan = declared_plan()
    DeclarationLine.objects.filter(measure__code="mobility").delete()
    s = settle_plan(plan, SETTLED_ON)
    line = s.lines.get(measure__code="mobility")
    assert (line.eligible_costs_eur, line.realised_participants, line.status) == (
        D("0.00"), None, "below_participant_threshold")


def test_refused_without_declaration_or_for_unknown_measures():
    with pytest.raises(Refused, match="geen einddeclaratie"):
        settle_plan(declared_plan(declared_on=None), SETTLED_ON)
    plan = declared_plan("Ander plan")
    extra = MeasureFactory(plan=plan, code="X", category="training", measure_type="evc", planned_costs_eur=D("1"))
    DeclarationLineFactory(declaration=plan.final_declaration, measure=extra, eligible_costs_eur=D("1"))
    with pytest.raises(Refused, match="niet in de laatste beschikking"):
        settle_plan(plan, SETTLED_ON)
    assert not Settlement.objects.exists() and not LedgerEntry.objects.exists()


def test_resettlement_is_a_new_version_with_a_reason():
    plan = declared_plan(decided_on=dt.date(2014, 7, 1))
    record_advance(plan, D("1787300.00"), dt.date(2014, 7, 1))
    first = settle_plan(plan, SETTLED_ON)
    with pytest.raises(Refused, match="vraagt een reden"):
        settle_plan(plan, SETTLED_ON)
    line = plan.final_declaration.lines.get(measure__code="work_placements")
    line.eligible_costs_eur = D("73250000.00")  # the auditor found € 10 million ineligible
    line.save()
    second = settle_plan(plan, dt.date(2017, 2, 1), reason="Bezwaar: correctie accountant")
    assert (second.version, second.previous, second.reason) == (2, first, "Bezwaar: correctie accountant")
    assert second.earlier_payments_eur == first.balance_eur
    assert second.determined_subsidy_eur == D("16641480.00") - D("50000.00")  # less work-placement subsidy, overhead
    assert second.balance_eur == second.determined_subsidy_eur - first.determined_subsidy_eur
    assert any("eerder betaald bij een vorige vaststelling" in e["text"] for e in second.explanation)
    bal = plan_ledger(plan)
    assert bal.settled_eur == second.determined_subsidy_eur
    assert bal.reclaimed_eur == -second.balance_eur
    assert check_plan_ledger(plan) == []
    first.refresh_from_db()
    assert first.determined_subsidy_eur == D("18641480.00")


def test_settlements_are_immutable():
    s = settle_plan(declared_plan(), SETTLED_ON)
    s.determined_subsidy_eur = D("1")
    with pytest.raises(ImmutableError):
        s.save()
    with pytest.raises(ImmutableError):
        s.delete()
    with pytest.raises(ImmutableError):
        s.lines.first().delete()
    with pytest.raises(ImmutableError):
        Settlement.objects.filter(pk=s.pk).update(determined_subsidy_eur=D("1"))
    with pytest.raises(ImmutableError):
        s.lines.all().update(eligible_costs_eur=D("0"))
    with pytest.raises(ImmutableError):
        Settlement.objects.filter(pk=s.pk).delete()
    assert Settlement.objects.get(pk=s.pk).determined_subsidy_eur != D("1")


def test_run_is_idempotent_and_reports_what_it_cannot_settle():
    a, b = declared_plan("A"), declared_plan("B")
    c = declared_plan("C", declared_on=None)
    assert list(plans_to_settle()) == [a, b]
    first = run_settlements([a, b, c], SETTLED_ON)
    assert [(o.plan.name, o.new, bool(o.problems)) for o in first] == [("A", True, False), ("B", True, False),
                                                                       ("C", False, True)]
    again = run_settlements([a, b, c], SETTLED_ON)
    assert [(o.new, o.settlement) for o in again[:2]] == [(False, first[0].settlement), (False, first[1].settlement)]
    assert Settlement.objects.count() == 2 and list(plans_to_settle()) == []


def test_settlement_records_the_second_pair_of_eyes(db):

    from sectorplannen.finance.services import Refused, settle_plan
    from sectorplannen.workflow.reference import import_reference

    import_reference()
    from sectorplannen.plans.models import Plan

    plan = Plan.objects.get(name="Afval")
    drafter, approver = UserFactory(username="a"), UserFactory(username="b")
    with pytest.raises(Refused):
        settle_plan(plan, dt.date(2019, 6, 1), actor=drafter, approved_by=drafter)
    settlement = settle_plan(plan, dt.date(2019, 6, 1), actor=drafter, approved_by=approver)
    assert (settlement.settled_by, settlement.approved_by) == (drafter, approver)
