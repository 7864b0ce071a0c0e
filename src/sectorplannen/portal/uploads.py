"""The files of participant uploads in the portal: the error reports of the upload reports made
before uploads became background jobs, and the orphans removed at start-up.

A participant upload is now a background job (views/upload_jobs.py): its file waits encrypted in the
upload queue and its reports are job files. An earlier upload report's error report (row numbers,
columns, codes, masked messages) is a private file (0600) that exists only while the report refers to
it; anything else in the folder is an orphan (of a crash, or of an older version that stored uploads),
and so is a queued file no unfinished job waits for. Both are removed at start-up (``wsgi.py``) and by
``sectorplannen uploads cleanup``."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

from sectorplannen.common.logs import mask_digits
from sectorplannen.participants.services import remove_orphan_queued_files

from .models import UploadReport

logger = logging.getLogger(__name__)


def _dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "portal_uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def error_path(report: UploadReport) -> Path | None:
    if not report.errors_file:
        return None
    path = _dir() / Path(report.errors_file).name
    return path if path.exists() else None


def error_rows(report: UploadReport) -> list[dict]:
    """The rows of the error report (row, column, code, message), digits of any BSN masked."""
    return csv_rows(error_path(report))


def csv_rows(path: Path | None) -> list[dict]:
    """The rows of an error report file (none when it is missing), digits of any BSN masked."""
    if path is None or not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: mask_digits(v or "") for k, v in row.items()} for row in csv.DictReader(fh)]


def remove_orphans() -> int:
    """Remove every file in the upload folder that no upload report refers to, and the queued files no
    unfinished job waits for (older than an hour); returns how many."""
    queued = remove_orphan_queued_files()
    folder = _dir()
    if not folder.is_dir():
        return queued
    kept = set(UploadReport.objects.exclude(errors_file="").values_list("errors_file", flat=True))
    removed = 0
    for path in folder.iterdir():
        if path.name not in kept and (path.is_file() or path.is_symlink()):
            path.unlink(missing_ok=True)
            removed += 1
    return removed + queued


def remove_orphans_at_start() -> None:
    """``remove_orphans`` when the web server starts; a database not yet migrated is no reason to fail."""
    try:
        removed = remove_orphans()
    except (DatabaseError, OSError) as exc:
        logger.warning("Upload folder not cleaned at start-up: %s", type(exc).__name__)
        return
    if removed:
        logger.warning("Removed %d orphan file(s) from the upload folder at start-up", removed)
