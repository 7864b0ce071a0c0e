"""Issue 18, point 2: the registry count beside each declared figure in the final declaration (with
warnings before it is sent) and on the assessor's settlement page."""

from __future__ import annotations

from math import ceil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sectorplannen.common.money import format_int
from sectorplannen.plans.models import PlanStatus

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def declaration(participants, **extra):
    return {"M01-participants": participants, "M01-youth": 10, "M01-costs_eur": "500000",
            "auditor_statement": SimpleUploadedFile("verklaring.pdf", PDF, content_type="application/pdf"), **extra}


def test_the_form_shows_the_registry_and_warns_before_sending(client, users, granted_plan, settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-08-01"
    login(client, users["applicant"])
    url = reverse("portal:declaration", args=[granted_plan.pk])
    line = granted_plan.latest_decision().lines.get(measure__code="M01")
    needed = ceil(granted_plan.scheme.rules.participant_threshold.min_ratio * line.planned_participants)
    page = client.get(url).content.decode()
    assert 'data-testid="registry-M01"' in page and "In het deelnemersregister: 0 deelnemers" in page
    assert f"ten minste {format_int(needed)} deelnemers" in page
    below = needed - 1
    live = client.post(url, {"check": "1", "M01-participants": below, "M01-costs_eur": "500000"},
                       headers={"HX-Request": "true"})
    text = live.content.decode()
    assert live.status_code == 200 and text.startswith("<div id=\"declaration-warnings\"")
    assert "in het deelnemersregister staan er 0" in text and "krijgt dan geen subsidie" in text
    r = client.post(url, declaration(below))
    assert r.status_code == 200 and 'data-testid="declaration-warnings"' in r.content.decode()
    granted_plan.refresh_from_db()
    assert granted_plan.status != PlanStatus.DECLARED  # warned, not sent
    assert client.post(url, declaration(below, confirm="on")).status_code == 302
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.DECLARED


def test_the_settlement_page_shows_declared_beside_registered(client, users, granted_plan, settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-08-01"
    login(client, users["applicant"])
    assert client.post(reverse("portal:declaration", args=[granted_plan.pk]),
                       declaration(450, confirm="on")).status_code == 302
    login(client, users["assessor"])
    page = client.get(reverse("portal:settle", args=[granted_plan.pk])).content.decode()
    assert 'data-testid="participants-check"' in page and "minder dan gedeclareerd" in page
    assert "Ingeschreven" in page and format_int(450) in page
