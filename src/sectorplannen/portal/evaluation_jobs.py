"""The evaluation's outputs (formats §6) made by a background job started from the evaluator's page
(ADR 021). The register extracts are not uploaded through the web: the statistics office (or the
evaluator) drops each delivery as a folder in ``SECTORPLANNEN_EVALUATION_INPUT_DIR`` — the
participant file of the linkage hand-off and the employment and benefit extracts, keyed by
pseudonym, CSV or Parquet — and the page lists the folders. The job runs the same ``run_evaluation``
as ``sectorplannen evaluate`` (DuckDB) into its own work directory; the files are the job's files.

No BSN reaches this side: a folder that holds the linkage file (``koppeling.*``, the only file with
BSNs) is listed as unusable and never read; a folder's name that could hold a BSN (nine digits in a
row) or other characters than letters, digits, ``.``, ``_`` and ``-`` is not listed at all. Job
params hold the folder's name and the dates only. Cached until the files change: the job's key is
the folder's name, the files' names, sizes and modification times, and the dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from sectorplannen.common.masking import mask_bsns
from sectorplannen.evaluation.services import STAGES, InputError, run_evaluation
from sectorplannen.jobs.services import Job, JobFile, Progress, file_path, job_task, submit

KIND = "evaluation_run"
#: The three inputs of ``evaluate`` and the stem of their file in a delivery folder (.csv or .parquet).
INPUTS = {"participants": "deelnemers", "jobs": "banen", "benefits": "uitkeringen"}
LINKAGE_STEM = "koppeling"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
POSSIBLE_BSN = re.compile(r"\d{9}")
STAGE_LABELS = {"read_and_check": "Bestanden lezen en controleren", "pipeline": "Uitkomsten berekenen",
                "disclosure": "Onthullingscontrole", "write": "Bestanden schrijven"}


@dataclass(frozen=True)
class Delivery:
    """One folder of inputs: ``files`` by input (None when missing), ``problem`` why it cannot be used."""

    name: str
    files: dict[str, Path | None]
    modified: dt.datetime | None
    size: int
    problem: str = ""

    @property
    def usable(self) -> bool:
        return not self.problem


def input_dir() -> Path:
    return Path(settings.SECTORPLANNEN_EVALUATION_INPUT_DIR or Path(settings.DATA_DIR) / "evaluatie-invoer")


def _found(folder: Path, stem: str) -> Path | None:
    for suffix in (".parquet", ".csv"):
        if (folder / f"{stem}{suffix}").is_file():
            return folder / f"{stem}{suffix}"
    if (folder / stem).is_dir():  # a Parquet directory (docs/evaluation.md)
        return folder / stem
    return None


def _delivery(folder: Path) -> Delivery:
    files = {key: _found(folder, stem) for key, stem in INPUTS.items()}
    present = [p for p in files.values() if p is not None]
    stats = [f.stat() for p in present for f in ([p] if p.is_file() else sorted(p.rglob("*.parquet")))]
    modified = dt.datetime.fromtimestamp(max(s.st_mtime for s in stats), dt.UTC) if stats else None
    problem = ""
    if any(folder.glob(f"{LINKAGE_STEM}*")):
        problem = _("Deze map bevat het koppelbestand met BSN's; dat hoort niet bij de evaluator. "
                    "Verwijder het eerst.")
    elif len(present) < len(INPUTS):
        missing = [f"{INPUTS[k]}.csv" for k, p in files.items() if p is None]
        problem = _("Ontbreekt: %(files)s (of .parquet).") % {"files": ", ".join(missing)}
    return Delivery(folder.name, files, modified, sum(s.st_size for s in stats), problem)


def deliveries() -> list[Delivery]:
    """The delivery folders, newest first; names that could hold a BSN are left out."""
    root = input_dir()
    if not root.is_dir():
        return []
    found = [_delivery(p) for p in root.iterdir()
             if p.is_dir() and NAME.fullmatch(p.name) and not POSSIBLE_BSN.search(p.name)]
    return sorted(found, key=lambda d: (d.modified or dt.datetime.min.replace(tzinfo=dt.UTC), d.name), reverse=True)


def find_delivery(name: str) -> Delivery | None:
    return next((d for d in deliveries() if d.name == name), None)


def _version(d: Delivery) -> str:
    digest = hashlib.sha256(d.name.encode())
    for path in sorted(p for p in d.files.values() if p is not None):
        for f in [path] if path.is_file() else sorted(path.rglob("*.parquet")):
            stat = f.stat()
            digest.update(f"{f.relative_to(input_dir())}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:40]


def start(d: Delivery, dates: list[dt.date], *, user) -> Job:
    """The run for this delivery and these dates: finished (its files are the cached outputs), under
    way, or new."""
    iso = sorted({day.isoformat() for day in dates})
    key = f"{KIND}:{_version(d)}:{','.join(iso)}"
    return submit(evaluation_task, kind=KIND, key=key, user=user, params={"delivery": d.name, "dates": iso},
                  max_attempts=2)


def runs():
    return Job.objects.filter(kind=KIND).select_related("requested_by")


@job_task()
def evaluation_task(progress: Progress, *, delivery: str, dates: list[str]) -> dict:
    """Run the evaluation on one delivery into the job's work directory and keep every output file."""
    found = find_delivery(delivery)
    if found is None or not found.usable:
        return {"outcome": "unusable", "message": found.problem if found else _("De map met invoer is er niet meer.")}
    progress.update(done=0, total=len(STAGES), message=STAGE_LABELS[STAGES[0]])

    def on_stage(name: str) -> None:
        progress.update(done=STAGES.index(name), message=STAGE_LABELS[name])

    out = progress.work_dir / "uitkomsten"
    try:
        result = run_evaluation(found.files["participants"], found.files["jobs"], found.files["benefits"], dates,
                                out, on_stage=on_stage)
    except InputError as exc:  # unusable input: nothing written, the reason on the page
        return {"outcome": "unusable", "message": mask_bsns(str(exc)).replace(str(input_dir()), "")}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        progress.add_file(path, str(path.relative_to(out)))
    progress.update(done=len(STAGES), message="Klaar")
    return {"outcome": "rejected_rows" if result.exit_code == 1 else "complete", "units": result.units,
            "cells": len(result.cells), "suppressed": sum(1 for c in result.cells if c.suppressed),
            "rejected": result.rejected, "dates": [d.isoformat() for d in result.dates],
            "files": [{"label": s.label, "read": s.rows_read, "used": s.rows_accepted, "rejected": s.rows_rejected}
                      for s in result.summaries]}


def output(job: Job, file_id: int) -> JobFile | None:
    found = job.files.filter(pk=file_id).first() if job.status == "succeeded" else None
    return found if found is not None and file_path(found).exists() else None
