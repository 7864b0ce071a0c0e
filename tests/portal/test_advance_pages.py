"""Issue 18: the applicant asks for an advance on the plan page, an assessor drafts the decision, a
second agency user approves it after seeing the amount, the calculation from the scheme's advance
rule, what was advanced before, the balance and the letter; the applicant sees the status and the letter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from sectorplannen.audit.models import AuditEvent
from sectorplannen.common.money import format_eur
from sectorplannen.finance.services import advance_schedule_for, plan_ledger, record_advance
from sectorplannen.notifications.models import Notification
from sectorplannen.plans.schedule import due_by
from sectorplannen.workflow.models import AdvanceDecision, AdvanceRequest, Proposal

from .test_second_approver import login, pdf_text

pytestmark = pytest.mark.django_db
ON = dt.date(2014, 8, 1)


@pytest.fixture(autouse=True)
def _after_the_grant(settings, _portal_settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ")


def standard(plan) -> Decimal:
    return due_by(advance_schedule_for(plan), ON) - plan_ledger(plan).advanced_eur


def test_the_applicant_asks_two_agency_users_decide_and_the_applicant_reads_the_letter(client, users, granted_plan,
                                                                                      tmp_path):
    plan, amount = granted_plan, standard(granted_plan)
    login(client, users["applicant"])
    page = text(client.get(reverse("portal:plan_detail", args=[plan.pk])))
    assert "Voorschot aanvragen" in page and format_eur(amount) in page  # the standard advance of today
    response = client.post(reverse("portal:request_advance", args=[plan.pk]), {
        "choice": "standard", "reason": "De eerste opleidingen beginnen.", "lock_version": plan.lock_version})
    assert response.status_code == 302
    req = AdvanceRequest.objects.get(plan=plan)
    assert req.amount_eur == amount and req.standard
    page = text(client.get(reverse("portal:plan_detail", args=[plan.pk])))
    assert "ingediend" in page and "Er loopt al een verzoek om een voorschot" in page

    login(client, users["assessor"])
    assert "Voorschotverzoek behandelen" in text(client.get(reverse("portal:queue")))
    review = text(client.get(reverse("portal:advance_review", args=[req.pk])))
    assert format_eur(amount) in review and "Voorschotbesluit voorbereiden" in review
    assert "Nu ten hoogste te verlenen" in review
    response = client.post(reverse("portal:advance_review", args=[req.pk]), {
        "action": "propose", "note": "Volgens het schema.", "lock_version": req.lock_version})
    assert response.status_code == 302
    proposal = Proposal.objects.get(kind="advance", plan=plan)
    own = client.get(reverse("portal:proposal_detail", args=[proposal.pk]))
    assert "Wie het besluit voorbereidt" in text(own) and "Goedkeuren en besluit nemen" not in text(own)

    login(client, users["assessor2"])
    page = text(client.get(reverse("portal:proposal_detail", args=[proposal.pk])))
    rules = plan.scheme.rules
    max_subsidy = plan.latest_decision().max_subsidy_eur
    for figure in (format_eur(amount), format_eur(max_subsidy), format_eur(max_subsidy - amount),
                   format_eur(due_by(advance_schedule_for(plan), ON)), f"VO-{plan.pk}-1",
                   f"elke {rules.advance_interval_months} maanden", "De eerste opleidingen beginnen."):
        assert figure in page, figure
    letter = client.get(reverse("portal:proposal_letter", args=[proposal.pk]))
    draft = pdf_text(letter.content, tmp_path).replace("\xa0", " ")
    assert "CONCEPT" in draft and format_eur(amount) in draft and f"VO-{plan.pk}-1" in draft
    assert not AdvanceDecision.objects.exists()  # the preview decided nothing
    response = client.post(reverse("portal:proposal_approve", args=[proposal.pk]),
                           {"lock_version": proposal.lock_version})
    assert response.status_code == 302
    decision = AdvanceDecision.objects.get(plan=plan)
    assert decision.approved_by == users["assessor2"] and plan_ledger(plan).advanced_eur == amount

    login(client, users["applicant"])
    page = text(client.get(reverse("portal:plan_detail", args=[plan.pk])))
    assert "toegekend" in page and f"Brief VO-{plan.pk}-1 (PDF)" in page
    final = client.get(reverse("portal:advance_letter", args=[plan.pk, 1]))
    assert final["Content-Type"] == "application/pdf"
    sent = pdf_text(final.content, tmp_path).replace("\xa0", " ")
    assert "CONCEPT" not in sent and format_eur(amount) in sent and "Hoe het voorschot is berekend" in sent
    assert Notification.objects.filter(recipient=users["applicant"], kind="advance_decided").exists()
    log = text(client.get(reverse("portal:plan_audit", args=[plan.pk])))
    shown = log.replace('data-event="advance_requested"', "")
    assert "Voorschot aangevraagd" in log and "advance_requested" not in shown


def test_refusals_are_shown_at_the_form_in_dutch_and_in_english(client, users, granted_plan):
    plan = granted_plan
    too_much = standard(plan) + Decimal("0.01")
    login(client, users["applicant"])
    url = reverse("portal:request_advance", args=[plan.pk])
    response = client.post(url, {"choice": "amount", "amount_eur": str(too_much), "reason": "Vooruit betalen."})
    assert response.status_code == 422
    page = text(response)
    assert 'data-code="advance_above_schedule"' in page and "meer dan de regeling toestaat" in page
    assert 'value="Vooruit betalen."' in page or "Vooruit betalen." in page  # nothing the applicant typed is lost
    missing = text(client.post(url, {"choice": "amount", "reason": "x"}))
    assert "Vul het bedrag in dat u vraagt" in missing
    client.cookies["django_language"] = "en"
    english = text(client.post(url, {"choice": "amount", "amount_eur": str(too_much), "reason": "Ahead."}))
    assert "more than the scheme allows" in english
    assert not AdvanceRequest.objects.exists()


def test_nothing_due_and_a_plan_not_running(client, users, granted_plan, fresh_plan):
    record_advance(granted_plan, standard(granted_plan), ON)
    login(client, users["applicant"])
    page = text(client.post(reverse("portal:request_advance", args=[granted_plan.pk]),
                            {"choice": "standard", "reason": "Meer nodig."}))
    assert 'data-code="advance_nothing_due"' in page
    following = next(s for s in advance_schedule_for(granted_plan) if s.due_on > ON)
    page = text(client.get(reverse("portal:plan_detail", args=[granted_plan.pk])))
    form = f'action="{reverse("portal:request_advance", args=[granted_plan.pk])}"'
    assert 'data-testid="advance-none-due"' in page and form not in page  # nothing to ask: no form
    assert date_format(following.due_on, "j F Y") in page
    page = text(client.get(reverse("portal:plan_detail", args=[fresh_plan.pk])))
    assert "Voorschot aanvragen" not in page  # not granted: no form, no link


def test_the_assessor_refuses_and_the_applicant_sees_why(client, users, granted_plan):
    from sectorplannen.workflow.services import transition

    req = transition(granted_plan, "request_advance", users["applicant"], standard=True, reason="Graag.")
    login(client, users["assessor"])
    url = reverse("portal:advance_review", args=[req.pk])
    assert "Geef een reden" in text(client.post(url, {"action": "refuse", "reason": ""}))
    assert client.post(url, {"action": "refuse", "reason": "Start eerst de uitvoering."}).status_code == 302
    login(client, users["applicant"])
    page = text(client.get(reverse("portal:plan_detail", args=[granted_plan.pk])))
    assert "afgewezen: Start eerst de uitvoering." in page
    assert AuditEvent.objects.filter(event="advance_request_refused").exists()


def test_the_audit_log_and_the_status_history_say_they_show_the_real_clock(client, users, granted_plan, settings):
    """Moments are recorded on the real clock; with a fixed business date the pages say both (issue 18, 3)."""
    login(client, users["applicant"])
    log = text(client.get(reverse("portal:plan_audit", args=[granted_plan.pk])))
    page = text(client.get(reverse("portal:plan_detail", args=[granted_plan.pk])))
    for shown in (log, page):
        assert 'data-testid="clock-note"' in shown and "vaste bedrijfsdatum 1 augustus 2014" in shown
    assert "Moment (werkelijke tijd)" in log
    settings.SECTORPLANNEN_BUSINESS_DATE = ""  # the real date is the business date: nothing to explain
    assert 'data-testid="clock-note"' not in text(client.get(reverse("portal:plan_audit", args=[granted_plan.pk])))
