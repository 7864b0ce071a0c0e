"""Finished jobs are kept for ``SECTORPLANNEN_JOB_RETENTION_DAYS`` and then removed with their files
(the realisation dashboard and report, settlement and evaluation runs, participant uploads). Their
outputs were a cache or a download: a page that needs one again submits its key anew, which makes
a new job. A queued or running job is never removed."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import FINISHED, Job
from .recovery import _db_model
from .runner import jobs_dir


@dataclass
class Removed:
    cutoff: dt.datetime
    jobs: int = 0
    files: int = 0
    bytes: int = 0
    by_kind: Counter = field(default_factory=Counter)
    dry_run: bool = False


def _finished_task_rows(job: Job):
    """The database backend's finished row of the job's task (none for the immediate backend)."""
    if not apps.is_installed("django_tasks_db") or not job.task_result_id:
        return None
    try:
        task_id = uuid.UUID(job.task_result_id)
    except ValueError:
        return None
    return _db_model().objects.filter(id=task_id).exclude(status__in=["READY", "RUNNING"])


def retention_cutoff(now: dt.datetime | None = None, days: int | None = None) -> dt.datetime:
    days = settings.SECTORPLANNEN_JOB_RETENTION_DAYS if days is None else days
    return (now or timezone.now()) - dt.timedelta(days=days)


def expired_jobs(cutoff: dt.datetime):
    """Finished before the cutoff (a job cancelled while queued has no finish time: its creation counts)."""
    return Job.objects.filter(status__in=FINISHED).filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))


def remove_finished(*, now: dt.datetime | None = None, days: int | None = None, dry_run: bool = False) -> Removed:
    """Remove the finished jobs older than the retention period: their rows, their files and their
    folder under the jobs directory, and the task framework's row of each."""
    removed = Removed(retention_cutoff(now, days), dry_run=dry_run)
    root = jobs_dir()
    for job in expired_jobs(removed.cutoff).prefetch_related("files").iterator(chunk_size=500):
        removed.jobs += 1
        removed.by_kind[job.kind] += 1
        folder = root / str(job.pk)
        if folder.is_dir():
            paths = [p for p in folder.rglob("*") if p.is_file()]
            removed.files += len(paths)
            removed.bytes += sum(p.stat().st_size for p in paths)
        if dry_run:
            continue
        with transaction.atomic():
            rows = _finished_task_rows(job)
            if rows is not None:
                rows.delete()
            job.delete()  # its JobFile rows go with it
        shutil.rmtree(folder, ignore_errors=True)
    return removed
