"""The final report through the pages: progress through the blocks, drafts with htmx, checks shown at
their fields, submission, the declaration's gate, English, and who may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sectorplannen.qualitative.models import FinalReport
from sectorplannen.qualitative.prefill import plan_frame

from ..qualitative.answers import PLAN_ANSWERS, measure_answers
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def post_block(client, plan, block, answers, prefix="plan"):
    data = {}
    for key, value in answers.items():
        data[f"{prefix}-{key}"] = value
    return client.post(reverse("portal:final_report_block", args=[plan.pk, block]), data, headers=HTMX)


def test_project_leader_fills_in_and_submits(client, users, granted_plan):
    login(client, users["applicant"])
    page = client.get(reverse("portal:final_report", args=[granted_plan.pk])).content.decode()
    assert "Eindrapportage" in page and "nog niet compleet" in page
    for block, answers in PLAN_ANSWERS.items():
        r = post_block(client, granted_plan, block, answers)
        assert r.status_code == 200 and "Dit onderdeel is in orde" in r.content.decode(), block
    data = {}
    for m in plan_frame(granted_plan).measures:
        for key, value in measure_answers(m.below_plan).items():
            data[f"m{m.measure_id}-{key}"] = value
    r = client.post(reverse("portal:final_report_block", args=[granted_plan.pk, "B"]), data, headers=HTMX)
    assert "Dit onderdeel is in orde" in r.content.decode()
    r = client.post(reverse("portal:final_report", args=[granted_plan.pk]), follow=True)
    assert "is ingediend" in r.content.decode()
    assert FinalReport.objects.get(plan=granted_plan).state == "submitted"


def test_problems_are_shown_at_their_fields_and_the_draft_is_kept(client, users, granted_plan):
    login(client, users["applicant"])
    r = post_block(client, granted_plan, "C", {"C5": ["none", "personnel"], "C1": "union"})
    html = r.content.decode()
    assert "data-error-summary" in html and 'aria-invalid="true"' in html and "gaat niet samen" in html
    assert FinalReport.objects.get(plan=granted_plan).answers["C1"] == "union"
    r = client.post(reverse("portal:final_report", args=[granted_plan.pk]))
    assert "nog niet compleet" in r.content.decode()


def test_shortfall_question_only_for_measures_that_fell_short(client, users, granted_plan):
    login(client, users["applicant"])
    html = client.get(reverse("portal:final_report_block", args=[granted_plan.pk, "B"])).content.decode()
    frame = plan_frame(granted_plan)
    for m in frame.measures:
        assert (f'name="m{m.measure_id}-B6"' in html) is bool(m.below_plan), m.code


def test_in_english(client, users, granted_plan):
    login(client, users["applicant"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("portal:final_report_block", args=[granted_plan.pk, "C"])).content.decode()
    assert "Who took the initiative for the plan?" in html and "Social partners" in html


def test_other_organisations_and_the_evaluator_cannot_open_a_plans_report(client, users, granted_plan):
    for name in ("outsider", "evaluator"):
        client.logout()
        login(client, users[name])
        assert client.get(reverse("portal:final_report", args=[granted_plan.pk])).status_code == 403
