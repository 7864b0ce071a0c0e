"""The settlement run over all plans (ADR 021): one proposal per declared, unsettled plan, never a
decision; idempotent by its inputs, cancellable, and each proposal approved by a second person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sectorplannen.common.errors import Refused
from sectorplannen.finance.models import Settlement
from sectorplannen.finance.services import preview_settlements, record_advance, settle_plan
from sectorplannen.jobs.models import Job, JobStatus
from sectorplannen.plans.models import PlanStatus
from sectorplannen.workflow import services, settlement_run
from sectorplannen.workflow.models import Proposal, ProposalStatus

from ..factories import DeclarationLineFactory, MeasureFactory
from ..finance.factories import declared_plan

pytestmark = pytest.mark.django_db
ON = dt.date(2016, 9, 1)


@pytest.fixture(autouse=True)
def _jobs_dir(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()


@pytest.fixture
def plans(users):
    """Two plans to settle, one without its final declaration, one settled already, one reference plan."""
    return {"a": declared_plan("Plan A"), "b": declared_plan("Plan B"),
            "undeclared": declared_plan("Plan Zonder", declared_on=None, status=PlanStatus.RUNNING),
            "settled": _settled(declared_plan("Plan Klaar")), "reference": _reference(declared_plan("Plan Ref"))}


def _settled(plan):
    settle_plan(plan, ON)
    plan.status = PlanStatus.SETTLED
    type(plan).objects.filter(pk=plan.pk).update(status=PlanStatus.SETTLED)
    return plan


def _reference(plan):
    type(plan).objects.filter(pk=plan.pk).update(is_reference=True)
    return plan


def test_a_run_drafts_one_proposal_per_plan_with_the_calculated_amount(users, plans):
    job = settlement_run.start_run(users["assessor"])
    assert job.status == JobStatus.SUCCEEDED and (job.done, job.total) == (2, 2)
    rows = {r["plan"]: r for r in job.result["rows"]}
    assert set(rows) == {"Plan A", "Plan B"}  # not the undeclared, settled or reference plan
    expected = {o.plan.name: o.settlement for o in preview_settlements([plans["a"], plans["b"]], ON)}
    for name, row in rows.items():
        proposal = Proposal.objects.get(pk=row["proposal_id"])
        assert row["outcome"] == "proposed" and proposal.status == ProposalStatus.PROPOSED
        assert proposal.kind == "settlement" and proposal.drafted_by == users["assessor"]
        assert Decimal(row["determined_subsidy_eur"]) == expected[name].determined_subsidy_eur
        assert Decimal(row["balance_eur"]) == expected[name].balance_eur
    assert job.result["proposed_eur"] == str(sum(e.determined_subsidy_eur for e in expected.values()))
    assert not Settlement.objects.filter(plan__in=[plans["a"], plans["b"]]).exists()  # no decision without four eyes


def test_the_same_inputs_give_the_same_run_and_a_new_run_drafts_no_doubles(users, plans):
    first = settlement_run.start_run(users["assessor"])
    again = settlement_run.start_run(users["assessor2"])
    assert again.pk != first.pk  # drafting the proposals changed the plans: a new key …
    assert {r["outcome"] for r in again.result["rows"]} == {"waiting"}  # … that drafts nothing twice
    assert Proposal.objects.filter(kind="settlement").count() == 2
    assert settlement_run.start_run(users["assessor"]).pk == again.pk  # unchanged data: the cached result
    assert Job.objects.filter(kind=settlement_run.KIND).count() == 2


def test_a_change_of_the_ledger_or_a_proposal_sent_back_is_a_new_run(users, plans):
    settlement_run.start_run(users["assessor"])
    second = settlement_run.start_run(users["assessor"])
    proposal = Proposal.objects.get(plan=plans["a"], kind="settlement")
    services.send_back(proposal, users["policy_officer"], "Eerst de voorschotten nakijken.")
    third = settlement_run.start_run(users["assessor"])
    assert third.pk != second.pk
    assert {r["plan"]: r["outcome"] for r in third.result["rows"]} == {"Plan A": "proposed", "Plan B": "waiting"}
    record_advance(plans["b"], Decimal("1000.00"), dt.date(2016, 8, 15), actor=users["assessor"])
    assert settlement_run.start_run(users["assessor"]).pk != third.pk


def test_a_plan_that_cannot_be_settled_is_skipped_with_its_reason(users, plans):
    broken = declared_plan("Plan Kapot")  # declared for a measure its decision does not have
    DeclarationLineFactory(declaration=broken.final_declaration, measure=MeasureFactory(plan=broken, code="extra"))
    job = settlement_run.start_run(users["assessor"])
    row = next(r for r in job.result["rows"] if r["plan"] == "Plan Kapot")
    assert row["outcome"] == "skipped" and row["reasons"] and "proposal_id" not in row
    assert job.result["counts"] == {"proposed": 2, "waiting": 0, "skipped": 1}


def test_the_proposals_of_a_run_are_approved_by_a_second_person(users, plans):
    job = settlement_run.start_run(users["assessor"])
    proposal = Proposal.objects.get(pk=job.result["rows"][0]["proposal_id"])
    with pytest.raises(Refused):
        services.approve(proposal, users["assessor"])  # not the one who started the run
    settlement = services.approve(proposal, users["assessor2"])
    assert settlement.version == 1 and settlement.approved_by == users["assessor2"]
    assert str(settlement.determined_subsidy_eur) == job.result["rows"][0]["determined_subsidy_eur"]
    assert settlement_run.proposals_of(job)[proposal.pk].status == ProposalStatus.APPROVED


def test_a_cancelled_run_keeps_the_proposals_drafted_so_far(users, plans, monkeypatch):
    from sectorplannen.jobs import runner

    update = runner.Progress.update

    def cancel_after_the_first(self, done=None, **kwargs):
        if done == 1:
            Job.objects.filter(pk=self.job.pk).update(cancel_requested=True)
        return update(self, done=done, **kwargs)

    monkeypatch.setattr(runner.Progress, "update", cancel_after_the_first)
    job = settlement_run.start_run(users["assessor"])
    assert job.status == JobStatus.CANCELLED
    assert Proposal.objects.filter(kind="settlement").count() == 1
    monkeypatch.setattr(runner.Progress, "update", update)
    rerun = settlement_run.start_run(users["assessor"])
    assert sorted(r["outcome"] for r in rerun.result["rows"]) == ["proposed", "waiting"]
    assert Proposal.objects.filter(kind="settlement").count() == 2
