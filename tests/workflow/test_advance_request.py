"""The applicant's advance request (``request_advance``) and the four-eyes decision on it
(``grant_advance``, proposal kind ``advance``): what the scheme's advance rule allows, the refusals
with their reasons, the immutable decision with its letter, the ledger, the audit trail and the message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.formats import date_format

from sectorplannen.audit.models import AuditEvent
from sectorplannen.common.errors import Conflict, Refused
from sectorplannen.common.models import ImmutableError
from sectorplannen.finance.services import advance_room, advance_schedule_for, plan_ledger, record_advance
from sectorplannen.notifications.models import Notification
from sectorplannen.plans.schedule import due_by
from sectorplannen.workflow import advances, services
from sectorplannen.workflow.letters import advance_letter_pdf
from sectorplannen.workflow.models import AdvanceDecision, AdvanceRequestStatus, ProposalStatus
from sectorplannen.workflow.services import transition

from .test_transitions import pdf_text

pytestmark = pytest.mark.django_db
ON = dt.date(2014, 8, 1)  # after the grant of 1 July 2014: the initial advance is due


@pytest.fixture(autouse=True)
def _after_the_grant(settings, _portal_settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()


def _room(plan):
    """What the schedule allows by ON, computed here from the scheme's own rule (not copied)."""
    return due_by(advance_schedule_for(plan), ON) - plan_ledger(plan).advanced_eur


def request(plan, user, **data):
    data.setdefault("reason", "De eerste opleidingen beginnen in september.")
    return transition(plan, "request_advance", user, **data)


def test_the_standard_advance_is_what_the_rule_allows_on_the_day(users, granted_plan):
    rules = granted_plan.scheme.rules
    expected = (granted_plan.latest_decision().max_subsidy_eur * rules.advance_initial_share).quantize(Decimal("0.01"))
    req = request(granted_plan, users["applicant"], standard=True)
    assert req.amount_eur == expected == _room(granted_plan) and req.standard
    assert req.status == AdvanceRequestStatus.REQUESTED and req.requested_on == ON
    event = AuditEvent.objects.get(event="advance_requested")
    assert event.plan == granted_plan and event.actor == users["applicant"]
    assert granted_plan.history.latest("history_date").history_change_reason == "Voorschot aanvragen"


def test_refusals_are_the_rules_of_the_scheme(users, granted_plan):
    room = _room(granted_plan)
    with pytest.raises(Refused) as above:
        request(granted_plan, users["applicant"], amount_eur=room + Decimal("0.01"))
    assert above.value.codes == {"advance_above_schedule"}
    assert "ten hoogste" in str(above.value.refusals[0].message)
    with pytest.raises(Refused) as amount:
        request(granted_plan, users["applicant"], amount_eur="12,5")
    assert amount.value.codes == {"advance_amount"}
    with pytest.raises(Refused) as no_reason:
        request(granted_plan, users["applicant"], amount_eur=room, reason=" ")
    assert no_reason.value.codes == {"advance_no_reason"}
    request(granted_plan, users["applicant"], amount_eur=room - 1)
    with pytest.raises(Refused) as pending:
        request(granted_plan, users["applicant"], amount_eur=Decimal("1.00"))
    assert pending.value.codes == {"advance_pending"}
    with pytest.raises(Refused) as outsider:
        request(granted_plan, users["outsider"], amount_eur=Decimal("1.00"))
    assert outsider.value.codes == {"not_allowed"}


def test_nothing_due_names_the_next_date_of_the_schedule(users, granted_plan):
    record_advance(granted_plan, _room(granted_plan), ON)
    with pytest.raises(Refused) as refused:
        request(granted_plan, users["applicant"], standard=True)
    assert refused.value.codes == {"advance_nothing_due"}
    following = next(s for s in advance_schedule_for(granted_plan) if s.due_on > ON)
    assert date_format(following.due_on, "j F Y") in refused.value.refusals[0].message


