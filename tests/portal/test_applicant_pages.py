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
