"""Issue 18, point 1: the second approver sees what is being decided (figures, calculation, changes,
the letter as it goes out) for a grant, a settlement and a refusal; point 2 on the proposal: the
declared participants beside the registered ones."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sectorplannen.common.money import format_eur
from sectorplannen.workflow import services
from sectorplannen.workflow.models import Proposal

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_a_grant_proposal_shows_the_resulting_total_the_lines_and_the_draft_letter(client, users, submitted_plan,
                                                                                    tmp_path):
    m01 = submitted_plan.measures.get(code="M01")
    reduced = Decimal("500000")
    proposal = services.propose(submitted_plan, "grant", {"assessments": [
        {"code": "M01", "verdict": "reduce", "planned_participants": 400, "planned_costs_eur": str(reduced),
         "reason": "Minder deelnemers"}]}, users["assessor"], note="Verlaagd")
    expected = format_eur(submitted_plan.scheme.rules.line_subsidy(m01.measure_type, reduced))
    requested = format_eur(submitted_plan.scheme.rules.line_subsidy(m01.measure_type, m01.planned_costs_eur))
    login(client, users["policy_officer"])
    page = client.get(reverse("portal:proposal_detail", args=[proposal.pk])).content.decode().replace("\xa0", " ")
    assert "Wat u met goedkeuren besluit" in page
    assert expected in page and requested in page  # the resulting maximum beside what was asked
    assert "400" in page and f"BS-{submitted_plan.pk}-1" in page
    assert submitted_plan.scheme.rules.type_info(m01.measure_type).label in page
    letter = client.get(reverse("portal:proposal_letter", args=[proposal.pk]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    text = pdf_text(letter.content, tmp_path).replace("\xa0", " ")
    assert "CONCEPT" in text and expected in text and f"BS-{submitted_plan.pk}-1" in text
    assert not submitted_plan.decisions.exists()  # the preview decided nothing
    services.approve(proposal, users["policy_officer"])
    assert client.get(reverse("portal:proposal_letter", args=[proposal.pk])).status_code == 302  # decided: no draft


def test_a_settlement_proposal_shows_the_amounts_the_calculation_the_balance_and_the_registry(
        client, users, granted_plan, settings, tmp_path):
    login(client, users["applicant"])
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-08-01"
    eligible = Decimal("580000")
    r = client.post(reverse("portal:declaration", args=[granted_plan.pk]), {
        "M01-participants": 450, "M01-youth": 40, "M01-costs_eur": str(eligible), "confirm": "on",
        "auditor_statement": SimpleUploadedFile("verklaring.pdf", PDF, content_type="application/pdf")})
    assert r.status_code == 302, r.content.decode()
    proposal = services.propose(granted_plan, "settlement", {}, users["assessor"], note="")
    login(client, users["assessor2"])
    page = client.get(reverse("portal:proposal_detail", args=[proposal.pk])).content.decode().replace("\xa0", " ")
    rules = granted_plan.scheme.rules
    measure_subsidy = rules.line_subsidy(granted_plan.measures.get(code="M01").measure_type, eligible)
    assert format_eur(measure_subsidy) in page
    assert 'data-testid="determined-subsidy"' in page and "Zo is gerekend" in page and "Saldo" in page
    assert "Verleend tegenover vastgesteld" in page
    assert granted_plan.latest_decision().max_subsidy_eur and format_eur(
        granted_plan.latest_decision().max_subsidy_eur) in page
    # 450 declared, none registered
    assert 'data-testid="participants-check"' in page and "minder dan gedeclareerd" in page
    letter = client.get(reverse("portal:proposal_letter", args=[proposal.pk]))
    text = pdf_text(letter.content, tmp_path).replace("\xa0", " ")
    assert "CONCEPT" in text and f"VS-{granted_plan.pk}-1" in text
    assert not granted_plan.settlements.exists()


def test_a_refusal_proposal_shows_the_reasons_and_the_letter(client, users, submitted_plan, tmp_path):
    login(client, users["assessor"])
    client.post(reverse("portal:refuse", args=[submitted_plan.pk]),
                {"ground_ceiling": "Het plafond van tranche 2 is bereikt.", "note": ""})
    proposal = Proposal.objects.get(kind="refusal")
    login(client, users["policy_officer"])
    page = client.get(reverse("portal:proposal_detail", args=[proposal.pk])).content.decode().replace("\xa0", " ")
    assert "Het plafond van tranche 2 is bereikt." in page and f"AFW-{submitted_plan.pk}" in page
    letter = client.get(reverse("portal:proposal_letter", args=[proposal.pk]))
    text = pdf_text(letter.content, tmp_path).replace("\xa0", " ")
    assert "CONCEPT" in text and "plafond van tranche 2" in text
