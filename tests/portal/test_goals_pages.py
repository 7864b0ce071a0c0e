"""Narrow goals per measure through the pages: the application form, the plan page, the revision request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sectorplannen.plans.models import Plan

from .conftest import PASSWORD
from .test_flow import draft_a_plan, post_step
from .test_revision_split_merge import BASE, three_measure_plan  # noqa: F401

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_the_application_form_asks_goals_and_the_plan_page_shows_their_labels(client, users):
    login(client, users["applicant"])
    draft = draft_a_plan(client)
    page = client.get(reverse("portal:draft_step", args=[draft.pk, "maatregelen"])).content.decode()
    assert "Doelen van de maatregel" in page and "Menselijk kapitaal in de sector vergroten" in page
    assert "goals_missing" in page  # the draft's measure names none yet: a warning at the measure
    r = post_step(client, draft, "maatregelen", {
        "action": "add", "index": "0", "code": "M01", "measure_type": "general_training", "description": "Scholing",
        "target_groups": ["working_in_sector"], "bottlenecks": ["new_competences"], "planned_participants": 500,
        "planned_costs_eur": "600000", "individual_registration": "on", "goals": ["human_capital", "prevent_ww"],
        "mechanism": "skills"})
    assert "unknown_goal" in r.content.decode()  # a mobility goal on a training measure
    post_step(client, draft, "maatregelen", {
        "action": "add", "index": "0", "code": "M01", "measure_type": "general_training", "description": "Scholing",
        "target_groups": ["working_in_sector"], "bottlenecks": ["new_competences"], "planned_participants": 500,
        "planned_costs_eur": "600000", "individual_registration": "on", "goals": ["human_capital"],
        "mechanism": "skills"})
    r = post_step(client, draft, "indienen", {"action": "submit", "declare": "on"}, htmx=False)
    plan = Plan.objects.get(name="Sectorplan Techniek")
    assert plan.measures.get().goals == ["human_capital"]
    page = client.get(reverse("portal:plan_detail", args=[plan.pk])).content.decode()
    assert "Menselijk kapitaal in de sector vergroten" in page and "human_capital" not in page


def test_a_revision_request_names_goals_of_the_themes_list(client, users, three_measure_plan):  # noqa: F811
    plan = three_measure_plan
    login(client, users["applicant"])
    url = reverse("portal:revision_request", args=[plan.pk])
    wrong = {**BASE, "op": "set", "measure": "M01", "planned_participants": "180", "goals": ["more_placements"],
             "action": "preview"}
    page = client.post(url, wrong).content.decode()
    assert "Er is iets niet goed ingevuld" in page
    assert "staat niet in de lijst van het thema Om- en bijscholing" in page
    right = {**wrong, "goals": ["human_capital"], "action": "send"}
    assert client.post(url, right).status_code == 302
    assert plan.revision_requests.get().changes[0]["goals"] == ["human_capital"]


def test_the_plan_page_reads_the_goal_labels_without_a_query_per_measure(client, users, submitted_plan):
    """The goals' labels come from the codebook versions the measures name, read once for the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sectorplannen.plans.models import Measure

    login(client, users["assessor"])
    url = reverse("portal:plan_detail", args=[submitted_plan.pk])
    submitted_plan.measures.update(goals=["human_capital"], mechanism="skills", goals_codebook=1)

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        assert "Menselijk kapitaal in de sector vergroten" in page
        return len(captured)

    few = queries()
    first = submitted_plan.measures.get()
    for i in range(2, 7):
        Measure.objects.create(plan=submitted_plan, code=f"M0{i}", category=first.category,
                               measure_type=first.measure_type, description="Scholing",
                               planned_participants=10, planned_costs_eur=1000, goals=["human_capital"],
                               mechanism="skills", goals_codebook=1)
    assert queries() == few  # six measures: as many queries as one
    Measure.objects.filter(plan=submitted_plan, code__in=["M02", "M03"]).update(goals_codebook=None)
    assert queries() == few + 1  # measures without a version take the current one: one query for them all
