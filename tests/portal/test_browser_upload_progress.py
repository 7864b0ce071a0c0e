"""The progress bar of a participant upload moves in a real browser without a reload, at the pace the job
reports, and the report replaces it when the job is done. Deterministic: the test sets the job's figures
itself, then runs the worker; the 300,000-row test (slow) shows the same on a real stack, where a fast
machine may finish between two polls."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sectorplannen.conf.background import task_settings
from sectorplannen.jobs.models import Job
from sectorplannen.jobs.runner import Progress

from .walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROWS = ("maatregel;bsn;geboortedatum;startdatum;doelgroep\n"
        "M01;999991607;1980-01-01;2014-09-01;werkend_sector\n"
        "M01;123456789;1980-01-01;2014-09-01;werkend_sector\n")


def test_the_bar_follows_the_job_without_a_reload(live_server, browser, users, granted_plan, settings, tmp_path,
                                                  monkeypatch):
    settings.TASKS = task_settings("database")  # the job waits until this test runs the worker
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    applicant = Walker(browser, live_server.url, tmp_path)
    page = applicant.page
    applicant.login("applicant")
    applicant.goto(f"/plannen/{granted_plan.pk}/deelnemers/")
    page.get_by_label("Bestand met deelnemers (CSV of XLSX)").set_input_files(
        applicant.file("deelnemers.csv", ROWS.encode()))
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_url("**/deelnemers/verwerking/*/")
    assert page.get_by_test_id("upload-progress").get_attribute("data-state") == "queued"
    page.evaluate("window.sameDocument = true")

    job = Job.objects.get(kind="participant_upload")
    job.status = "running"  # as the worker has it once it took the job
    job.save(update_fields=["status"])
    progress = Progress(job)
    for done in (20, 60):
        progress.live(done=done, total=100, counts={"rows_read": done, "stored": done, "rejected": 0,
                                                     "seconds_left": 5})
        expect(page.get_by_test_id("upload-bar")).to_have_attribute("value", str(done), timeout=10_000)
        assert page.get_by_test_id("live-rows-read").inner_text() == str(done)
    assert page.evaluate("window.sameDocument === true")  # polled, not reloaded
    applicant.check_partial()

    job.status = "queued"  # hand it back to the worker, which imports the file
    job.save(update_fields=["status"])
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # would close the test's connection
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    page.get_by_test_id("upload-done").wait_for(timeout=10_000)  # the page reloads itself with the report
    assert page.get_by_test_id("stored").inner_text() == "1"
    assert "123456789" not in page.inner_text("body")
    assert applicant.problems() == []
