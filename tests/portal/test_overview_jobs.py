"""No page request computes the realisation dashboard or report: a background job makes them once per
state of the data; the page shows its progress (htmx polls) and then the tables or the downloads."""

from __future__ import annotations

import datetime as dt
import subprocess
import time

import pytest
from django.urls import reverse

from sectorplannen.conf.background import task_settings
from sectorplannen.jobs.models import Job
from sectorplannen.monitoring import background
from sectorplannen.portal import realisation
from sectorplannen.workflow.services import transition

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings, tmp_path):
    settings.TASKS = task_settings("database")  # no worker runs until the test runs one
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")


@pytest.fixture
def computed(monkeypatch):
    """Counts the computations of the dashboard's figures and of the report."""
    calls = {"dashboard": 0, "report": 0}
    figures, report = realisation.dashboard_figures, background.build_report

    def counting_figures(*args, **kwargs):
        calls["dashboard"] += 1
        return figures(*args, **kwargs)

    def counting_report(*args, **kwargs):
        calls["report"] += 1
        return report(*args, **kwargs)

    monkeypatch.setattr(realisation, "dashboard_figures", counting_figures)
    monkeypatch.setattr(background, "build_report", counting_report)
    return calls


def _run_worker(monkeypatch):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # would close the test's connection
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def _timed_get(client, url, **kwargs):
    start = time.perf_counter()
    response = client.get(url, **kwargs)
    return response, time.perf_counter() - start


def test_the_dashboard_request_does_not_compute_the_tables(client, users, granted_plan, queued, computed,
                                                           monkeypatch):
    assert client.login(username=users["policy_officer"].username, password=PASSWORD)
    url = reverse("portal:dashboard")
    page, seconds = _timed_get(client, url)
    html = page.content.decode()
    assert page.status_code == 200 and seconds < 2 and computed["dashboard"] == 0
    assert 'data-testid="dashboard-pending"' in html and f'hx-get="{url}"' in html and "<table" not in html
    poll = client.get(url, headers={"HX-Request": "true"})
    assert 'data-testid="dashboard-pending"' in poll.content.decode() and "sessionid" not in poll.cookies
    assert Job.objects.filter(kind="realisation_dashboard").count() == 1  # polling queues nothing more

    _run_worker(monkeypatch)
    assert computed["dashboard"] == 1
    ready = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<table" in ready and "hx-trigger" not in ready
    assert "<table" in client.get(url).content.decode() and computed["dashboard"] == 1

    filtered = client.get(url, {"tranche": "3"}).content.decode()
    assert 'data-testid="dashboard-pending"' in filtered  # other filters: their own job


def test_the_report_is_made_by_a_job_and_downloaded_when_ready(client, users, granted_plan, fresh_plan, queued,
                                                              computed, monkeypatch, tmp_path):
    assert client.login(username=users["policy_officer"].username, password=PASSWORD)
    url = reverse("portal:realisation_report", args=["pdf"])
    page, seconds = _timed_get(client, url)
    html = page.content.decode()
    assert page.status_code == 200 and seconds < 2 and computed["report"] == 0
    assert 'data-testid="report-progress"' in html and 'data-state="queued"' in html

    _run_worker(monkeypatch)
    assert computed["report"] == 1
    poll = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="report-ready"' in poll and reverse("portal:realisation_report", args=["xlsx"]) in poll
    pdf = client.get(url)
    body = b"".join(pdf.streaming_content)
    assert pdf.status_code == 200 and body.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(body)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Sectorplan Voorbeeld" in text or "Realisatie" in text
    xlsx = b"".join(client.get(reverse("portal:realisation_report", args=["xlsx"])).streaming_content)
    assert xlsx.startswith(b"PK") and computed["report"] == 1  # the same job's files: computed once

    transition(fresh_plan, "grant", users["assessor"], approved_by=users["policy_officer"],
               decided_on=dt.date(2014, 7, 1))  # the data change: the cached report is no longer current
    again = client.get(url).content.decode()
    assert 'data-state="queued"' in again and Job.objects.filter(kind="realisation_report").count() == 2
