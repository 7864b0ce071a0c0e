"""Issue 18, what applicants expected: the next deadline per plan and the inbox notice on "Mijn
plannen", deleting a draft, the help page, the template file of the participant upload."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from sectorplannen.finance.deadlines import progress_reports_due
from sectorplannen.notifications.models import Notification
from sectorplannen.participants.validation import COLUMNS
from sectorplannen.portal.models import PlanDraft
from sectorplannen.workflow.services import current_deadline, transition

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client, users):
    assert client.login(username="applicant", password=PASSWORD)
    return client


def test_my_plans_shows_the_next_deadline_and_the_inbox_notice(applicant, users, granted_plan, fresh_plan):
    Notification.objects.create(recipient=users["applicant"], kind="decision_taken", subject="Besluit genomen",
                                body="…", language="nl")
    page = applicant.get(reverse("portal:my_plans")).content.decode()
    assert 'data-testid="inbox-notice"' in page and "Besluit genomen" in page and reverse("portal:inbox") in page
    label, _due = current_deadline(granted_plan)
    assert label in page[page.index(f'data-testid="deadline-{granted_plan.pk}"'):][:200]
    transition(granted_plan, "start", users["applicant"], on=dt.date(2014, 9, 1))
    page = applicant.get(reverse("portal:my_plans")).content.decode()
    decision = granted_plan.latest_decision()
    first = progress_reports_due(decision.start_date, decision.end_date, granted_plan.scheme.rules)[0]
    cell = page[page.index(f'data-testid="deadline-{granted_plan.pk}"'):]
    assert f"{first.month} maanden" in cell[:200]
    due = fresh_plan.submitted_on  # a submitted plan: the decision deadline of the rules
    cell = page[page.index(f'data-testid="deadline-{fresh_plan.pk}"'):]
    assert "–" not in cell[:60] and str(due.year) in cell[:200]


def test_a_draft_can_be_deleted(applicant, users):
    applicant.post(reverse("portal:draft_create"))
    draft = PlanDraft.objects.get()
    page = applicant.get(reverse("portal:my_plans")).content.decode()
    assert f'data-testid="delete-draft-{draft.pk}"' in page
    r = applicant.post(reverse("portal:draft_delete", args=[draft.pk]))
    assert r.status_code == 302 and not PlanDraft.objects.exists()


def test_help_page_with_contact(applicant, settings):
    page = applicant.get(reverse("portal:help")).content.decode()
    assert "Zo verloopt een sectorplan" in page and "geen contactgegevens ingesteld" in page
    settings.PORTAL_CONTACT_EMAIL = "helpdesk@uitvoering.test"
    assert "mailto:helpdesk@uitvoering.test" in applicant.get(reverse("portal:help")).content.decode()


def test_the_upload_template_has_the_columns_the_upload_reads(applicant, granted_plan):
    page = applicant.get(reverse("portal:participants", args=[granted_plan.pk])).content.decode()
    assert 'data-testid="upload-template"' in page
    r = applicant.get(reverse("portal:upload_template", args=[granted_plan.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert [c.value for c in wb["deelnemers"][1]] == [dutch for dutch, _ in COLUMNS.values()]
    codes = [row[0].value for row in wb["toelichting"].iter_rows(min_row=2)]
    assert all(m.code in codes for m in granted_plan.measures.all())


def test_check_your_answers_then_declare_then_a_receipt_with_a_case_number_and_a_pdf(applicant, tmp_path):
    import subprocess

    from sectorplannen.plans.models import Plan

    from .test_flow import draft_a_plan, post_step

    draft = draft_a_plan(applicant)
    page = applicant.get(reverse("portal:draft_step", args=[draft.pk, "indienen"])).content.decode()
    assert 'data-testid="answers"' in page and "Sectorplan Techniek" in page and "Bond Y" in page
    assert f'href="{reverse("portal:draft_step", args=[draft.pk, "maatregelen"])}">Wijzig Maatregelen' in page
    assert 'name="declare"' in page
    r = post_step(applicant, draft, "indienen", {"action": "submit"}, htmx=False)
    assert r.status_code == 422 and "Vink de verklaring aan" in r.content.decode() and not Plan.objects.exists()
    r = post_step(applicant, draft, "indienen", {"action": "submit", "declare": "on"}, htmx=False)
    plan = Plan.objects.get()
    detail = applicant.get(r.url).content.decode()
    assert plan.case_number in detail and "ingediend onder zaaknummer" in detail
    pdf = applicant.get(reverse("portal:application_copy", args=[plan.pk]))
    path = tmp_path / "aanvraag.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert plan.case_number in text and "Sectorplan Techniek" in text and "Bond Y" in text


def test_attachments_are_checked_stored_and_kept_with_the_plan(applicant, client, users, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sectorplannen.plans.models import Plan
    from sectorplannen.portal.models import Attachment

    from .test_flow import draft_a_plan, post_step

    draft = draft_a_plan(applicant)
    url = reverse("portal:draft_step", args=[draft.pk, "indienen"])
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    fake = applicant.post(url, {"action": "attach", "kind": "analysis",
                                "file": SimpleUploadedFile("analyse.pdf", b"not a pdf at all")})
    assert fake.status_code == 200 and "geen geldig PDF-bestand" in fake.content.decode()
    wrong = applicant.post(url, {"action": "attach", "kind": "analysis",
                                 "file": SimpleUploadedFile("analyse.docx", pdf)})
    assert "Kies een bestand van het type .pdf" in wrong.content.decode()
    settings.PORTAL_UPLOAD_MAX_BYTES = len(pdf) - 1
    big = applicant.post(url, {"action": "attach", "kind": "analysis", "file": SimpleUploadedFile("a.pdf", pdf)})
    assert "groter dan" in big.content.decode() and not Attachment.objects.exists()
    settings.PORTAL_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    r = applicant.post(url, {"action": "attach", "kind": "partnership_agreement",
                             "file": SimpleUploadedFile("Overeenkomst 2014.pdf", pdf)})
    assert r.status_code == 302
    [attachment] = Attachment.objects.all()
    assert attachment.size == len(pdf) and "Overeenkomst" not in attachment.file.name  # neutral name on disk
    assert b"".join(applicant.get(reverse("portal:attachment", args=[attachment.pk])).streaming_content) == pdf
    post_step(applicant, draft, "indienen", {"action": "submit", "declare": "on"}, htmx=False)
    plan = Plan.objects.get()
    assert "Overeenkomst 2014.pdf" in applicant.get(reverse("portal:plan_detail", args=[plan.pk])).content.decode()
    applicant.logout()
    assert client.login(username="assessor", password=PASSWORD)
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 200
    client.logout()
    assert client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 403
