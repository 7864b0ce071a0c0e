"""The workflow's steps in the portal: refuse (four eyes), withdraw, start, lapse, a second approval."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sectorplannen.plans.models import PlanStatus
from sectorplannen.workflow import services
from sectorplannen.workflow.models import Proposal

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def test_refuse_through_the_desk_with_four_eyes_and_a_letter(client, users, submitted_plan):
    login(client, users["assessor"])
    page = client.get(reverse("portal:plan_detail", args=[submitted_plan.pk])).content.decode()
    assert reverse("portal:refuse", args=[submitted_plan.pk]) in page
    empty = client.post(reverse("portal:refuse", args=[submitted_plan.pk]), {})
    assert empty.status_code == 200 and "ten minste één grond" in empty.content.decode()
    r = client.post(reverse("portal:refuse", args=[submitted_plan.pk]),
                    {"ground_ceiling": "Het plafond van tranche 2 is bereikt.", "note": "Zie overzicht"})
    assert r.status_code == 302
    proposal = Proposal.objects.get(kind="refusal")
    assert proposal.payload["reasons"][0]["ground"] == "ceiling"
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 403  # own proposal
    login(client, users["policy_officer"])
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.REFUSED
    login(client, users["applicant"])
    detail = client.get(reverse("portal:plan_detail", args=[submitted_plan.pk])).content.decode()
    assert f"AFW-{submitted_plan.pk}" in detail and "Afwijzen" in detail  # the closing decision and the history
    letter = client.get(reverse("portal:closing_letter", args=[submitted_plan.pk]))
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")


def test_a_second_approval_gets_the_409_page(client, users, submitted_plan):
    proposal = services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    services.approve(proposal, users["policy_officer"])
    login(client, users["policy_officer"])
    r = client.post(reverse("portal:proposal_approve", args=[proposal.pk]))
    assert r.status_code == 409 and "Iemand anders was u voor" in r.content.decode()
    assert submitted_plan.decisions.count() == 1


def test_the_applicant_starts_and_withdraws(client, users, granted_plan):
    login(client, users["applicant"])
    assert client.post(reverse("portal:start", args=[granted_plan.pk]), {}).status_code == 302
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.RUNNING
    page = client.get(reverse("portal:withdraw", args=[granted_plan.pk])).content.decode()
    assert "teruggevorderd" in page
    r = client.post(reverse("portal:withdraw", args=[granted_plan.pk]), {"reason": "Geen deelnemers"})
    assert r.status_code == 302
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.WITHDRAWN
    # the step is gone: withdrawing again is not offered and refused
    assert client.get(reverse("portal:withdraw", args=[granted_plan.pk])).status_code == 403


def test_lapse_through_the_desk(client, users, granted_plan, settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-01-01"
    login(client, users["assessor"])
    queue = client.get(reverse("portal:queue")).content.decode()
    assert "Verlening laten vervallen" in queue
    page = client.get(reverse("portal:lapse", args=[granted_plan.pk])).content.decode()
    assert "niet gestart" in page
    assert client.post(reverse("portal:lapse", args=[granted_plan.pk]), {"reason": ""}).status_code == 302
    login(client, users["policy_officer"])
    proposal = Proposal.objects.get(kind="lapse")
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 302
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.LAPSED
