"""Participant uploads from the portal: store the file briefly, import it, keep only the error report."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from django.conf import settings

from sectorplannen.participants.services import UnusableInput, import_participants
from sectorplannen.participants.validation import mask_digits

from .models import UploadReport


def _dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "portal_uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_upload(plan, upload, user, *, all_or_nothing: bool) -> UploadReport:
    """Import an uploaded CSV/XLSX; the file is removed afterwards whatever happens."""
    token = uuid.uuid4().hex
    suffix = Path(upload.name).suffix.lower()
    source = _dir() / f"{token}{suffix}"
    errors = _dir() / f"{token}-fouten.csv"
    with source.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    try:
        result = import_participants(plan, source, errors_path=errors, all_or_nothing=all_or_nothing, actor=user)
        summary = {"rows_read": result.rows_read, "stored": 0 if result.rolled_back else result.stored,
                   "already_known": result.already_known, "rejected": result.rejected,
                   "rolled_back": result.rolled_back, "ignored_columns": result.ignored_columns, "unusable": "",
                   "birth_date_conflicts": result.birth_date_conflicts,
                   "birth_date_conflict_rows": result.birth_date_conflict_lines()}
    except UnusableInput as exc:
        summary = {"rows_read": 0, "stored": 0, "already_known": 0, "rejected": 0, "rolled_back": False,
                   "ignored_columns": [], "unusable": mask_digits(str(exc))}
    finally:
        source.unlink(missing_ok=True)
    return UploadReport.objects.create(plan=plan, uploaded_by=user, file_name=mask_digits(upload.name),
                                       result=summary, errors_file=errors.name if errors.exists() else "")


def error_path(report: UploadReport) -> Path | None:
    if not report.errors_file:
        return None
    path = _dir() / Path(report.errors_file).name
    return path if path.exists() else None


def error_rows(report: UploadReport) -> list[dict]:
    """The rows of the error report (row, column, code, message), digits of any BSN masked."""
    path = error_path(report)
    if path is None:
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: mask_digits(v or "") for k, v in row.items()} for row in csv.DictReader(fh)]
