"""A test per transition: allowed (with what it records), refused with its reason, and the four eyes."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from sectorplannen.audit.models import AuditEvent
from sectorplannen.common.errors import Conflict, Refused
from sectorplannen.finance.services import (
    DeclaredMeasure,
    advance_schedule_for,
    check_plan_ledger,
    plan_ledger,
    record_advance,
)
from sectorplannen.plans.models import PlanStatus
from sectorplannen.workflow import services
from sectorplannen.workflow.letters import closing_letter_pdf
from sectorplannen.workflow.models import ClosingKind, ProposalStatus
from sectorplannen.workflow.services import transition

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
REASONS = [{"ground": "cofinancing", "text": "De eigen bijdrage van de werkgevers is niet aangetoond."}]


def codes(exc) -> set[str]:
    return exc.value.codes


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def reasons_of_history(plan) -> list[tuple[str, str]]:
    return [(h.status, h.history_change_reason or "") for h in plan.history.order_by("history_date", "history_id")]


def declare(plan, actor):
    return transition(plan, "declare", actor, submitted_on=dt.date(2016, 8, 1),
                      lines={"M01": DeclaredMeasure(450, Decimal("580000.00"), 40)},
                      auditor_statement=ContentFile(PDF, name="v.pdf"))


# -- grant -------------------------------------------------------------------------------------------

def test_grant_through_a_proposal_takes_version_1(users, submitted_plan):
    proposal = services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    decision = services.approve(proposal, users["policy_officer"])
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.GRANTED and decision.version == 1
    assert (decision.decided_by, decision.approved_by) == (users["assessor"], users["policy_officer"])
    assert reasons_of_history(submitted_plan)[-1] == (PlanStatus.GRANTED, "Verlenen")


def test_grant_refused_for_a_role_without_the_right_and_for_one_person(users, submitted_plan):
    with pytest.raises(Refused) as exc:
        transition(submitted_plan, "grant", users["applicant"], approved_by=users["policy_officer"],
                   decided_on=dt.date(2014, 7, 1))
    assert codes(exc) == {"not_allowed"}
    with pytest.raises(Refused) as exc:
        transition(submitted_plan, "grant", users["assessor"], decided_on=dt.date(2014, 7, 1))
    assert codes(exc) == {"four_eyes"}  # a person alone cannot grant
    proposal = services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    with pytest.raises(Refused) as exc:
        services.approve(proposal, users["assessor"])
    assert codes(exc) == {"not_allowed"}  # an assessor does not approve a grant, let alone their own
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.SUBMITTED and not submitted_plan.decisions.exists()


def test_a_second_approval_of_one_proposal_is_a_conflict(users, submitted_plan):
    proposal = services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    services.approve(proposal, users["policy_officer"])
    with pytest.raises(Conflict) as exc:
        services.approve(proposal, users["policy_officer"])
    assert codes(exc) == {"already_decided"}
    assert submitted_plan.decisions.count() == 1


def test_grant_from_another_state_is_a_conflict(users, granted_plan):
    with pytest.raises(Conflict) as exc:
        transition(granted_plan, "grant", None, decided_on=dt.date(2014, 7, 1))
    assert codes(exc) == {"not_submitted"}


# -- refuse ------------------------------------------------------------------------------------------

def test_refuse_with_reasons_per_rule_and_a_letter(users, submitted_plan, tmp_path):
    proposal = services.propose(submitted_plan, "refusal", {"reasons": REASONS}, users["assessor"])
    closing = services.approve(proposal, users["policy_officer"])
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.REFUSED
    assert closing.kind == ClosingKind.REFUSAL and closing.reasons == REASONS
    assert (closing.decided_by, closing.approved_by) == (users["assessor"], users["policy_officer"])
    assert closing.reference == f"AFW-{submitted_plan.pk}" and closing.reclaimed_eur == 0
    event = AuditEvent.objects.get(event="application_refused", plan=submitted_plan)
    assert event.context["reference"] == closing.reference and event.context["status_to"] == "refused"
    assert reasons_of_history(submitted_plan)[-1] == (PlanStatus.REFUSED, "Afwijzen")
    text = pdf_text(closing_letter_pdf(closing), tmp_path)
    assert "Afwijzing van uw aanvraag" in text and closing.reference in text
    assert "eigen bijdrage van de werkgevers is niet aangetoond" in " ".join(text.split())
    assert not submitted_plan.ledger_entries.exists()


def test_refuse_without_a_reason_is_refused(users, submitted_plan):
    with pytest.raises(Refused) as exc:
        services.propose(submitted_plan, "refusal", {"reasons": [{"ground": "other", "text": " "}]},
                         users["assessor"])
    assert codes(exc) == {"no_reasons"}


def test_refuse_needs_a_second_person(users, submitted_plan):
    with pytest.raises(Refused) as exc:
        transition(submitted_plan, "refuse", users["assessor"], approved_by=users["assessor"], reasons=REASONS)
    assert codes(exc) == {"four_eyes"}
    with pytest.raises(Refused) as exc:
        transition(submitted_plan, "refuse", users["assessor"], approved_by=users["assessor2"], reasons=REASONS)
    assert codes(exc) == {"not_allowed"}  # the second person must be a policy officer
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.SUBMITTED


# -- withdraw ------------------------------------------------------------------------------------------

def test_withdraw_before_the_grant_owes_nothing(users, submitted_plan, tmp_path):
    closing = transition(submitted_plan, "withdraw", users["applicant"], reason="Te weinig deelnemers")
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.WITHDRAWN
    assert (closing.granted_eur, closing.reclaimed_eur) == (0, 0) and not submitted_plan.ledger_entries.exists()
    assert AuditEvent.objects.filter(event="plan_withdrawn", plan=submitted_plan).exists()
    assert "u bent ons niets verschuldigd" in pdf_text(closing_letter_pdf(closing), tmp_path)


def test_withdraw_after_the_grant_reclaims_the_advances(users, granted_plan):
    first = advance_schedule_for(granted_plan)[0]
    record_advance(granted_plan, first.amount_eur, first.due_on)
    closing = transition(granted_plan, "withdraw", users["applicant"])
    balance = plan_ledger(granted_plan)
    assert closing.advanced_eur == closing.reclaimed_eur == first.amount_eur > 0
    assert closing.granted_eur == granted_plan.latest_decision().max_subsidy_eur
    assert (balance.granted_eur, balance.settled_eur, balance.net_paid_eur) == (0, 0, 0)
    assert balance.reclaimed_eur == first.amount_eur and check_plan_ledger(granted_plan) == []
    assert {e.reference for e in granted_plan.ledger_entries.exclude(kind__in=["advanced"])} >= {closing.reference}


def test_withdraw_is_for_the_main_applicant_only(users, submitted_plan):
    for who in ("assessor", "outsider"):
        with pytest.raises(Refused) as exc:
            transition(submitted_plan, "withdraw", users[who])
        assert codes(exc) == {"not_allowed"}


# -- start ---------------------------------------------------------------------------------------------

def test_start_moves_a_granted_plan_to_running(users, granted_plan):
    transition(granted_plan, "start", users["applicant"], on=dt.date(2014, 9, 1))
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.RUNNING
    assert AuditEvent.objects.filter(event="plan_started", plan=granted_plan).exists()


def test_start_after_the_schemes_period_is_refused(users, granted_plan):
    with pytest.raises(Refused) as exc:
        transition(granted_plan, "start", users["applicant"], on=dt.date(2016, 1, 1))
    assert codes(exc) == {"start_too_late"}


# -- lapse -----------------------------------------------------------------------------------------------

def test_lapse_of_a_plan_that_never_started(users, granted_plan, settings, tmp_path):
    first = advance_schedule_for(granted_plan)[0]
    record_advance(granted_plan, first.amount_eur, first.due_on)
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-01-01"  # past the start period after the grant
    from sectorplannen.workflow.lapse import lapse_candidates

    assert [(p.pk, g.code) for p, g in lapse_candidates(dt.date(2016, 1, 1))] == [(granted_plan.pk, "not_started")]
    proposal = services.propose(granted_plan, "lapse", {}, users["assessor"], note="Geen reactie op herinnering")
    with pytest.raises(Refused):
        services.approve(proposal, users["assessor"])  # four eyes
    closing = services.approve(proposal, users["policy_officer"])
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.LAPSED and closing.kind == ClosingKind.LAPSE
    assert closing.reasons[0]["ground"] == "not_started" and closing.reclaimed_eur == first.amount_eur
    assert plan_ledger(granted_plan).net_paid_eur == 0 and check_plan_ledger(granted_plan) == []
    assert AuditEvent.objects.filter(event="grant_lapsed", plan=granted_plan).exists()
    assert "Vervallen van de subsidie" in pdf_text(closing_letter_pdf(closing), tmp_path)
    assert lapse_candidates(dt.date(2016, 1, 1)) == []


def test_lapse_without_a_final_declaration_in_time(users, granted_plan):
    transition(granted_plan, "start", users["applicant"], on=dt.date(2014, 9, 1))
    due = granted_plan.latest_decision().end_date + dt.timedelta(weeks=granted_plan.scheme.rules.declaration_weeks)
    from sectorplannen.workflow.lapse import lapse_ground

    assert lapse_ground(granted_plan, due) is None  # the last day is still in time
    assert lapse_ground(granted_plan, due + dt.timedelta(days=1)).code == "no_declaration"


def test_lapse_of_a_plan_in_time_is_refused(users, granted_plan):
    with pytest.raises(Refused) as exc:
        services.propose(granted_plan, "lapse", {}, users["assessor"])
    assert codes(exc) == {"not_lapsed"}


# -- declare, settle, a new settlement version ----------------------------------------------------------------

def test_declare_settle_and_resettle(users, granted_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    declare(granted_plan, users["applicant"])
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.DECLARED
    with pytest.raises(Refused) as exc:
        transition(granted_plan, "settle", users["assessor"], settled_on=dt.date(2016, 9, 1))
    assert codes(exc) == {"four_eyes"}
    first = services.approve(services.propose(granted_plan, "settlement", {}, users["assessor"]),
                             users["assessor2"])
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.SETTLED and first.version == 1
    with pytest.raises(Refused) as exc:
        services.propose(granted_plan, "settlement", {}, users["assessor"])
    assert codes(exc) == {"no_reason"}
    proposal = services.propose(granted_plan, "settlement", {}, users["assessor"], note="Correctie accountant")
    second = services.approve(proposal, users["policy_officer"])
    assert second.version == 2 and second.previous == first and second.reason == "Correctie accountant"
    assert proposal.__class__.objects.get(pk=proposal.pk).status == ProposalStatus.APPROVED
    # every step writes a history row (one per plan version), also one that keeps the status
    assert reasons_of_history(granted_plan)[-3:] == [(PlanStatus.SETTLED, "Vaststellen"),
                                                     (PlanStatus.SETTLED, "Voorstel vaststelling"),
                                                     (PlanStatus.SETTLED, "Vaststelling herzien")]


def test_declare_is_for_the_main_applicant(users, granted_plan):
    with pytest.raises(Refused) as exc:
        declare(granted_plan, users["assessor"])
    assert codes(exc) == {"not_allowed"}


def test_the_reference_step_is_for_the_system_only(users, submitted_plan):
    with pytest.raises(Conflict):
        transition(submitted_plan, "import_reference", None, write=lambda p: None)
    with pytest.raises(ValueError):
        transition(submitted_plan, "teleport", None)


# -- revise ------------------------------------------------------------------------------------------------

def test_revise_through_a_request_and_a_proposal(users, granted_plan):
    req = services.request_revision(granted_plan, users["applicant"], reason="minder deelnemers", changes=[
        {"op": "set", "measure": "M01", "planned_participants": 400}], analysis_date=dt.date(2014, 6, 1))
    proposal = services.propose(granted_plan, "revision", {}, users["assessor"], revision_request=req)
    with pytest.raises(Refused) as exc:
        services.approve(proposal, users["assessor"])
    assert codes(exc) == {"not_allowed"}  # not the drafter, and a revision needs a policy officer
    decision = services.approve(proposal, users["policy_officer"])
    granted_plan.refresh_from_db()
    assert decision.version == 2 and granted_plan.status == PlanStatus.GRANTED  # a new version, same state
    req.refresh_from_db()
    assert req.status == "decided"
    with pytest.raises(Refused) as exc:
        transition(granted_plan, "revise", users["assessor"], approved_by=users["assessor"], changes=[],
                   reason="x", analysis_date=None, requested_on=dt.date(2015, 1, 1))
    assert codes(exc) == {"four_eyes"}


def test_revise_a_settled_plan_is_a_conflict(users, granted_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    declare(granted_plan, users["applicant"])
    with pytest.raises(Conflict) as exc:
        transition(granted_plan, "revise", None, changes=[], reason="x", analysis_date=None,
                   requested_on=dt.date(2016, 9, 1))
    assert codes(exc) == {"not_running"}
