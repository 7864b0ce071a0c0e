"""Split and merge revision requests through the pages: request → review → approval, and refusals as field errors."""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sectorplannen.plans.application import submit_application
from sectorplannen.workflow.models import Proposal
from sectorplannen.workflow.services import transition

from .conftest import PASSWORD, application

pytestmark = pytest.mark.django_db

BASE = {"reason": "Andere indeling van de scholing", "analysis_date": "2014-05-01"}


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def three_measure_plan(users):
    """A granted plan with M01 and M02 (general training) and M03 (a work placement)."""
    doc = application("Sectorplan Drie")
    m01 = doc["measures"][0]
    m01["planned_costs_eur"] = 300000.0
    m01["planned_participants"] = 200
    m01["planned_youth_participants"] = 20
    m01["own_funding"] = [{"source": "training_fund", "amount_eur": 150000.0}]
    m02 = {**copy.deepcopy(m01), "code": "M02"}
    m03 = {**copy.deepcopy(m01), "code": "M03", "category": "work_placements", "type": "work_placement",
           "planned_costs_eur": 200000.0, "own_funding": [{"source": "employers", "amount_eur": 160000.0}]}
    doc["measures"] = [m01, m02, m03]
    plan = submit_application(doc, actor=users["applicant"])
    transition(plan, "grant", users["assessor"], approved_by=users["policy_officer"], decided_on=dt.date(2014, 7, 1))
    plan.refresh_from_db()
    return plan


def request_review_approve(client, users, plan, data) -> None:
    """Applicant previews and sends, the assessor prepares, the policy officer approves."""
    login(client, users["applicant"])
    url = reverse("portal:revision_request", args=[plan.pk])
    preview = client.post(url, {**BASE, **data, "action": "preview"})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Zo verandert de beschikking" in page and "Er is iets niet goed ingevuld" not in page
    assert client.post(url, {**BASE, **data, "action": "send"}).status_code == 302
    req = plan.revision_requests.get()
    assert req.changes[0]["op"] == data["op"]
    login(client, users["assessor"])
    review = client.get(reverse("portal:revision_review", args=[req.pk]))
    assert review.status_code == 200 and "Dit kan zo niet worden besloten" not in review.content.decode()
    assert client.post(reverse("portal:revision_review", args=[req.pk]), {"action": "propose"}).status_code == 302
    proposal = Proposal.objects.get(kind="revision")
    login(client, users["policy_officer"])
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.decided_by == users["policy_officer"]


def lines_of(plan) -> dict:
    decision = plan.latest_decision()
    return {line.measure.code: (line.status, line.planned_participants, line.planned_costs_eur)
            for line in decision.lines.select_related("measure")}


def test_split_request_reviewed_and_approved(client, users, granted_plan):
    data = {"op": "split", "measure": "M01",
            "part1_code": "M01A", "part1_participants": 300, "part1_costs_eur": "350000",
            "part2_code": "M01B", "part2_participants": 200, "part2_costs_eur": "250000",
            "part3_code": "", "part3_participants": "", "part3_costs_eur": ""}
    request_review_approve(client, users, granted_plan, data)
    assert granted_plan.latest_decision().version == 2
    assert lines_of(granted_plan) == {
        "M01": ("stopped", 0, Decimal("0.00")),
        "M01A": ("active", 300, Decimal("350000.00")),
        "M01B": ("active", 200, Decimal("250000.00")),
    }
    assert set(granted_plan.measures.values_list("code", flat=True)) == {"M01", "M01A", "M01B"}
    page = client.get(reverse("portal:decision_detail", args=[granted_plan.pk, 2])).content.decode()
    assert "M01A" in page and "M01B" in page


def test_merge_request_reviewed_and_approved(client, users, three_measure_plan):
    data = {"op": "merge", "merge_measures": ["M01", "M02"], "merged_code": "M12",
            "merged_participants": 380, "merged_costs_eur": "390000"}
    request_review_approve(client, users, three_measure_plan, data)
    assert three_measure_plan.latest_decision().version == 2
    lines = lines_of(three_measure_plan)
    assert lines["M12"] == ("active", 380, Decimal("390000.00"))
    assert lines["M01"][0] == lines["M02"][0] == "stopped"
    assert lines["M03"] == ("active", 200, Decimal("200000.00"))


def test_merge_into_one_of_the_chosen_codes(client, users, three_measure_plan):
    data = {"op": "merge", "merge_measures": ["M01", "M02"], "merged_code": "M01",
            "merged_participants": 400, "merged_costs_eur": "400000"}
    request_review_approve(client, users, three_measure_plan, data)
    lines = lines_of(three_measure_plan)
    assert lines["M01"] == ("active", 400, Decimal("400000.00")) and lines["M02"][0] == "stopped"


