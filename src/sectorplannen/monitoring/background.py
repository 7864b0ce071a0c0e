"""The realisation report as a background job: made once per state of the data (the job's key holds
a fingerprint of every input figure), with progress per stage, and its files kept for download."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.cache import cache

from sectorplannen import __version__
from sectorplannen.jobs.models import JobFile, JobStatus
from sectorplannen.jobs.services import Job, Progress, file_path, job_task, submit

from .data_version import data_version
from .facts import fingerprint
from .queries import load_facts
from .services import build_report, report_steps

KIND = "realisation_report"
REPORT_FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
KEY_SECONDS = 24 * 3600  # a data version that is no longer current is never asked for again


def _directory_hash(directory: Path | None) -> str:
    if directory is None:
        return "-"
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(directory).rglob("*.csv") if p.is_file()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def report_key(*, evaluation_dir: Path | None = None, pdf: bool = True, protected: bool = False) -> str:
    """Same data, same software, same options: same key, so a cached report is handed out again."""
    parts = "|".join([fingerprint(load_facts()), __version__, "pdf" if pdf else "nopdf",
                      _directory_hash(evaluation_dir), *(["protected"] if protected else [])])
    return f"{KIND}:{hashlib.sha256(parts.encode()).hexdigest()}"


@job_task()
def realisation_report_task(progress: Progress, *, evaluation_dir: str | None = None, pdf: bool = True,
                            protected: bool = False) -> dict:
    total = report_steps(pdf)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        progress.update(done=done, total=total, message=message)
        done += 1

    paths = build_report(progress.work_dir, evaluation_dir=Path(evaluation_dir) if evaluation_dir else None,
                         pdf=pdf, protected=protected, step=step)
    for path in paths.values():
        progress.add_file(path)
    progress.update(done=total, message="Klaar")
    return {"files": sorted(p.name for p in paths.values())}


def submit_realisation_report(*, user=None, evaluation_dir: Path | None = None, pdf: bool = True) -> Job:
    """The report's job for the current data: an existing one (queued, running or done) or a new one."""
    return submit(realisation_report_task, kind=KIND, key=report_key(evaluation_dir=evaluation_dir, pdf=pdf),
                  params={"evaluation_dir": str(evaluation_dir) if evaluation_dir else None, "pdf": pdf}, user=user)


def current_realisation_report(*, user=None, protected: bool = False) -> Job:
    """The report's job for the current data (HTML, XLSX and PDF) as the portal and (``protected``: no
    count of fewer than 10 people) the API offer it: a finished one as it is, else the one under way,
    else a new one. The key (a fingerprint of every input figure) is remembered per data version, so
    that a request does not load every fact."""
    version_key = f"portal:report-key:{data_version()}" + (":protected" if protected else "")
    key = cache.get(version_key)
    if key is None:
        key = report_key(pdf=True, protected=protected)
        cache.set(version_key, key, KEY_SECONDS)
    params = {"evaluation_dir": None, "pdf": True, **({"protected": True} if protected else {})}
    return submit(realisation_report_task, kind=KIND, key=key, params=params, user=user)


def report_file(job: Job, fmt: str) -> JobFile | None:
    """The report's file in ``fmt`` once its job has succeeded (and the file is still there)."""
    if job.status != JobStatus.SUCCEEDED:
        return None
    found = job.files.filter(name=f"realisatie.{fmt}").first()
    return found if found is not None and file_path(found).exists() else None
