"""Finding the jobs of a worker that died (killed, out of memory, machine restarted) and putting
them back in the queue, or marking them failed after their last attempt. Run when a worker starts
(``sectorplannen worker``) and by ``sectorplannen jobs recover``.

A running job is taken as lost when its heartbeat (every progress update) is older than
``SECTORPLANNEN_JOB_STALE_SECONDS``; a queued job as lost when the task framework no longer holds a
task ready to run it."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus
from .runner import stale_after

log = logging.getLogger(__name__)
WORKER_LOST = "sectorplannen.jobs.WorkerLost"


@dataclass(frozen=True)
class Recovery:
    requeued: tuple[int, ...]
    failed: tuple[int, ...]


def _db_model():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult


def _task_rows(job: Job):
    """The database backend's row(s) of the job's current task (none for other backends)."""
    if not apps.is_installed("django_tasks_db") or not job.task_result_id:
        return None
    try:
        task_id = uuid.UUID(job.task_result_id)
    except ValueError:  # an id of the immediate backend: nothing is stored
        return None
    return _db_model().objects.filter(id=task_id, status__in=["READY", "RUNNING"])


def _task_pending(job: Job) -> bool:
    """Whether the database backend still holds a ready or running task for this job."""
    rows = _task_rows(job)
    return rows is not None and rows.exists()


def _abandon_task(job: Job) -> None:
    """The lost attempt's task row: failed, so that no worker picks it up and it is not left 'running'."""
    rows = _task_rows(job)
    if rows is not None:
        rows.update(
            status="FAILED", finished_at=timezone.now(), exception_class_path=WORKER_LOST,
            traceback="worker stopped during the job")


def recover(*, now=None) -> Recovery:
    from .services import enqueue

    now = now or timezone.now()
    cutoff = now - stale_after()
    requeued, failed = [], []
    running = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
    candidates = list(running.values_list("pk", flat=True))
    candidates += [j.pk for j in Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=cutoff)
                   if not _task_pending(j)]
    for pk in candidates:
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=pk)
            if job.status == JobStatus.RUNNING and job.heartbeat_at and job.heartbeat_at >= cutoff:
                continue
            _abandon_task(job)
            if job.cancel_requested:
                job.status, job.finished_at = JobStatus.CANCELLED, now
                job.save(update_fields=["status", "finished_at"])
                continue
            if job.attempts >= job.max_attempts:
                job.status, job.finished_at = JobStatus.FAILED, now
                job.error = f"worker stopped during the job; gave up after {job.attempts} attempts"
                job.save(update_fields=["status", "finished_at", "error"])
                failed.append(job.pk)
                log.error("job %s (%s) lost by its worker after %s attempts: failed", job.pk, job.kind, job.attempts)
                continue
            job.status, job.message = JobStatus.QUEUED, "Opnieuw in de wachtrij na een onderbroken poging."
            job.save(update_fields=["status", "message"])
            requeued.append(job.pk)
    for pk in requeued:
        log.warning("job %s was lost by its worker; queued again", pk)  # the job row keeps the attempts
        enqueue(Job.objects.get(pk=pk))
    return Recovery(tuple(requeued), tuple(failed))
