"""The job bookkeeping: progress, idempotency by key, cancel, failure, and a crashed attempt."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sectorplannen.audit.models import AuditEvent
from sectorplannen.jobs.services import Job, JobStatus, file_path, recover, request_cancel, submit

from .work import SimulatedCrash, counting_job, failing_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _jobs_dir(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")


def side_effects() -> int:
    return AuditEvent.objects.filter(event="test_job_side_effect").count()


def test_a_job_reports_progress_and_keeps_its_file():
    job = submit(counting_job, kind="count", key="count:5", params={"steps": 5})
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total, job.fraction) == (5, 5, 1.0)
    assert job.result == {"counted": 5}
    (f,) = job.files.all()
    assert f.name == "telling.txt" and f.size == 2
    assert file_path(f).read_text() == "5\n"
    assert side_effects() == 1


def test_the_same_key_does_not_run_twice():
    first = submit(counting_job, kind="count", key="count:same", params={"steps": 3})
    again = submit(counting_job, kind="count", key="count:same", params={"steps": 3})
    assert again.pk == first.pk and again.attempts == 1
    assert side_effects() == 1
    other = submit(counting_job, kind="count", key="count:other", params={"steps": 3})
    assert other.pk != first.pk and side_effects() == 2


def test_a_lost_file_makes_the_cached_job_run_again():
    job = submit(counting_job, kind="count", key="count:lost", params={"steps": 2})
    file_path(job.files.get()).unlink()
    again = submit(counting_job, kind="count", key="count:lost", params={"steps": 2})
    assert again.pk == job.pk and again.status == JobStatus.SUCCEEDED and file_path(again.files.get()).exists()


def test_a_failed_job_keeps_a_masked_error_and_can_be_resubmitted(caplog):
    bsn_like = "1234 56 782"
    job = submit(failing_job, kind="fail", key="fail:1", params={"text": f"row holds {bsn_like}"})
    assert job.status == JobStatus.FAILED
    assert job.error == "ValueError: row holds **** ** 782"  # the one masking helper keeps separators
    assert bsn_like not in caplog.text and "123456782" not in caplog.text
    again = submit(failing_job, kind="fail", key="fail:1", params={"text": "x"})
    assert again.pk == job.pk and again.status == JobStatus.FAILED and again.attempts == 1


def test_cancel_of_a_queued_job_and_at_the_next_progress_update(settings):
    from sectorplannen.conf.background import task_settings

    settings.TASKS = task_settings("database")  # queued, not run: no worker here
    job = submit(counting_job, kind="count", key="count:cancel", params={"steps": 3})
    assert job.status == JobStatus.QUEUED and job.task_result_id
    job = request_cancel(job)
    assert job.status == JobStatus.CANCELLED
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"  # no worker will pick it up

    queued = submit(counting_job, kind="count", key="count:cancel-running", params={"steps": 3})
    Job.objects.filter(pk=queued.pk).update(cancel_requested=True, status=JobStatus.RUNNING,
                                            heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    from sectorplannen.jobs.runner import execute

    Job.objects.filter(pk=queued.pk).update(status=JobStatus.QUEUED)
    execute(queued.pk, counting_job.func.__wrapped__)
    queued.refresh_from_db()
    assert queued.status == JobStatus.CANCELLED and side_effects() == 0


def test_cancel_while_running_stops_at_the_next_update():
    from sectorplannen.jobs.runner import execute

    job = Job.objects.create(kind="count", key="count:mid", task_path=counting_job.module_path,
                             params={"steps": 4})

    def work(progress, **params):
        progress.update(done=1, total=4)
        Job.objects.filter(pk=progress.job.pk).update(cancel_requested=True)
        progress.update(done=2)
        raise AssertionError("not reached")

    execute(job.pk, work)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.done == 2 and not job.files.exists()


def test_an_interrupted_attempt_is_retried_once_to_a_single_result():
    """The first attempt dies half-way (like a killed worker): the job stays 'running' with an old
    heartbeat; recovery queues it again and the second attempt finishes with one side effect."""
    job = submit(counting_job, kind="count", key="count:crash", params={"steps": 4, "crash_at": 3})
    assert job.status == JobStatus.RUNNING and job.done == 2 and side_effects() == 0
    assert recover() == type(recover())((), ())  # heartbeat still fresh: left to its worker
    later = timezone.now() + dt.timedelta(hours=1)
    found = recover(now=later)
    assert found.requeued == (job.pk,)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2 and job.result == {"counted": 4}
    assert side_effects() == 1 and job.files.count() == 1
    # a duplicate delivery of the same task afterwards returns the result without running again
    assert counting_job.call(job.pk) == {"counted": 4} and side_effects() == 1


def test_a_job_that_keeps_crashing_is_marked_failed_after_its_last_attempt(monkeypatch):
    job = Job.objects.create(kind="count", key="count:always", task_path=counting_job.module_path,
                             params={"steps": 2}, max_attempts=2, attempts=2, status=JobStatus.RUNNING,
                             heartbeat_at=timezone.now() - dt.timedelta(hours=2))
    found = recover()
    assert found.failed == (job.pk,)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "gave up after 2 attempts" in job.error


def test_the_crash_is_a_base_exception_not_caught_by_the_runner():
    assert not issubclass(SimulatedCrash, Exception)


def test_the_worker_says_what_to_set_where_tasks_run_immediately():
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="SECTORPLANNEN_TASK_BACKEND=database"):
        call_command("worker", "--batch")


def test_the_worker_runs_queued_jobs_in_batch_mode(settings, monkeypatch):
    """In this process, inside the test's transaction (the real worker process: test_worker_process.py)."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    from sectorplannen.conf.background import task_settings

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # would close the test's connection
    settings.TASKS = task_settings("database")
    job = submit(counting_job, kind="count", key="count:batch", params={"steps": 2})
    assert job.status == JobStatus.QUEUED
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and side_effects() == 1
