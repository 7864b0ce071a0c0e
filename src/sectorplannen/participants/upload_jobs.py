"""A participant upload processed as a background job, for the portal and the API.

Interface (also in ``participants.services``):

- ``submit_upload_job(plan, source, *, user, original_name, all_or_nothing=False, idempotency_key=None)``
  returns the ``jobs.models.Job``. ``source`` is a path, a binary file object, a Django upload, or a
  ``SealedUpload`` that the portal's upload handler already wrote encrypted while the bytes arrived.
  Checked first, before anything is queued: the plan takes registrations (else ``UploadRefused``) and
  the size is within ``PARTICIPANT_UPLOAD_MAX_BYTES`` (else ``UnusableInput``). The file then waits
  encrypted in the private queue folder (``sealed``) and is removed when the job ends (succeeded,
  failed or cancelled). The same ``idempotency_key`` for the same plan returns the same job (a double
  submit runs once); a failed or cancelled job is run again with the new file. Without a key every
  call is a new job; the import itself stays idempotent (a row already stored is counted as known).
- ``upload_job_status(job)`` returns a dict: ``id``, ``state`` (queued, running, succeeded, failed,
  cancelled), ``finished``, ``file_name``, ``plan_id``, ``all_or_nothing``, ``rows_read``,
  ``stored``, ``already_known``, ``rejected``, ``fraction`` (0–1 or ``None``), ``seconds_left``
  (estimate or ``None``), ``outcome`` (``stored``, ``rolled_back``, ``unusable``, ``refused``;
  empty while running), ``message`` (Dutch, for the user), ``summary`` (the import's figures when
  done, as ``ImportResult.summary``) and ``files``: ``{"report": {...}, "errors": {...}}`` with each
  file's ``id`` (a ``jobs.models.JobFile``), ``name``, ``size`` and ``content_type``.
- Cancel with ``jobs.services.request_cancel(job)`` or ``cancel_upload_job(job)`` (which also removes
  the queued file of a job that had not started); nothing of a cancelled upload is stored.
- ``upload_jobs(plan)``: the plan's upload jobs, newest first; ``upload_job_file(job, "report" |
  "errors")``: the ``JobFile`` to serve (``jobs.services.file_path`` gives its path).

The job calls the one importer (``import_participants``): the same rules, limits, all-or-nothing
option and audit record as the command line."""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from sectorplannen.common.spreadsheet import safe_writer
from sectorplannen.jobs.models import FINISHED, Job, JobFile, JobStatus
from sectorplannen.jobs.services import Progress, job_task, read_live, request_cancel, submit
from sectorplannen.plans.models import Plan

from . import sealed, signals
from .importer import import_participants
from .models import ImportBatch
from .outcome import ImportResult
from .plan_rules import UploadRefused, registration_refusal
from .reader import UnusableInput, display_name

KIND = "participant_upload"
REPORT_FILE = "uploadrapport.csv"
ERRORS_FILE = "fouten.csv"
_ORPHAN_AGE_SECONDS = 3600


@dataclass(frozen=True)
class SealedUpload:
    """A file already in the queue folder, encrypted (written by the portal's upload handler)."""

    token: str
    size: int
    name: str


def _size(source) -> int | None:
    if isinstance(source, SealedUpload):
        return source.size
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    return getattr(source, "size", None)


def _too_large(size: int | None) -> str:
    limit = settings.PARTICIPANT_UPLOAD_MAX_BYTES
    if size is None or size <= limit:
        return ""
    return f"Het bestand is groter dan {limit // (1024 * 1024)} MB; splits het in kleinere bestanden. " \
           "Er is niets opgeslagen."


