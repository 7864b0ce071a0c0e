"""/voorschotten (issue 18): the applicant asks through the API, an assessor drafts the decision with
POST /voorstellen (kind advance), a second agency user approves it; refusals by the scheme's rule as
problems with their code; the letter as a PDF; lists filtered and paginated per caller."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest

from sectorplannen.finance.services import advance_schedule_for, plan_ledger
from sectorplannen.plans.schedule import due_by

from .conftest import token_for

pytestmark = pytest.mark.django_db
ON = dt.date(2014, 8, 1)


@pytest.fixture(autouse=True)
def _after_the_grant(settings, _portal_settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()


def test_ask_draft_approve_and_read_the_letter(api, users, granted_plan, tmp_path):
    plan = granted_plan
    standard = due_by(advance_schedule_for(plan), ON) - plan_ledger(plan).advanced_eur
    applicant = api.as_(token_for(users["applicant"]))
    made = applicant.post("/api/v1/voorschotten", {"plan_id": plan.pk, "standard": True, "reason": "Start"},
                          format="json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert Decimal(body["amount_eur"]) == standard and body["status"] == "requested" and body["decision"] is None
    again = applicant.post("/api/v1/voorschotten", {"plan_id": plan.pk, "amount_eur": "10.00", "reason": "Nog"},
                           format="json")
    assert again.status_code == 422 and "advance_pending" in again.content.decode()

    assessor = api.as_(token_for(users["assessor"]))
    proposal = assessor.post("/api/v1/voorstellen", {"plan_id": plan.pk, "kind": "advance",
                                                     "advance_request_id": body["id"]}, format="json")
    assert proposal.status_code == 201, proposal.content
    own = assessor.post(f"/api/v1/voorstellen/{proposal.json()['id']}/goedkeuringen")
    assert own.status_code == 403  # the four eyes: not the one who drafted it
    second = api.as_(token_for(users["assessor2"]))
    taken = second.post(f"/api/v1/voorstellen/{proposal.json()['id']}/goedkeuringen")
    assert taken.status_code == 201 and taken.json()["status"] == "approved"

    applicant = api.as_(token_for(users["applicant"]))
    detail = applicant.get(f"/api/v1/voorschotten/{body['id']}").json()
    assert detail["status"] == "granted" and detail["decision"]["reference"] == f"VO-{plan.pk}-1"
    assert Decimal(detail["decision"]["amount_eur"]) == standard
    assert Decimal(detail["decision"]["due_eur"]) == due_by(advance_schedule_for(plan), ON)
    letter = applicant.get(f"/api/v1/voorschotten/{body['id']}/brief")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    path = tmp_path / "brief.pdf"
    path.write_bytes(letter.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert f"VO-{plan.pk}-1" in text
    listed = applicant.get("/api/v1/voorschotten", {"status": "granted", "planId": plan.pk, "pageSize": 1}).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]
    assert api.as_(token_for(users["outsider"])).get("/api/v1/voorschotten").json()["results"] == []
    assert api.as_(token_for(users["outsider"])).get(f"/api/v1/voorschotten/{body['id']}").status_code == 403


def test_refusals_by_the_rule_and_by_the_assessor(api, users, granted_plan):
    applicant = api.as_(token_for(users["applicant"]))
    too_much = applicant.post("/api/v1/voorschotten", {"plan_id": granted_plan.pk, "amount_eur": "99999999.00",
                                                        "reason": "Alles"}, format="json")
    assert too_much.status_code == 422 and "advance_above_schedule" in too_much.content.decode()
    missing = applicant.post("/api/v1/voorschotten", {"plan_id": granted_plan.pk, "reason": "x"}, format="json")
    assert missing.status_code == 400
    made = applicant.post("/api/v1/voorschotten", {"plan_id": granted_plan.pk, "amount_eur": "100.00",
                                                   "reason": "Een deel"}, format="json").json()
    assert api.as_(token_for(users["applicant"])).get(f"/api/v1/voorschotten/{made['id']}/brief").status_code == 404
    refused = api.as_(token_for(users["assessor"])).post(f"/api/v1/voorschotten/{made['id']}/afwijzingen",
                                                         {"reason": "Eerst de startmelding."}, format="json")
    assert refused.status_code == 201 and refused.json()["status"] == "refused"
    assert refused.json()["refusal_reason"] == "Eerst de startmelding."
