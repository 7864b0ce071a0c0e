"""Public interface of the jobs app: submit work by an idempotency key, follow and cancel it, get
its files. The work itself is a function decorated with ``job_task`` (see ``runner``)."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from .cleanup import Removed, remove_finished
from .models import FINISHED, Job, JobFile, JobStatus
from .recovery import Recovery, recover
from .runner import JobCancelled, JobFailed, Progress, cancel_marker, job_task, jobs_dir, read_live

__all__ = ["Job", "JobStatus", "JobFile", "Progress", "JobCancelled", "JobFailed", "Recovery", "job_task",
           "submit", "enqueue", "request_cancel", "file_path", "wait", "recover", "latest_succeeded",
           "read_live", "Removed", "remove_finished"]


def enqueue(job: Job) -> Job:
    """Hand the job to the task framework (runs at once with the immediate backend)."""
    task = import_string(job.task_path)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.refresh_from_db()
    return job


def submit(task, *, kind: str, key: str, params: dict | None = None, user=None, max_attempts: int = 3) -> Job:
    """The job for ``key``: an existing queued, running or succeeded one as it is (nothing runs twice),
    a failed or cancelled one (or a succeeded one whose files are gone) queued again, else a new one."""
    path = task.module_path
    try:
        with transaction.atomic():
            job, created = Job.objects.get_or_create(key=key, defaults={
                "kind": kind, "task_path": path, "params": params or {}, "requested_by": user,
                "max_attempts": max_attempts})
    except IntegrityError:  # two submits of one key at once: the other one won
        job, created = Job.objects.get(key=key), False
    if not created:
        if job.status not in (JobStatus.FAILED, JobStatus.CANCELLED) and not _files_lost(job):
            return job
        Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, attempts=0, done=0, total=None, message="",
                                             counts={}, error="", cancel_requested=False, finished_at=None,
                                             result={}, effects=[], task_result_id="")
        cancel_marker(job).unlink(missing_ok=True)
        job.refresh_from_db()
    return enqueue(job)


def _files_lost(job: Job) -> bool:
    """A succeeded job whose files were removed (cleaned up, restored elsewhere) must run again."""
    return job.status == JobStatus.SUCCEEDED and any(not file_path(f).exists() for f in job.files.all())


def request_cancel(job: Job) -> Job:
    """Ask a job to stop: a queued one is cancelled at once, a running one at its next progress update."""
    if not job.finished:  # first the marker: work inside a long transaction sees only that (Progress.live)
        marker = cancel_marker(job)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status in FINISHED:
            cancel_marker(job).unlink(missing_ok=True)
            return job
        job.cancel_requested = True
        fields = ["cancel_requested"]
        if job.status == JobStatus.QUEUED:
            from .recovery import _abandon_task

            _abandon_task(job)
            job.status = JobStatus.CANCELLED
            fields.append("status")
        job.save(update_fields=fields)
    if job.status == JobStatus.CANCELLED:
        cancel_marker(job).unlink(missing_ok=True)
    return job


def file_path(job_file: JobFile) -> Path:
    return jobs_dir() / job_file.path


def latest_succeeded(kind: str) -> Job | None:
    return Job.objects.filter(kind=kind, status=JobStatus.SUCCEEDED).order_by("-finished_at", "-id").first()


def wait(job: Job, *, timeout: float | None = None, interval: float = 0.5, on_progress=None) -> Job:
    """Poll until the job has finished (for the command line; web pages poll by themselves)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if on_progress is not None:
            on_progress(job)
        if job.finished or (deadline is not None and time.monotonic() > deadline):
            return job
        time.sleep(interval)