def submit_upload_job(plan: Plan, source: Path | BinaryIO | SealedUpload, *, user, original_name: str,
                      all_or_nothing: bool = False, idempotency_key: str | None = None,
                      own_employer: str | None = None) -> Job:
    """Queue the upload of ``source`` for ``plan`` (see the module docstring). ``own_employer``: an
    employer's upload of its own staff (its number; ``import_participants`` says what that changes)."""
    token = source.token if isinstance(source, SealedUpload) else None
    try:
        refusal = registration_refusal(plan)
        if refusal:
            raise UploadRefused(refusal)
        too_large = _too_large(_size(source))
        if too_large:
            raise UnusableInput(too_large)
        if token is None:
            token, size = sealed.seal(source)
            too_large = _too_large(size)  # a file object that did not say its size
            if too_large:
                raise UnusableInput(too_large)
    except BaseException:
        if token:
            sealed.remove(token)
        raise
    file_name = display_name(Path(original_name or "upload"))
    key_part = hashlib.sha256((idempotency_key or uuid.uuid4().hex).encode()).hexdigest()
    key = f"{KIND}:{plan.pk}:{own_employer or ''}:{key_part}" if own_employer else f"{KIND}:{plan.pk}:{key_part}"
    params = {"plan_id": plan.pk, "token": token, "file_name": file_name, "all_or_nothing": bool(all_or_nothing),
              "user_id": getattr(user, "pk", None)}
    if own_employer:
        params["own_employer"] = own_employer
    with transaction.atomic():
        again = Job.objects.select_for_update().filter(
            key=key, status__in=[JobStatus.FAILED, JobStatus.CANCELLED]).first()
        if again is not None:  # run again with the file of this submit
            old = again.params.get("token")
            Job.objects.filter(pk=again.pk).update(params=params)
            if old and old != token:
                sealed.remove(old)
    job = submit(participant_upload_task, kind=KIND, key=key, params=params, user=user)
    if job.params.get("token") != token or job.finished:  # another submit's job, or done already
        sealed.remove(token)
    return job


def _summary_file(path: Path, file_name: str, plan: Plan, summary: dict) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = safe_writer(fh)
        writer.writerow(["field", "value"])
        writer.writerow(["plan", plan.name])
        writer.writerow(["file", file_name])
        for name in ("rows_read", "stored", "already_known", "rejected", "rolled_back", "birth_date_conflicts",
                     "errors_total", "errors_reported", "unusable"):
            writer.writerow([name, summary.get(name, "")])
        writer.writerow(["ignored_columns", " ".join(summary.get("ignored_columns", []))])
        for code, n in sorted(summary.get("error_counts", {}).items()):
            writer.writerow([f"errors:{code}", n])


def _live_counts(result: ImportResult) -> dict:
    return {"rows_read": result.rows_read, "stored": result.stored, "already_known": result.already_known,
            "rejected": result.rejected}


@job_task()
def participant_upload_task(progress: Progress, *, plan_id: int, token: str, file_name: str,
                            all_or_nothing: bool = False, user_id: int | None = None,
                            own_employer: str | None = None) -> dict:
    """The job: import the queued file with the one importer, reporting after every chunk."""
    try:
        plan = Plan.objects.get(pk=plan_id)
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        errors = progress.work_dir / ERRORS_FILE
        started = time.monotonic()
        where = {"done": 0, "total": None}
        progress.update(done=0, total=None, message="Het bestand wordt gelezen.")

        def position(done: int, total: int | None) -> None:
            where.update(done=done, total=total)

        def on_chunk(result: ImportResult) -> None:
            done, total = where["done"], where["total"]
            left = None
            if total and done:
                left = round((time.monotonic() - started) * max(total - done, 0) / done)
            progress.live(done=done, total=total, message="Het bestand wordt verwerkt.",
                          counts={**_live_counts(result), "seconds_left": left})

        try:
            with sealed.open_sealed(token) as fh:
                result = import_participants(plan, fh, file_name=file_name, errors_path=errors,
                                             all_or_nothing=all_or_nothing, actor=user, progress=position,
                                             on_chunk=on_chunk, own_employer=own_employer)
            summary = result.summary()
            summary["outcome"] = "rolled_back" if result.rolled_back else "stored"
            batch = ImportBatch.objects.filter(pk=result.batch_id).first() if result.batch_id else None
            if batch is not None:
                signals.upload_finished.send(sender=ImportBatch, batch=batch)
        except UploadRefused as exc:
            summary = {**ImportResult(plan.name, file_name).summary(), "unusable": str(exc), "outcome": "refused"}
        except UnusableInput as exc:
            summary = {**ImportResult(plan.name, file_name).summary(), "unusable": str(exc), "outcome": "unusable"}
        report = progress.work_dir / REPORT_FILE
        _summary_file(report, file_name, plan, summary)
        progress.add_file(report, REPORT_FILE, "text/csv")
        if errors.exists():
            progress.add_file(errors, ERRORS_FILE, "text/csv")
        return summary
    finally:
        sealed.remove(token)


