"""A revision through the API: the applicant's request (the revision rules first), the assessor's
proposal answering it, the policy officer's approval: a second decision version with its letter."""

from __future__ import annotations

import pytest

from .conftest import token_for

pytestmark = pytest.mark.django_db


def test_a_revision_request_becomes_a_new_decision_version(api, users, granted_plan):
    plan = granted_plan.pk
    fund = token_for(users["applicant"])
    refused = api.as_(fund).post(f"/api/v1/plannen/{plan}/herzieningsverzoeken", {
        "reason": "onzin", "analysis_date": "2014-05-01", "changes": [{"op": "stop", "measure": "M99"}]},
        format="json")
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["invalidParams"][0]["code"]
    asked = api.post(f"/api/v1/plannen/{plan}/herzieningsverzoeken", {
        "reason": "minder deelnemers", "analysis_date": "2014-05-01",
        "changes": [{"op": "set", "measure": "M01", "planned_participants": 400}]}, format="json")
    assert asked.status_code == 201, asked.content
    proposal = api.as_(token_for(users["assessor"])).post("/api/v1/voorstellen", {
        "plan_id": plan, "kind": "revision", "revision_request_id": asked.json()["id"], "note": "akkoord"},
        format="json")
    assert proposal.status_code == 201, proposal.content
    approved = api.as_(token_for(users["policy_officer"])).post(
        f"/api/v1/voorstellen/{proposal.json()['id']}/goedkeuringen")
    assert approved.status_code == 201, approved.content
    versions = api.as_(fund).get(f"/api/v1/plannen/{plan}/beschikkingen").json()["results"]
    assert [v["version"] for v in versions] == [1, 2]
    line = api.get(f"/api/v1/plannen/{plan}/beschikkingen/2").json()["lines"][0]
    assert (line["code"], line["planned_participants"]) == ("M01", 400)
    letter = api.get(f"/api/v1/plannen/{plan}/beschikkingen/2/brief")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert api.get(f"/api/v1/plannen/{plan}/herzieningsverzoeken").json()["results"][0]["status"] == "decided"


def test_start_and_withdrawal_by_the_main_applicant(api, users, granted_plan):
    fund = token_for(users["applicant"])
    started = api.as_(fund).post(f"/api/v1/plannen/{granted_plan.pk}/startmeldingen")
    assert (started.status_code, started.json()["plan_status"]) == (201, "running")
    again = api.post(f"/api/v1/plannen/{granted_plan.pk}/startmeldingen")
    assert again.status_code == 403  # the permission function: only a granted plan that does not run yet
    gone = api.post(f"/api/v1/plannen/{granted_plan.pk}/intrekkingen", {"reason": "Geen deelnemers"}, format="json")
    assert (gone.status_code, gone.json()["plan_status"]) == (201, "withdrawn")