def field_error(page: str, field: str) -> str:
    """The error text shown at a field (the element the error summary links to via aria-describedby)."""
    match = re.search(rf'id="id_{field}_error">([^<]*)<', page)
    assert match, f"no error at {field}"
    assert f'href="#id_{field}' in page  # linked from the error summary
    return match.group(1)


def preview(client, users, plan, data):
    login(client, users["applicant"])
    r = client.post(reverse("portal:revision_request", args=[plan.pk]), {**BASE, **data, "action": "preview"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "Er is iets niet goed ingevuld" in page and "Herzieningsverzoek versturen" not in page
    assert not plan.revision_requests.exists()
    return page


def test_merge_of_different_types_is_a_field_error(client, users, three_measure_plan):
    page = preview(client, users, three_measure_plan, {
        "op": "merge", "merge_measures": ["M01", "M03"], "merged_code": "M13",
        "merged_participants": 300, "merged_costs_eur": "300000"})
    assert "hetzelfde thema en type" in field_error(page, "merge_measures")


def test_merge_needs_two_measures_and_a_free_code(client, users, three_measure_plan):
    page = preview(client, users, three_measure_plan, {
        "op": "merge", "merge_measures": ["M01"], "merged_code": "M03", "merged_participants": "",
        "merged_costs_eur": "100"})
    assert "ten minste twee" in field_error(page, "merge_measures")
    assert "bestaat al" in field_error(page, "merged_code")
    assert "deelnemers" in field_error(page, "merged_participants")


def test_split_errors_per_part(client, users, three_measure_plan):
    page = preview(client, users, three_measure_plan, {
        "op": "split", "measure": "M01",
        "part1_code": "M02", "part1_participants": 100, "part1_costs_eur": "100000",
        "part2_code": "M01X", "part2_participants": "", "part2_costs_eur": "50000",
        "part3_code": "M01X", "part3_participants": 10, "part3_costs_eur": "-5"})
    assert "M02 bestaat al" in field_error(page, "part1_code")
    assert "deelnemers" in field_error(page, "part2_participants")
    assert "eigen code" in field_error(page, "part3_code")
    assert field_error(page, "part3_costs_eur")


def test_split_needs_two_parts(client, users, granted_plan):
    page = preview(client, users, granted_plan, {
        "op": "split", "measure": "", "part1_code": "A", "part1_participants": 1, "part1_costs_eur": "1"})
    assert "twee delen" in field_error(page, "part1_code")
    assert field_error(page, "measure") == "Kies de maatregel."


def test_split_into_a_stopped_code_is_refused_by_the_rules(client, users, granted_plan):
    """A code of a stopped measure is not on the form's list; the form checks all codes of the decision."""
    from sectorplannen.plans.services import revise

    revise(granted_plan, [{"op": "split", "measure": "M01", "into": [
        {"code": "M01A", "planned_participants": 250, "planned_costs_eur": "300000"},
        {"code": "M01B", "planned_participants": 250, "planned_costs_eur": "300000"}]}],
        reason="x", analysis_date=dt.date(2014, 5, 1), requested_on=dt.date(2014, 8, 1),
        actor=users["assessor"], approved_by=users["policy_officer"])
    page = preview(client, users, granted_plan, {
        "op": "split", "measure": "M01A",
        "part1_code": "M01", "part1_participants": 100, "part1_costs_eur": "100000",
        "part2_code": "M01C", "part2_participants": 100, "part2_costs_eur": "100000"})
    assert "M01 bestaat al" in field_error(page, "part1_code")


def test_rule_refusals_are_field_errors(client, users, granted_plan):
    """Refusals only the revision rules know (more subsidy, outdated analysis) land at their field, never a 500."""
    page = preview(client, users, granted_plan, {
        "analysis_date": "2000-01-01", "op": "split", "measure": "M01",
        "part1_code": "M01A", "part1_participants": 300, "part1_costs_eur": "500000",
        "part2_code": "M01B", "part2_participants": 300, "part2_costs_eur": "500000"})
    assert "maximale subsidie" in field_error(page, "part1_costs_eur")
    assert "ouder dan de vorige" in field_error(page, "analysis_date")
    assert 'aria-invalid="true"' in page


def test_widening_a_target_group_through_the_pages(client, users, granted_plan):
    """Issue 21: the applicant asks, the assessor prepares, the policy officer approves (four eyes)."""
    request_review_approve(client, users, granted_plan, {"op": "widen_target_group", "measure": "M01",
                                                         "target_groups": ["not_working"]})
    assert "not_working" in granted_plan.measures.get(code="M01").target_groups
    login(client, users["applicant"])
    refused = client.post(reverse("portal:revision_request", args=[granted_plan.pk]), {
        **BASE, "op": "widen_target_group", "measure": "M01", "target_groups": ["social_assistance"],
        "action": "preview"}).content.decode()
    assert "niet toegestaan" in refused  # tranches 1-2 leave groups of other public policy out
