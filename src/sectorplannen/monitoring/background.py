"""The realisation report as a background job: made once per state of the data (the job's key holds
a fingerprint of every input figure), with progress per stage, and its files kept for download."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sectorplannen import __version__
from sectorplannen.jobs.services import Job, Progress, job_task, submit

from .facts import fingerprint
from .queries import load_facts
from .services import build_report, report_steps

KIND = "realisation_report"


def _directory_hash(directory: Path | None) -> str:
    if directory is None:
        return "-"
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(directory).rglob("*.csv") if p.is_file()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def report_key(*, evaluation_dir: Path | None = None, pdf: bool = True) -> str:
    """Same data, same software, same options: same key, so a cached report is handed out again."""
    parts = "|".join([fingerprint(load_facts()), __version__, "pdf" if pdf else "nopdf",
                      _directory_hash(evaluation_dir)])
    return f"{KIND}:{hashlib.sha256(parts.encode()).hexdigest()}"


@job_task()
def realisation_report_task(progress: Progress, *, evaluation_dir: str | None = None, pdf: bool = True) -> dict:
    total = report_steps(pdf)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        progress.update(done=done, total=total, message=message)
        done += 1

    paths = build_report(progress.work_dir, evaluation_dir=Path(evaluation_dir) if evaluation_dir else None,
                         pdf=pdf, step=step)
    for path in paths.values():
        progress.add_file(path)
    progress.update(done=total, message="Klaar")
    return {"files": sorted(p.name for p in paths.values())}


def submit_realisation_report(*, user=None, evaluation_dir: Path | None = None, pdf: bool = True) -> Job:
    """The report's job for the current data: an existing one (queued, running or done) or a new one."""
    return submit(realisation_report_task, kind=KIND, key=report_key(evaluation_dir=evaluation_dir, pdf=pdf),
                  params={"evaluation_dir": str(evaluation_dir) if evaluation_dir else None, "pdf": pdf}, user=user)
