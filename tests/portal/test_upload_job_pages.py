"""The participant upload as a background job in the portal: queued, followed by polling, finished
with its report and error file, cancelled; a double submit of one form is one job."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sectorplannen.conf.background import task_settings
from sectorplannen.jobs.models import Job
from sectorplannen.jobs.runner import Progress
from sectorplannen.participants import sealed
from sectorplannen.participants.models import Registration

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

ROWS = ("maatregel;bsn;geboortedatum;startdatum;doelgroep\n"
        "M01;999991607;1980-01-01;2014-09-01;werkend_sector\n"
        "M01;123456789;1980-01-01;2014-09-01;werkend_sector\n")


@pytest.fixture
def queued(settings, tmp_path):
    """Tasks wait in the database (no worker runs until the test runs one)."""
    settings.TASKS = task_settings("database")
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _post(client, plan, submission=""):
    data = {"file": SimpleUploadedFile("deelnemers.csv", ROWS.encode(), "text/csv")}
    if submission:
        data["submission"] = submission
    return client.post(reverse("portal:participants", args=[plan.pk]), data)


def _run_worker(monkeypatch):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # would close the test's connection
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def test_an_upload_is_queued_followed_and_reported(users, granted_plan, queued, monkeypatch):
    client = _client(users["applicant"])
    r = _post(client, granted_plan)
    job = Job.objects.get()
    assert r.status_code == 302 and r.url == reverse("portal:upload_job", args=[granted_plan.pk, job.pk])
    page = client.get(r.url).content.decode()
    assert 'data-state="queued"' in page and f'hx-get="{r.url}"' in page and 'hx-trigger="every 1s"' in page
    assert 'data-testid="upload-cancel"' in page
    overview = client.get(reverse("portal:participants", args=[granted_plan.pk])).content.decode()
    assert "deelnemers.csv" in overview and "in de wachtrij" in overview
    assert len(sealed.tokens()) == 1  # waits, encrypted

    job.status = "running"  # as the worker would have it, half-way
    job.save(update_fields=["status"])
    Progress(job).live(done=40, total=80, counts={"rows_read": 1, "stored": 1, "rejected": 0, "seconds_left": 3})
    poll = client.get(r.url, headers={"HX-Request": "true"})
    body = poll.content.decode()
    assert poll.status_code == 200 and "<html" not in body and 'value="50"' in body
    assert 'data-testid="live-rows-read">1<' in body and "ongeveer 3 seconden" in body
    assert "sessionid" not in poll.cookies  # a poll does not extend (or write) the session
    job.status = "queued"
    job.save(update_fields=["status"])

    _run_worker(monkeypatch)
    job.refresh_from_db()
    assert job.status == "succeeded" and Registration.objects.filter(plan=granted_plan).count() == 1
    assert sealed.tokens() == []
    done = client.get(r.url, headers={"HX-Request": "true"})
    assert done.status_code == 204 and done.headers["HX-Refresh"] == "true"
    page = client.get(r.url).content.decode()
    assert 'data-testid="upload-done"' in page and 'data-testid="stored">1<' in page and "bsn_invalid" in page
    assert "123456789" not in page and 'data-testid="upload-cancel"' not in page
    errors = b"".join(client.get(r.url + "fouten.csv").streaming_content).decode()
    assert errors.startswith("row,column,code,message") and "bsn_invalid" in errors and "123456789" not in errors
    report = b"".join(client.get(r.url + "uploadverslag.csv").streaming_content).decode()
    assert "stored,1" in report and "rejected,1" in report
    assert client.get(r.url + "iets-anders.csv").status_code == 404
    assessor = _client(users["assessor"])
    assert assessor.get(r.url).status_code == 200
    assert assessor.post(reverse("portal:upload_job_cancel", args=[granted_plan.pk, job.pk])).status_code == 403


def test_cancel_of_a_queued_upload(users, granted_plan, queued):
    client = _client(users["applicant"])
    url = _post(client, granted_plan).url
    job = Job.objects.get()
    r = client.post(reverse("portal:upload_job_cancel", args=[granted_plan.pk, job.pk]), follow=True)
    assert "De verwerking is geannuleerd; er is niets opgeslagen." in r.content.decode()
    job.refresh_from_db()
    assert job.status == "cancelled" and sealed.tokens() == []
    assert "geannuleerd" in client.get(reverse("portal:participants", args=[granted_plan.pk])).content.decode()
    assert client.get(url + "fouten.csv").status_code == 404


def test_a_double_submit_of_one_form_is_one_job(users, granted_plan, queued):
    client = _client(users["applicant"])
    first = _post(client, granted_plan, submission="ab" * 16)
    second = _post(client, granted_plan, submission="ab" * 16)
    assert first.url == second.url and Job.objects.count() == 1 and len(sealed.tokens()) == 1
    _post(client, granted_plan, submission="cd" * 16)
    assert Job.objects.count() == 2


def test_the_form_carries_a_fresh_submission_key(users, granted_plan):
    page = _client(users["applicant"]).get(reverse("portal:participants", args=[granted_plan.pk])).content.decode()
    assert 'type="hidden" name="submission"' in page
