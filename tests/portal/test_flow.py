"""The life of a plan through the pages with Django's test client (the browser walk is in test_browser.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sectorplannen.audit.models import AuditEvent
from sectorplannen.plans.models import Plan, PlanStatus
from sectorplannen.portal.models import PlanDraft
from sectorplannen.workflow.models import Proposal

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def post_step(client, draft, step, data, htmx=True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("portal:draft_step", args=[draft.pk, step]), data, headers=headers)


def draft_a_plan(client) -> PlanDraft:
    client.post(reverse("portal:draft_create"))
    draft = PlanDraft.objects.latest("pk")
    r = post_step(client, draft, "algemeen", {
        "name": "Sectorplan Techniek", "tranche": 2, "kind": "sectoral", "sectors": "Techniek", "regions": "",
        "start_date": "2014-07-01", "end_date": "2016-06-30", "action": "save"})
    assert r.status_code == 200 and "Opgeslagen" in r.content.decode()
    post_step(client, draft, "samenwerking", {"action": "main", "main-cao_party": "on", "main-equity_eur": "5000000"})
    post_step(client, draft, "samenwerking", {"action": "add", "partner-name": "Bond Y", "partner-kind": "union",
                                              "partner-roles": ["partner"], "partner-cao_party": "on"})
    post_step(client, draft, "analyse", {"action": "save", "date": "2014-03-01",
                                         "bottlenecks": ["ageing", "new_competences"], "summary": "Vergrijzing."})
    r = post_step(client, draft, "maatregelen", {
        "action": "add", "code": "M01", "measure_type": "general_training", "description": "Scholing",
        "target_groups": ["working_in_sector"], "bottlenecks": ["new_competences"], "planned_participants": 500,
        "planned_youth_participants": 50, "planned_costs_eur": "600000", "individual_registration": "on"})
    assert r.status_code == 200 and "M01" in r.content.decode()
    # the funding step's checks show that the own funding is still missing
    page = client.get(reverse("portal:draft_step", args=[draft.pk, "financiering"])).content.decode()
    assert "own_funding_insufficient" in page
    r = post_step(client, draft, "financiering", {"action": "add", "measure": "M01", "kind": "own_funding",
                                                  "source": "training_fund", "amount_eur": "300000"})
    assert "own_funding_insufficient" not in r.content.decode()
    return draft


def test_applicant_drafts_with_inline_checks_and_submits(client, users):
    login(client, users["applicant"])
    draft = draft_a_plan(client)
    page = client.get(reverse("portal:draft_step", args=[draft.pk, "indienen"])).content.decode()
    assert "€\xa0300.000,00" in page and 'value="submit"' in page
    r = post_step(client, draft, "indienen", {"action": "submit", "declare": "on"}, htmx=False)
    plan = Plan.objects.get(name="Sectorplan Techniek")
    assert r.status_code == 302 and r.url == reverse("portal:plan_detail", args=[plan.pk])
    assert plan.status == PlanStatus.SUBMITTED
    assert client.get(reverse("portal:draft_step", args=[draft.pk, "algemeen"])).status_code == 403


def test_a_measure_can_be_edited_keeping_its_funding(client, users):
    login(client, users["applicant"])
    draft = draft_a_plan(client)
    page = client.get(reverse("portal:draft_step", args=[draft.pk, "maatregelen"]), {"wijzig": 0}).content.decode()
    assert 'value="M01"' in page and 'name="index" value="0"' in page and "Wijziging opslaan" in page
    post_step(client, draft, "maatregelen", {
        "action": "add", "index": 0, "code": "M01", "measure_type": "general_training", "description": "Scholing",
        "target_groups": ["working_in_sector"], "bottlenecks": ["new_competences"], "planned_participants": 450,
        "planned_costs_eur": "600000", "individual_registration": "on"})
    draft.refresh_from_db()
    [measure] = draft.document["measures"]
    assert measure["planned_participants"] == 450 and measure["own_funding"][0]["amount_eur"] == 300000


def test_htmx_save_answers_with_the_step_partial_only(client, users):
    login(client, users["applicant"])
    client.post(reverse("portal:draft_create"))
    draft = PlanDraft.objects.latest("pk")
    r = post_step(client, draft, "algemeen", {"action": "save", "name": ""})
    body = r.content.decode()
    assert r.status_code == 200 and "<html" not in body and 'id="draft-step"' in body
    assert "data-error-summary" in body and 'href="#id_name"' in body


def test_submit_is_refused_with_findings_when_there_are_errors(client, users):
    login(client, users["applicant"])
    client.post(reverse("portal:draft_create"))
    draft = PlanDraft.objects.latest("pk")
    r = post_step(client, draft, "indienen", {"action": "submit", "declare": "on"}, htmx=False)
    assert r.status_code == 422 and "niet ingediend" in r.content.decode()
    assert not Plan.objects.exists()


def test_four_eyes_grant_through_the_desk(client, users, submitted_plan):
    login(client, users["assessor"])
    data = {"M01-verdict": "reduce", "M01-planned_participants": 400, "M01-planned_costs_eur": "500000",
            "M01-reason": "Te ruim begroot", "note": "Akkoord met verlaging"}
    r = client.post(reverse("portal:assess", args=[submitted_plan.pk]), data)
    assert r.status_code == 302
    proposal = Proposal.objects.get()
    # the drafter cannot approve, nor can another assessor (grant decisions need a policy officer)
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 403
    login(client, users["assessor2"])
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 403
    login(client, users["policy_officer"])
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 302
    submitted_plan.refresh_from_db()
    decision = submitted_plan.latest_decision()
    assert submitted_plan.status == PlanStatus.GRANTED
    assert decision.decided_by == users["assessor"] and decision.approved_by == users["policy_officer"]
    assert str(decision.max_subsidy_eur) == "250000.00"
    letter = client.get(reverse("portal:decision_letter", args=[submitted_plan.pk, 1]))
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(event="decision_approved", actor=users["policy_officer"]).exists()


def test_refused_draft_decision_is_shown_to_the_drafter(client, users, submitted_plan):
    login(client, users["assessor"])
    r = client.post(reverse("portal:assess", args=[submitted_plan.pk]), {"M01-verdict": "refuse", "M01-reason": "x"})
    assert r.status_code == 200 and "nothing_granted" in r.content.decode()
    assert not Proposal.objects.exists()


def test_revision_request_preview_review_and_approval(client, users, granted_plan):
    login(client, users["applicant"])
    url = reverse("portal:revision_request", args=[granted_plan.pk])
    data = {"reason": "Minder instroom", "analysis_date": "2014-05-01", "op": "set", "measure": "M01",
            "planned_participants": 300, "planned_costs_eur": "400000"}
    preview = client.post(url, {**data, "action": "preview"}).content.decode()
    assert "Wordt" in preview and "€" not in preview.split("Zo verandert")[0][-10:]
    assert client.post(url, {**data, "action": "send"}).status_code == 302
    req = granted_plan.revision_requests.get()
    login(client, users["assessor"])
    assert client.post(reverse("portal:revision_review", args=[req.pk]), {"action": "propose"}).status_code == 302
    proposal = Proposal.objects.get(kind="revision")
    login(client, users["policy_officer"])
    client.post(reverse("portal:proposal_approve", args=[proposal.pk]))
    assert granted_plan.latest_decision().version == 2
    page = client.get(reverse("portal:decision_detail", args=[granted_plan.pk, 2])).content.decode()
    assert "deelnemers" in page and "300" in page


def upload(client, plan, text: str, name="deelnemers.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("portal:participants", args=[plan.pk]),
                       {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


GOOD_ROWS = "maatregel;bsn;geboortedatum;startdatum;doelgroep\nM01;999991607;1980-01-01;2014-09-01;werkend_sector\n"
BAD_ROWS = (GOOD_ROWS + "M01;123456789;1980-01-01;2014-09-01;werkend_sector\n"
            "M99;111222333;1980-01-01;2014-09-01;student\n")


def test_participant_upload_with_errors_then_corrected(client, users, granted_plan):
    login(client, users["applicant"])
    r = upload(client, granted_plan, BAD_ROWS)
    assert r.status_code == 302
    report_page = client.get(r.url).content.decode()
    assert "bsn_invalid" in report_page and "measure_unknown" in report_page
    assert "123456789" not in report_page and "******789" in report_page  # masked, never the BSN
    csv_url = r.url + "fouten.csv"
    body = b"".join(client.get(csv_url).streaming_content).decode()
    assert body.splitlines()[0] == "row,column,code,message" and "123456789" not in body
    corrected = "maatregel;bsn;geboortedatum;startdatum;doelgroep\nM01;111222333;1980-01-01;2014-09-01;student\n"
    r = upload(client, granted_plan, corrected)
    page = client.get(r.url).content.decode()
    assert "Geen fouten" in page
    overview = client.get(reverse("portal:participants", args=[granted_plan.pk])).content.decode()
    assert 'data-testid="registered-M01">2<' in overview
    assert AuditEvent.objects.filter(event="participants_viewed", actor=users["applicant"]).exists()


def test_upload_report_warns_of_a_different_birth_date(client, users, granted_plan):
    login(client, users["applicant"])
    rows = GOOD_ROWS + "M01;999991607;1981-01-01;2014-10-01;werkend_sector\n"
    page = client.get(upload(client, granted_plan, rows).url).content.decode()
    assert 'data-testid="birth-date-conflicts"' in page
    assert "Bij 1 opgeslagen regel wijkt de geboortedatum af" in page and "(regel 3)" in page
    assert "Geen fouten" in page and "999991607" not in page


def test_upload_type_and_size_are_checked(client, users, granted_plan, settings):
    login(client, users["applicant"])
    r = upload(client, granted_plan, "x", name="deelnemers.exe")
    assert r.status_code == 422 and "Kies een bestand van het type" in r.content.decode()
    settings.PARTICIPANT_UPLOAD_MAX_BYTES = 10  # the participant file's own limit (it goes to a job)
    r = upload(client, granted_plan, GOOD_ROWS)
    assert r.status_code == 422 and "groter dan" in r.content.decode()


def test_upload_rate_limit(client, users, granted_plan, settings):
    settings.RATE_LIMIT_UPLOAD = (1, 60)
    login(client, users["applicant"])
    assert upload(client, granted_plan, GOOD_ROWS).status_code == 302
    r = upload(client, granted_plan, GOOD_ROWS)
    assert r.status_code == 422 and "Te veel uploads" in r.content.decode()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_progress_declaration_settlement_and_letter(client, users, granted_plan, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, users["applicant"])
    r = client.post(reverse("portal:progress_report", args=[granted_plan.pk]),
                    {"month": 12, "M01-participants": 200, "M01-costs_eur": "250000"})
    assert r.status_code == 302, r.content.decode()
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-08-01"
    r = client.post(reverse("portal:declaration", args=[granted_plan.pk]), {
        "M01-participants": 450, "M01-youth": 40, "M01-costs_eur": "580000", "confirm": "on",
        "auditor_statement": SimpleUploadedFile("verklaring.pdf", PDF, content_type="application/pdf")})
    assert r.status_code == 302, r.content.decode()
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.DECLARED
    login(client, users["assessor"])
    page = client.get(reverse("portal:settle", args=[granted_plan.pk])).content.decode()
    assert "€\xa0290.000,00" in page  # 50 % of 580.000 (capped at the maximum of 300.000)
    assert client.post(reverse("portal:settle", args=[granted_plan.pk]), {"note": ""}).status_code == 302
    proposal = Proposal.objects.get(kind="settlement")
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 403  # own draft
    login(client, users["assessor2"])
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 302
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.SETTLED
    login(client, users["applicant"])
    page = client.get(reverse("portal:finance", args=[granted_plan.pk])).content.decode()
    assert "Vastgestelde subsidie" in page
    letter = client.get(reverse("portal:settlement_letter", args=[granted_plan.pk, 1]))
    assert letter.content.startswith(b"%PDF")


def test_calculator_computes_formats_7(client, users):
    login(client, users["applicant"])
    r = client.get(reverse("portal:calculator"), {
        "scheme": "sectorplannen-2015", "max_subsidy_eur": "1000000", "advances_paid_eur": "400000",
        "m0-code": "M01", "m0-type": "work_placement", "m0-planned_participants": 100, "m0-realised_participants": 80,
        "m0-planned_costs_eur": "500000", "m0-eligible_costs_eur": "450000"})
    page = r.content.decode()
    assert r.status_code == 200 and "€\xa090.000,00" in page  # 20 % of 450.000


def test_the_approver_can_send_a_proposal_back(client, users, granted_plan):
    from sectorplannen.workflow import services

    req = services.request_revision(granted_plan, users["applicant"], reason="minder", changes=[
        {"op": "set", "measure": "M01", "planned_participants": 400}], analysis_date=granted_plan.analyses.first().date)
    proposal = services.propose(granted_plan, "revision", {}, users["assessor"], revision_request=req)
    login(client, users["policy_officer"])
    r = client.post(reverse("portal:proposal_reject", args=[proposal.pk]), {"outcome": ""})
    assert r.status_code == 422
    r = client.post(reverse("portal:proposal_reject", args=[proposal.pk]), {"outcome": "Analyse ontbreekt"})
    assert r.status_code == 302
    proposal.refresh_from_db()
    req.refresh_from_db()
    assert proposal.status == "rejected" and proposal.decided_by == users["policy_officer"]
    assert req.status == "requested"  # back in the assessor's queue
    assert granted_plan.latest_decision().version == 1
