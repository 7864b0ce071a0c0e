"""Issue 18, point 3: the step menu stays true after an htmx save, "next step" saves before moving,
the submit step lists the errors with links to their steps and never says "no errors" above them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sectorplannen.portal import drafts
from sectorplannen.portal.models import PlanDraft

from .conftest import PASSWORD
from .test_flow import draft_a_plan, post_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant_client(client, users):
    assert client.login(username="applicant", password=PASSWORD)
    return client


def new_draft(client) -> PlanDraft:
    client.post(reverse("portal:draft_create"))
    return PlanDraft.objects.latest("pk")


def menu_count(body: str, slug: str) -> int:
    found = re.search(rf'data-testid="count-{slug}">\((\d+) fout', body)
    return int(found.group(1)) if found else 0


def test_an_htmx_save_updates_the_step_menu_out_of_band(applicant_client):
    draft = new_draft(applicant_client)
    before = applicant_client.get(reverse("portal:draft_step", args=[draft.pk, "algemeen"])).content.decode()
    errors_before = sum(1 for f in drafts.findings_by_step(draft)["algemeen"] if f.severity == "error")
    assert menu_count(before, "algemeen") == errors_before > 0
    r = post_step(applicant_client, draft, "algemeen", {
        "name": "Sectorplan Techniek", "tranche": 2, "kind": "sectoral", "sectors": "Techniek", "regions": "",
        "start_date": "2014-07-01", "end_date": "2016-06-30", "action": "save"})
    body = r.content.decode()
    assert 'id="draft-steps"' in body and 'hx-swap-oob="true"' in body
    draft.refresh_from_db()
    now = sum(1 for f in drafts.findings_by_step(draft)["algemeen"] if f.severity == "error")
    assert menu_count(body, "algemeen") == now < errors_before


def test_next_step_saves_the_input_before_moving(applicant_client):
    draft = new_draft(applicant_client)
    page = applicant_client.get(reverse("portal:draft_step", args=[draft.pk, "algemeen"])).content.decode()
    assert '<button type="submit" name="next" value="samenwerking"' in page
    assert "href=\"" + reverse("portal:draft_step", args=[draft.pk, "samenwerking"]) + "\">Volgende stap" not in page
    r = post_step(applicant_client, draft, "algemeen", {
        "name": "Niet verloren", "tranche": 2, "kind": "sectoral", "sectors": "Bouw", "regions": "",
        "start_date": "2014-07-01", "end_date": "2016-06-30", "next": "samenwerking"})
    assert r["HX-Redirect"] == reverse("portal:draft_step", args=[draft.pk, "samenwerking"])
    draft.refresh_from_db()
    assert draft.document["name"] == "Niet verloren"
    # invalid input is not thrown away: the step comes back with its errors, no redirect
    r = post_step(applicant_client, draft, "algemeen", {"name": "", "next": "samenwerking"})
    assert "HX-Redirect" not in r and "data-error-summary" in r.content.decode()
    # an add form left empty just moves on
    r = post_step(applicant_client, draft, "samenwerking", {"action": "add", "next": "analyse"}, htmx=False)
    assert r.status_code == 302 and r.url.endswith("/analyse/")


def test_the_submit_step_lists_the_errors_with_links_to_their_steps(applicant_client):
    draft = new_draft(applicant_client)
    post_step(applicant_client, draft, "algemeen", {
        "name": "Half af", "tranche": 2, "kind": "sectoral", "sectors": "Bouw", "regions": "",
        "start_date": "2014-07-01", "end_date": "2016-06-30", "action": "save"})
    draft.refresh_from_db()
    page = applicant_client.get(reverse("portal:draft_step", args=[draft.pk, "indienen"])).content.decode()
    assert "Geen fouten gevonden bij deze stap" not in page
    grouped = drafts.findings_by_step(draft)
    assert sum(len(items) for items in grouped.values()) > 1
    for slug, items in grouped.items():
        if items:
            assert f'href="{reverse("portal:draft_step", args=[draft.pk, slug])}">{items[0].message}' in page


def test_a_complete_draft_says_it_can_be_submitted(applicant_client):
    draft = draft_a_plan(applicant_client)
    page = applicant_client.get(reverse("portal:draft_step", args=[draft.pk, "indienen"])).content.decode()
    if not any(f.severity == "error" for items in drafts.findings_by_step(draft).values() for f in items):
        assert 'value="submit"' in page
    assert "Geen fouten gevonden bij deze stap" not in page
