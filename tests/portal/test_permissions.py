"""The permission functions, called directly: who may do what with which object, and why not."""

from __future__ import annotations

import datetime as dt

import pytest

from sectorplannen.accounts import permissions as perm
from sectorplannen.plans.models import PlanStatus
from sectorplannen.portal.drafts import new_draft
from sectorplannen.workflow.models import Proposal

pytestmark = pytest.mark.django_db


def allowed(answer) -> bool:
    ok, reason = answer
    assert ok or reason, "a refusal always says why"
    return ok


def test_applicant_sees_only_plans_of_its_own_organisations(users, submitted_plan):
    assert allowed(perm.can_view_plan(users["applicant"], submitted_plan))
    ok, reason = perm.can_view_plan(users["outsider"], submitted_plan)
    assert not ok and "geen toegang" in reason
    assert not allowed(perm.can_view_plan(users["evaluator"], submitted_plan))
    assert allowed(perm.can_view_plan(users["assessor"], submitted_plan))


def test_only_the_main_applicant_acts_and_only_while_the_plan_runs(users, fresh_plan, granted_plan):
    assert not allowed(perm.can_request_revision(users["applicant"], fresh_plan))  # not granted yet
    assert allowed(perm.can_request_revision(users["applicant"], granted_plan))
    assert not allowed(perm.can_request_revision(users["outsider"], granted_plan))
    assert not allowed(perm.can_request_revision(users["assessor"], granted_plan))
    for check in (perm.can_upload_participants, perm.can_report_progress, perm.can_declare):
        assert allowed(check(users["applicant"], granted_plan))
        assert not allowed(check(users["outsider"], granted_plan))
    granted_plan.status = PlanStatus.SETTLED
    assert not allowed(perm.can_declare(users["applicant"], granted_plan))


def test_drafts_belong_to_the_organisation_and_close_on_submission(users, organisation, submitted_plan):
    draft = new_draft(users["applicant"], organisation)
    assert allowed(perm.can_edit_draft(users["applicant"], draft))
    assert not allowed(perm.can_edit_draft(users["outsider"], draft))
    assert not allowed(perm.can_edit_draft(users["assessor"], draft))
    draft.plan = submitted_plan
    ok, reason = perm.can_edit_draft(users["applicant"], draft)
    assert not ok and "al ingediend" in reason
    assert not allowed(perm.can_create_draft(users["assessor"]))


def test_only_assessors_draft_decisions_on_submitted_plans(users, fresh_plan, granted_plan):
    assert allowed(perm.can_draft_decision(users["assessor"], fresh_plan))
    assert not allowed(perm.can_draft_decision(users["policy_officer"], fresh_plan))
    assert not allowed(perm.can_draft_decision(users["assessor"], granted_plan))
    assert not allowed(perm.can_draft_settlement(users["assessor"], granted_plan))  # not declared yet


def test_four_eyes_rule_and_approver_roles(users, submitted_plan):
    grant_ = Proposal(plan=submitted_plan, kind="grant", drafted_by=users["assessor"])
    ok, reason = perm.can_approve_proposal(users["assessor"], grant_)
    assert not ok
    assert not allowed(perm.can_approve_proposal(users["assessor2"], grant_))  # grants need a policy officer
    assert allowed(perm.can_approve_proposal(users["policy_officer"], grant_))
    own = Proposal(plan=submitted_plan, kind="grant", drafted_by=users["policy_officer"])
    ok, reason = perm.can_approve_proposal(users["policy_officer"], own)
    assert not ok and "vier-ogenprincipe" in reason
    settlement = Proposal(plan=submitted_plan, kind="settlement", drafted_by=users["assessor"])
    assert allowed(perm.can_approve_proposal(users["assessor2"], settlement))
    settlement.status = "approved"
    assert not allowed(perm.can_approve_proposal(users["assessor2"], settlement))


def test_participant_data_audit_and_overviews(users, granted_plan):
    assert allowed(perm.can_view_participants(users["applicant"], granted_plan))
    assert allowed(perm.can_view_participants(users["assessor"], granted_plan))
    assert not allowed(perm.can_view_participants(users["policy_officer"], granted_plan))
    assert not allowed(perm.can_view_participants(users["evaluator"], granted_plan))
    assert allowed(perm.can_view_reconciliation(users["assessor"], granted_plan))
    assert not allowed(perm.can_view_reconciliation(users["applicant"], granted_plan))
    assert allowed(perm.can_view_evaluation(users["evaluator"]))
    assert not allowed(perm.can_view_evaluation(users["assessor"]))
    assert not allowed(perm.can_view_dashboard(users["evaluator"]))
    assert allowed(perm.can_view_system_audit(users["administrator"]))
    assert not allowed(perm.can_view_system_audit(users["policy_officer"]))
    assert allowed(perm.can_manage_advances(users["assessor"], granted_plan))
    assert not allowed(perm.can_manage_advances(users["applicant"], granted_plan))


def test_inactive_users_have_no_roles(users, granted_plan):
    user = users["assessor"]
    user.is_active = False
    user._role_cache = None
    assert not allowed(perm.can_view_plan(user, granted_plan))


def test_revision_review_only_once(users, granted_plan):
    from sectorplannen.workflow.services import request_revision

    req = request_revision(granted_plan, users["applicant"], changes=[], reason="x", analysis_date=dt.date(2014, 5, 1))
    assert allowed(perm.can_review_revision(users["assessor"], req))
    req.status = "proposed"
    assert not allowed(perm.can_review_revision(users["assessor"], req))
    assert not allowed(perm.can_review_revision(users["applicant"], req))
