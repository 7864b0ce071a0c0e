"""A plan's whole life as a sector fund's system lives it, through the Python client generated from
the OpenAPI document: a concept checked and submitted, the grant prepared by an assessor and
approved by a policy officer, 300,000 participants uploaded as a job, the final declaration with
the auditor's statement, the settlement prepared and approved, its letter read (a real PDF)."""

from __future__ import annotations

import base64
import io
import os
import random

import httpx
import pytest
from pypdf import PdfReader

from sectorplannen.participants.models import Registration
from sectorplannen.participants.synth import BsnSource

from .conftest import application, token_for
from .generated_client import generate

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
ROWS = int(os.environ.get("SECTORPLANNEN_API_LIFE_ROWS", "300000"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def sp(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("client"))


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")


def client_of(sp, user, wsgi):
    return sp.AuthenticatedClient(base_url="http://testserver/api/v1", token=token_for(user),
                                  raise_on_unexpected_status=True, timeout=httpx.Timeout(600),
                                  httpx_args={"transport": httpx.WSGITransport(app=wsgi)})


def participants_csv(n: int) -> bytes:
    source = BsnSource(random.Random(300))
    out = io.StringIO()
    out.write("measure,bsn,birth_date,start_date,end_date,target_group,employer_id\n")
    for _ in range(n):
        out.write(f"M01,{source()},1980-02-01,2015-04-01,,working_in_sector,\n")
    return out.getvalue().encode()


def ok(response, status: int):
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response.headers["API-Version"] == "1.0.0"
    return response.parsed


def test_the_life_of_a_plan_through_the_generated_client(sp, users, wsgi_app):
    from sectorplannen_client.api.concepten import (
        concepten_bevindingen_retrieve,
        concepten_create,
        concepten_indienen_create,
    )
    from sectorplannen_client.api.deelnemersuploads import deelnemersuploads_retrieve, plannen_deelnemersuploads_create
    from sectorplannen_client.api.einddeclaraties import plannen_einddeclaraties_create
    from sectorplannen_client.api.plannen import plannen_retrieve
    from sectorplannen_client.api.vaststellingen import (
        plannen_vaststellingen_brief_retrieve,
        plannen_vaststellingen_retrieve,
    )
    from sectorplannen_client.api.voorstellen import voorstellen_create, voorstellen_goedkeuringen_create
    from sectorplannen_client.models import ConceptRequest, DeclarationCreateRequest, ProposalCreateRequest
    from sectorplannen_client.types import File

    fund, assessor, officer = (client_of(sp, users[r], wsgi_app) for r in ("applicant", "assessor", "policy_officer"))
    # The fund's system writes the application, reads the findings and submits it.
    concept = ok(concepten_create.sync_detailed(client=fund, body=ConceptRequest.from_dict(
        {"document": application("Sectorplan Via De API")})), 201)
    findings = ok(concepten_bevindingen_retrieve.sync_detailed(concept.id, client=fund), 200)
    assert not [f for f in findings.findings if f.severity == "error"]
    plan = ok(concepten_indienen_create.sync_detailed(concept.id, client=fund), 201)
    assert plan.status == "submitted"
    # Four eyes at the agency: one prepares the grant, another approves it.
    proposal = ok(voorstellen_create.sync_detailed(client=assessor, body=ProposalCreateRequest.from_dict(
        {"plan_id": plan.id, "kind": "grant", "note": "Voldoet"})), 201)
    refused = voorstellen_goedkeuringen_create.sync_detailed(proposal.id, client=assessor)
    assert refused.status_code == 403  # the drafter cannot approve
    assert ok(voorstellen_goedkeuringen_create.sync_detailed(proposal.id, client=officer), 201).plan_status == \
        "granted"
    # The participants, as a job: 202, then the status resource says what was stored.
    upload = ok(plannen_deelnemersuploads_create.sync_detailed(
        plan.id, client=fund, body=File(payload=io.BytesIO(participants_csv(ROWS)), file_name="d.csv"),
        idempotency_key="life-1"), 202)
    status = ok(deelnemersuploads_retrieve.sync_detailed(upload.id, client=fund), 200)
    assert (status.state, status.stored, status.rejected) == ("succeeded", ROWS, 0)
    assert Registration.objects.filter(plan_id=plan.id).count() == ROWS
    # The final declaration with the auditor's statement, then the settlement under four eyes.
    ok(plannen_einddeclaraties_create.sync_detailed(plan.id, client=fund, body=DeclarationCreateRequest.from_dict({
        "lines": [{"code": "M01", "realised_participants": ROWS, "eligible_costs_eur": "580000.00"}],
        "auditor_statement_pdf": base64.b64encode(PDF).decode()})), 201)
    assert ok(plannen_retrieve.sync_detailed(plan.id, client=fund), 200).status == "declared"
    settle = ok(voorstellen_create.sync_detailed(client=assessor, body=ProposalCreateRequest.from_dict(
        {"plan_id": plan.id, "kind": "settlement", "note": "Declaratie klopt"})), 201)
    ok(voorstellen_goedkeuringen_create.sync_detailed(settle.id, client=officer), 201)
    settlement = ok(plannen_vaststellingen_retrieve.sync_detailed(plan.id, 1, client=fund), 200)
    assert settlement.determined_subsidy_eur and settlement.explanation
    letter = ok(plannen_vaststellingen_brief_retrieve.sync_detailed(plan.id, 1, client=fund), 200)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.payload.read())).pages)
    assert "Sectorplan Via De API" in text
    assert ok(plannen_retrieve.sync_detailed(plan.id, client=fund), 200).status == "settled"