def test_a_plan_that_is_not_running_cannot_ask(users, submitted_plan):
    with pytest.raises(Conflict) as conflict:
        request(submitted_plan, users["applicant"], amount_eur=Decimal("100.00"))
    assert conflict.value.codes == {"advance_not_running"}


def test_four_eyes_decision_books_the_advance_with_its_letter(users, granted_plan, tmp_path):
    req = request(granted_plan, users["applicant"], standard=True)
    before = plan_ledger(granted_plan).advanced_eur
    proposal = advances.propose_advance(req, users["assessor"], note="Schema klopt.")
    req.refresh_from_db()
    assert req.status == AdvanceRequestStatus.PROPOSED and proposal.kind == "advance"
    with pytest.raises(Refused) as same:
        services.approve(proposal, users["assessor"])
    assert same.value.codes == {"not_allowed"}
    decision = services.approve(proposal, users["assessor2"])
    assert isinstance(decision, AdvanceDecision) and decision.reference == f"VO-{granted_plan.pk}-1"
    assert (decision.decided_by, decision.approved_by) == (users["assessor"], users["assessor2"])
    assert decision.amount_eur == req.amount_eur and decision.advanced_before_eur == before
    assert decision.due_eur == due_by(advance_schedule_for(granted_plan), ON)
    assert decision.max_cumulative_share == granted_plan.scheme.rules.advance_max_cumulative_share
    assert plan_ledger(granted_plan).advanced_eur == before + req.amount_eur
    assert decision.ledger_entry.reference == decision.reference
    req.refresh_from_db()
    proposal.refresh_from_db()
    assert req.status == AdvanceRequestStatus.GRANTED and proposal.status == ProposalStatus.APPROVED
    assert {"advance_requested", "decision_proposed", "advance_paid", "advance_granted", "decision_approved"} <= set(
        AuditEvent.objects.filter(plan=granted_plan).values_list("event", flat=True))
    note = Notification.objects.get(kind="advance_decided", recipient=users["applicant"])
    assert "toegekend" in note.subject and decision.reference in note.body
    with pytest.raises(ImmutableError):
        decision.save()
    text = pdf_text(advance_letter_pdf(decision), tmp_path)
    assert decision.reference in text and "Hoe het voorschot is berekend" in text
    amount = f"{decision.amount_eur:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    assert amount in text


def test_send_back_reopens_and_a_refusal_tells_the_applicant(users, granted_plan):
    req = request(granted_plan, users["applicant"], standard=True)
    proposal = advances.propose_advance(req, users["assessor"])
    services.send_back(proposal, users["policy_officer"], "Eerst de startmelding.")
    req.refresh_from_db()
    assert req.status == AdvanceRequestStatus.REQUESTED
    with pytest.raises(Refused):
        advances.refuse_request(req, users["assessor"], reason="")
    advances.refuse_request(req, users["assessor"], reason="De uitvoering is nog niet gestart.")
    req.refresh_from_db()
    assert req.status == AdvanceRequestStatus.REFUSED and req.refusal_reason.startswith("De uitvoering")
    note = Notification.objects.get(kind="advance_decided", recipient=users["applicant"])
    assert "afgewezen" in note.subject and "nog niet gestart" in note.body
    assert AuditEvent.objects.filter(event="advance_request_refused", plan=granted_plan).exists()
    with pytest.raises(Conflict):
        advances.propose_advance(req, users["assessor"])
    # refused, so no longer open: a new request may follow
    assert request(granted_plan, users["applicant"], standard=True).status == AdvanceRequestStatus.REQUESTED


def test_the_rule_is_checked_again_when_the_decision_is_taken(users, granted_plan):
    req = request(granted_plan, users["applicant"], standard=True)
    proposal = advances.propose_advance(req, users["assessor"])
    record_advance(granted_plan, Decimal("1.00"), ON)  # the agency booked an advance meanwhile
    with pytest.raises(Refused) as refused:
        services.approve(proposal, users["assessor2"])
    assert refused.value.codes == {"advance_above_schedule"}
    assert advance_room(granted_plan, ON).room_eur == req.amount_eur - Decimal("1.00")
