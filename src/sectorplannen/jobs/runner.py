"""Running a job: the task framework calls the function made by ``job_task`` with the job's id; the
runner claims the job, hands the work a ``Progress`` to report on, and records the outcome.

A job runs at most once to a result: a finished job is never run again (a duplicate delivery of the
task returns the stored result), a running job with a fresh heartbeat is left to its worker, and the
files of an attempt are registered only when the attempt succeeds."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import mimetypes
import os
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from sectorplannen.common.masking import mask_bsns

from .models import FINISHED, Job, JobFile, JobStatus

log = logging.getLogger(__name__)


class JobCancelled(Exception):
    """Raised inside the work when someone asked to stop the job."""


class JobFailed(Exception):
    """What the task framework stores for a failed job: the masked error, without the traceback's
    values (which might hold personal data)."""


def jobs_dir() -> Path:
    return Path(settings.SECTORPLANNEN_JOBS_DIR or Path(settings.MEDIA_ROOT) / "jobs")


def live_path(job: Job) -> Path:
    """The file of a job's live figures (``Progress.live``)."""
    return jobs_dir() / str(job.pk) / "live.json"


def cancel_marker(job: Job) -> Path:
    """Made by ``request_cancel`` beside the job: seen by work that cannot read the job's row meanwhile."""
    return jobs_dir() / str(job.pk) / "cancel-requested"


def read_live(job: Job) -> dict | None:
    """The live figures of a running job, or ``None`` when it reported none."""
    try:
        return json.loads(live_path(job).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def stale_after():
    return timezone.timedelta(seconds=settings.SECTORPLANNEN_JOB_STALE_SECONDS)


class Progress:
    """Given to the work: report progress (also the heartbeat), check for cancellation, add files."""

    def __init__(self, job: Job):
        self.job = job
        self.work_dir = jobs_dir() / str(job.pk) / f"attempt-{job.attempts}"
        if self.work_dir.exists():
            shutil.rmtree(self.work_dir)
        self.work_dir.mkdir(parents=True)
        self._files: list[tuple[str, Path, str]] = []

    def update(self, done: int | None = None, total: int | None = None, message: str | None = None,
               counts: dict | None = None) -> None:
        """Store how far the work is (``counts``: running figures to show, no personal data); raises
        ``JobCancelled`` when a cancel was requested."""
        fields = {"heartbeat_at": timezone.now()}
        if counts is not None:
            fields["counts"] = self.job.counts = counts
        if done is not None:
            fields["done"] = self.job.done = done
        if total is not None:
            fields["total"] = self.job.total = total
        if message is not None:
            fields["message"] = self.job.message = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**fields)
        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled()

    def live(self, done: int | None = None, total: int | None = None, message: str | None = None,
             counts: dict | None = None) -> None:
        """Like ``update``, for work inside one long database transaction (a participant upload): the
        figures go to a file beside the job (``live_path``), not to the job's row, and the cancel
        request is seen from its marker file (``cancel_marker``). Why: a write to the job's row inside
        the transaction would stay invisible until the commit and would lock the row against a cancel
        (PostgreSQL), and SQLite lets no other connection write meanwhile. Raises ``JobCancelled``."""
        state = {"done": done, "total": total, "message": (message or "")[:300], "counts": counts or {},
                 "at": timezone.now().isoformat()}
        path = live_path(self.job)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, path)
        if cancel_marker(self.job).exists():
            raise JobCancelled()

    def once(self, name: str, effect: Callable[[], object]) -> bool:
        """Run ``effect()`` at most once for this job over all its attempts: the effect and the note
        that it was done commit in one transaction (so a rerun after a crash never doubles it)."""
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=self.job.pk)
            if name in job.effects:
                return False
            effect()
            job.effects = [*job.effects, name]
            job.save(update_fields=["effects"])
        return True

    def add_file(self, path: Path, name: str | None = None, content_type: str | None = None) -> None:
        """Register a file written in ``work_dir`` as a result (stored when the job succeeds)."""
        path = Path(path)
        if self.work_dir.resolve() not in path.resolve().parents:
            raise ValueError("job files must be written inside the job's work directory")
        name = name or path.name
        self._files.append((name, path, content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"))

    def _store_files(self) -> None:
        root = jobs_dir()
        JobFile.objects.filter(job=self.job).delete()
        for name, path, content_type in self._files:
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    digest.update(block)
            JobFile.objects.create(job=self.job, name=name, path=str(path.relative_to(root)),
                                   size=path.stat().st_size, sha256=digest.hexdigest(), content_type=content_type)


def _claim(job_id: int) -> Job | None:
    """Mark the job running for this attempt, or ``None`` when it must not run now."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        now = timezone.now()
        if job.status in FINISHED:
            return None
        if job.status == JobStatus.RUNNING and job.heartbeat_at and now - job.heartbeat_at < stale_after():
            return None  # another worker is on it
        if job.cancel_requested:
            job.status, job.finished_at = JobStatus.CANCELLED, now
            job.save(update_fields=["status", "finished_at"])
            return None
        job.status, job.attempts = JobStatus.RUNNING, job.attempts + 1
        job.started_at = job.heartbeat_at = now
        job.error = ""
        job.save(update_fields=["status", "attempts", "started_at", "heartbeat_at", "error"])
        return job


def _finish(job: Job, status: str, **fields) -> None:
    fields.update(status=status, finished_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(**fields)
    live_path(job).unlink(missing_ok=True)
    cancel_marker(job).unlink(missing_ok=True)


def execute(job_id: int, work: Callable[..., dict | None]) -> dict | None:
    job = _claim(job_id)
    if job is None:
        return Job.objects.get(pk=job_id).result or None
    progress = Progress(job)
    try:
        result = work(progress, **job.params) or {}
        with transaction.atomic():
            progress._store_files()
            done = job.total if job.total is not None else job.done
            _finish(job, JobStatus.SUCCEEDED, result=result, done=done, heartbeat_at=timezone.now())
        return result
    except JobCancelled:
        shutil.rmtree(progress.work_dir, ignore_errors=True)
        _finish(job, JobStatus.CANCELLED, message="Geannuleerd op verzoek.")
        return None
    except Exception as exc:
        error = mask_bsns(f"{type(exc).__name__}: {exc}")[:500]
        log.error("job %s (%s) failed: %s", job.pk, job.kind,
                  mask_bsns("".join(traceback.format_exception(exc))))
        shutil.rmtree(progress.work_dir, ignore_errors=True)
        _finish(job, JobStatus.FAILED, error=error)
        raise JobFailed(error) from None


def job_task(**task_options):
    """Decorator: ``work(progress, **params)`` becomes a task that runs a job by its id.

    The decorated name must be a module-level name (the worker imports it by path)."""

    def decorate(work: Callable[..., dict | None]):
        @functools.wraps(work)
        def run(job_id: int):
            return execute(job_id, work)

        return task(**task_options)(run)

    return decorate
