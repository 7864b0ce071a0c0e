"""Finished jobs and their files are removed after the retention period (``retention jobs``, run by the
daily timer); queued and running jobs, and recent ones, stay; a page that needs a removed output makes it
again under the same key."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sectorplannen.audit.models import AuditEvent
from sectorplannen.conf.background import task_settings
from sectorplannen.jobs.models import Job, JobFile, JobStatus
from sectorplannen.jobs.runner import jobs_dir
from sectorplannen.jobs.services import file_path, remove_finished, request_cancel, submit

from .work import counting_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_dir(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_JOB_RETENTION_DAYS = 30


def aged(job: Job, days: int) -> Job:
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=days),
                                         created_at=timezone.now() - dt.timedelta(days=days))
    job.refresh_from_db()
    return job


def test_old_finished_jobs_go_with_their_files_and_the_rest_stays(settings):
    old = aged(submit(counting_job, kind="realisation_report", key="old", params={"steps": 2}), 31)
    recent = aged(submit(counting_job, kind="realisation_report", key="recent", params={"steps": 2}), 29)
    old_file = file_path(old.files.get())
    assert old_file.exists()
    settings.TASKS = task_settings("database")
    waiting = aged(submit(counting_job, kind="settlement_run", key="queued", params={"steps": 2}), 40)
    running = aged(submit(counting_job, kind="evaluation_run", key="running", params={"steps": 2}), 40)
    Job.objects.filter(pk=running.pk).update(status=JobStatus.RUNNING, finished_at=None)
    cancelled = request_cancel(submit(counting_job, kind="evaluation_run", key="cancelled", params={"steps": 2}))
    Job.objects.filter(pk=cancelled.pk).update(created_at=timezone.now() - dt.timedelta(days=45))

    dry = remove_finished(dry_run=True)
    assert (dry.jobs, dry.files) == (2, 1) and Job.objects.count() == 5 and old_file.exists()
    removed = remove_finished()
    assert removed.jobs == 2 and dict(removed.by_kind) == {"realisation_report": 1, "evaluation_run": 1}
    assert (removed.files, removed.bytes) == (1, len("2\n"))  # the one file the counting job wrote
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk, running.pk}
    assert not old_file.exists() and not (jobs_dir() / str(old.pk)).exists()
    assert not JobFile.objects.filter(job_id=old.pk).exists() and file_path(recent.files.get()).exists()


def test_a_removed_output_is_made_again_under_its_key():
    old = aged(submit(counting_job, kind="realisation_report", key="report:v1", params={"steps": 2}), 31)
    remove_finished()
    again = submit(counting_job, kind="realisation_report", key="report:v1", params={"steps": 2})
    assert again.pk != old.pk and again.status == JobStatus.SUCCEEDED and file_path(again.files.get()).exists()


def test_the_database_backends_task_row_goes_too(settings, monkeypatch):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = task_settings("database")
    job = submit(counting_job, kind="count", key="db", params={"steps": 1})
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    aged(job, 60)
    assert DBTaskResult.objects.filter(id=job.task_result_id).exists()
    remove_finished()
    assert not DBTaskResult.objects.filter(id=job.task_result_id).exists()


def test_the_command_removes_counts_and_audits(settings):
    aged(submit(counting_job, kind="realisation_dashboard", key="dash", params={"steps": 1}), 10)
    out = io.StringIO()
    call_command("retention", "jobs", "--dry-run", stdout=out)
    assert "0 taken" in out.getvalue()
    call_command("retention", "jobs", "--days", "7", "--dry-run", stdout=out)
    assert "1 taken (realisation_dashboard: 1)" in out.getvalue() and Job.objects.count() == 1
    settings.SECTORPLANNEN_JOB_RETENTION_DAYS = 7
    call_command("retention", "jobs", stdout=out)
    assert "zijn verwijderd" in out.getvalue() and not Job.objects.exists()
    event = AuditEvent.objects.get(event="finished_jobs_removed")
    assert event.context["count"] == 1 and event.context["kinds"] == {"realisation_dashboard": 1}
    with pytest.raises(CommandError):
        call_command("retention", "jobs", "--days", "-1")
