"""The decisions that end a plan and their letters, and a person looked up by BSN in the body
(``POST …/deelnemers/_zoek``): pseudonymised rows, never the BSN in an answer, a log line or an
audit event; audited; rate-limited per token."""

from __future__ import annotations

import io
import json
import random
import subprocess

import pytest
import structlog

from sectorplannen.api import views_lookup
from sectorplannen.audit.models import AuditEvent
from sectorplannen.participants.services import import_participants
from sectorplannen.participants.synth import BsnSource
from sectorplannen.workflow.services import transition

from .conftest import token_for

pytestmark = pytest.mark.django_db
OFFICIAL = "999991607"  # one of the official test BSNs


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")


def test_a_withdrawn_plan_shows_its_closing_decision_and_letter(api, users, submitted_plan, tmp_path):
    transition(submitted_plan, "withdraw", users["applicant"], reason="Geen deelnemers te vinden")
    api.as_(token_for(users["applicant"]))
    listed = api.get(f"/api/v1/plannen/{submitted_plan.pk}/afsluitbesluiten").json()
    assert listed["count"] == 1
    closing = listed["results"][0]
    assert closing["kind"] == "withdrawal" and closing["reference"] == f"INT-{submitted_plan.pk}"
    url = f"/api/v1/plannen/{submitted_plan.pk}/afsluitbesluiten/{closing['id']}"
    assert api.get(url).json()["reasons"] == closing["reasons"]
    letter = api.get(url + "/brief")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(letter.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert submitted_plan.name in text and f"INT-{submitted_plan.pk}" in text
    assert AuditEvent.objects.filter(event="closing_letter_viewed", plan=submitted_plan).exists()
    assert api.get(f"/api/v1/plannen/{submitted_plan.pk}/afsluitbesluiten/{closing['id'] + 1}").status_code == 404
    # another applicant's token sees neither the decision nor its letter
    assert api.as_(token_for(users["outsider"])).get(url + "/brief").status_code == 403


def test_a_running_plan_has_no_closing_decision(api, users, granted_plan):
    api.as_(token_for(users["assessor"]))
    assert api.get(f"/api/v1/plannen/{granted_plan.pk}/afsluitbesluiten").json()["count"] == 0


def _register(plan, bsns):
    rows = "".join(f"M01,{b},1980-02-01,2015-04-01,,working_in_sector,\n" for b in bsns)
    data = ("measure,bsn,birth_date,start_date,end_date,target_group,employer_id\n" + rows).encode()
    result = import_participants(plan, io.BytesIO(data), file_name="d.csv")
    assert result.stored == len(bsns), result


def test_a_person_is_found_by_the_bsn_in_the_body_and_the_bsn_is_never_echoed(api, users, granted_plan):
    source = BsnSource(random.Random(5))
    others = [source() for _ in range(3)]
    _register(granted_plan, [OFFICIAL, *others])
    api.as_(token_for(users["assessor"]))
    url = f"/api/v1/plannen/{granted_plan.pk}/deelnemers/_zoek"
    with structlog.testing.capture_logs() as logs:
        found = api.post(url, {"bsn": "9999 916 07"}, format="json")  # separators as people type them
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["found"] is True and [r["measure"] for r in body["registrations"]] == ["M01"]
    assert len(body["registrations"][0]["pseudonym"]) == 10
    assert OFFICIAL not in found.content.decode() and OFFICIAL not in json.dumps(logs)
    event = AuditEvent.objects.get(event="participant_looked_up")
    assert event.plan == granted_plan and event.context["registrations"] == 1
    assert OFFICIAL not in json.dumps(event.context)
    missing = api.post(url, {"bsn": "123456782"}, format="json").json()  # a valid BSN not in this plan
    assert missing == {"found": False, "registrations": []}


def test_a_bsn_that_fails_the_eleven_test_is_a_problem_that_does_not_repeat_it(api, users, granted_plan):
    api.as_(token_for(users["assessor"]))
    r = api.post(f"/api/v1/plannen/{granted_plan.pk}/deelnemers/_zoek", {"bsn": "999991608"}, format="json")
    assert r.status_code == 400 and r["Content-Type"] == "application/problem+json"
    assert r.json()["invalidParams"][0]["name"] == "bsn" and r.json()["invalidParams"][0]["code"] == "bsn_invalid"
    assert "999991608" not in r.content.decode()


def test_looking_up_needs_the_participants_scope_and_the_plan_and_is_rate_limited(api, users, granted_plan,
                                                                                   monkeypatch):
    from sectorplannen.api.tokens import create_token

    url = f"/api/v1/plannen/{granted_plan.pk}/deelnemers/_zoek"
    _t, reader = create_token(users["assessor"], name="lezer", scopes=["read", "write"], days=1)
    assert api.as_(reader).post(url, {"bsn": OFFICIAL}, format="json").status_code == 403
    assert api.as_(token_for(users["policy_officer"])).post(url, {"bsn": OFFICIAL}, format="json"
                                                             ).status_code == 403
    assert api.as_(token_for(users["assessor"])).get(url).status_code == 405
    monkeypatch.setattr(views_lookup.LookupRateThrottle, "rate", "2/min", raising=False)
    api.as_(create_token(users["assessor"], name="nieuw", scopes=["participants"], days=1)[1])
    answers = [api.post(url, {"bsn": OFFICIAL}, format="json").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
