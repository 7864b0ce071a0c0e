"""Participant uploads through the API: 202 with a status resource, the same import and idempotency
as the command line, the report and the error CSV, scopes, and no file name or BSN in any address."""

from __future__ import annotations

import csv
import io
import random

import pytest

from sectorplannen.participants.models import Registration
from sectorplannen.participants.synth import BsnSource

from .conftest import token_for

pytestmark = pytest.mark.django_db
HEADER = "measure,bsn,birth_date,start_date,end_date,target_group,employer_id\n"


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")


def participants_csv(n: int, bad: int = 0) -> bytes:
    source = BsnSource(random.Random(16))
    lines = [f"M01,{source()},1980-02-01,2015-04-01,,working_in_sector,\n" for _ in range(n)]
    lines += ["M01,12345678,1980-02-01,2015-04-01,,working_in_sector,\n"] * bad
    return (HEADER + "".join(lines)).encode()


def test_an_upload_is_a_job_with_a_status_report_and_errors(api, users, granted_plan):
    api.as_(token_for(users["applicant"]))
    url = f"/api/v1/plannen/{granted_plan.pk}/deelnemersuploads"
    r = api.post(url, participants_csv(20, bad=1), content_type="text/csv",
                 HTTP_IDEMPOTENCY_KEY="batch-1", HTTP_CONTENT_DISPOSITION='attachment; filename="export.csv"')
    assert r.status_code == 202, r.content
    location = r["Location"]
    status = api.get(location).json()
    assert (status["state"], status["outcome"], status["rows_read"], status["stored"], status["rejected"]) == (
        "succeeded", "stored", 21, 20, 1)
    assert Registration.objects.filter(plan=granted_plan).count() == 20
    errors = api.get(location + "/fouten")
    assert errors.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(errors.streaming_content).decode("utf-8-sig"))))
    assert [(row["row"], row["code"]) for row in rows] == [("22", "bsn_invalid")]
    assert api.get(location + "/rapport").status_code == 200
    # The same key again is the same job; the same file under a new key changes nothing (idempotent import).
    again = api.post(url, participants_csv(20, bad=1), content_type="text/csv", HTTP_IDEMPOTENCY_KEY="batch-1")
    assert again["Location"] == location
    other = api.post(url, participants_csv(20, bad=1), content_type="text/csv")
    assert api.get(other["Location"]).json()["already_known"] == 20
    assert Registration.objects.filter(plan=granted_plan).count() == 20
    listed = api.get(url).json()
    assert listed["count"] == 2


def test_uploads_need_the_participants_scope_and_the_applicant(api, users, granted_plan):
    from sectorplannen.api.tokens import create_token

    url = f"/api/v1/plannen/{granted_plan.pk}/deelnemersuploads"
    _t, secret = create_token(users["applicant"], name="x", scopes=["read", "write"], days=1,
                              organisation=users["applicant"].memberships.first().organisation)
    assert api.as_(secret).post(url, participants_csv(3), content_type="text/csv").status_code == 403
    assert api.as_(token_for(users["outsider"])).post(url, participants_csv(3), content_type="text/csv"
                                                      ).status_code == 403
    r = api.as_(token_for(users["applicant"])).post(url, b"x", content_type="application/json")
    assert r.status_code == 415 and r["Content-Type"] == "application/problem+json"
    assert Registration.objects.count() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_stored(api, users, granted_plan, settings):
    settings.PARTICIPANT_UPLOAD_MAX_BYTES = 200
    r = api.as_(token_for(users["applicant"])).post(f"/api/v1/plannen/{granted_plan.pk}/deelnemersuploads",
                                                    participants_csv(20), content_type="text/csv")
    assert r.status_code == 400 and r.json()["invalidParams"][0]["code"] == "file_too_large"
    assert Registration.objects.count() == 0