def upload_jobs(plan: Plan, own_employer: str | None = None):
    """The plan's upload jobs, newest first; with ``own_employer`` only that employer's own uploads."""
    jobs = Job.objects.filter(kind=KIND, params__plan_id=plan.pk)
    if own_employer is not None:
        jobs = jobs.filter(params__own_employer=own_employer)
    return jobs.order_by("-created_at", "-id")


def upload_job_file(job: Job, which: str) -> JobFile | None:
    """The job's ``report`` or ``errors`` file, once the job has succeeded."""
    name = {"report": REPORT_FILE, "errors": ERRORS_FILE}[which]
    if job.status != JobStatus.SUCCEEDED:
        return None
    return job.files.filter(name=name).first()


def _file_info(f: JobFile | None) -> dict | None:
    if f is None:
        return None
    return {"id": f.pk, "name": f.name, "size": f.size, "content_type": f.content_type}


_MESSAGES = {
    JobStatus.QUEUED: "In de wachtrij.",
    JobStatus.RUNNING: "Het bestand wordt verwerkt.",
    JobStatus.SUCCEEDED: "Klaar.",
    JobStatus.FAILED: "De verwerking is mislukt; er is niets opgeslagen. Probeer het opnieuw of neem contact op.",
    JobStatus.CANCELLED: "Geannuleerd; er is niets opgeslagen.",
}


def upload_job_status(job: Job) -> dict:
    """Where the upload job is now (see the module docstring for the keys)."""
    job = Job.objects.get(pk=job.pk)
    live = read_live(job) if job.status == JobStatus.RUNNING else None
    counts = (live or {}).get("counts") or (job.result if job.status == JobStatus.SUCCEEDED else job.counts) or {}
    done, total = (live["done"], live["total"]) if live else (job.done, job.total)
    fraction = None
    if job.status == JobStatus.SUCCEEDED:
        fraction = 1.0
    elif total:
        fraction = min((done or 0) / total, 1.0)
    files = {which: _file_info(upload_job_file(job, which)) for which in ("report", "errors")}
    if job.finished and job.params.get("token"):
        sealed.remove(job.params["token"])  # a job cancelled before it started leaves its file
    summary = job.result if job.status == JobStatus.SUCCEEDED else {}
    return {
        "id": job.pk, "state": job.status, "finished": job.finished,
        "file_name": job.params.get("file_name", ""), "plan_id": job.params.get("plan_id"),
        "all_or_nothing": job.params.get("all_or_nothing", False),
        "rows_read": counts.get("rows_read", 0), "stored": counts.get("stored", 0),
        "already_known": counts.get("already_known", 0), "rejected": counts.get("rejected", 0),
        "fraction": fraction, "seconds_left": counts.get("seconds_left") if live else None,
        "outcome": summary.get("outcome", ""), "message": summary.get("unusable") or _MESSAGES[job.status],
        "summary": summary, "files": files, "cancel_requested": job.cancel_requested,
        "created_at": job.created_at, "finished_at": job.finished_at,
    }


def cancel_upload_job(job: Job) -> Job:
    """Ask the job to stop (``jobs.services.request_cancel``); a job cancelled before it ran loses its file."""
    job = request_cancel(job)
    if job.finished and job.params.get("token"):
        sealed.remove(job.params["token"])
    return job


def remove_orphan_queued_files(*, older_than_seconds: int = _ORPHAN_AGE_SECONDS) -> int:
    """Remove queued files that no unfinished upload job waits for (left by a crash or a refused form);
    files younger than ``older_than_seconds`` may belong to an upload still arriving. Returns how many."""
    waiting = {j.params.get("token") for j in Job.objects.filter(kind=KIND).exclude(status__in=FINISHED)}
    cutoff = timezone.now().timestamp() - older_than_seconds
    removed = 0
    for token in sealed.tokens():
        path = sealed.sealed_path(token)
        if token not in waiting and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
