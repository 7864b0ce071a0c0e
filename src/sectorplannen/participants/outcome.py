"""The outcome of an upload: the result the command and the portal show, and the error report CSV."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from sectorplannen.common.spreadsheet import safe_writer

from .validation import RowError

_SHOWN_ERRORS = 20


@dataclass
class ImportResult:
    plan: str
    file_name: str
    rows_read: int = 0
    stored: int = 0
    already_known: int = 0
    rejected: int = 0
    rolled_back: bool = False  # --all-or-nothing with rejected rows: nothing stored
    error_counts: Counter = field(default_factory=Counter)
    first_errors: list[RowError] = field(default_factory=list)
    errors_reported: int = 0  # errors in the error report (at most the configured number)
    # Stored rows whose birth date differs from the one this plan gave the same person before (in
    # this file or an earlier upload): a warning, not an error; the person keeps the first date.
    birth_date_conflicts: int = 0
    birth_date_conflict_rows: list[int] = field(default_factory=list)  # the first few line numbers

    def birth_date_conflict_lines(self) -> str:
        """The line numbers as shown to the user: ``3, 8, 12`` and ``, …`` when there are more."""
        shown = self.birth_date_conflict_rows
        return ", ".join(map(str, shown)) + (", …" if self.birth_date_conflicts > len(shown) else "")
    ignored_columns: list[str] = field(default_factory=list)
    batch_id: int | None = None  # the upload's ImportBatch (None when nothing was kept)

    def summary(self) -> dict:
        """The figures as the portal's upload report and a job's result keep them (JSON, no personal data)."""
        return {"rows_read": self.rows_read, "stored": 0 if self.rolled_back else self.stored,
                "already_known": self.already_known, "rejected": self.rejected, "rolled_back": self.rolled_back,
                "ignored_columns": list(self.ignored_columns), "unusable": "",
                "birth_date_conflicts": self.birth_date_conflicts,
                "birth_date_conflict_rows": self.birth_date_conflict_lines(),
                "errors_total": sum(self.error_counts.values()), "errors_reported": self.errors_reported,
                "error_counts": dict(self.error_counts)}


def duplicate_row(row: int) -> RowError:
    return RowError(row, "", "duplicate_in_file",
                    "Deze inschrijving (zelfde maatregel, BSN en startdatum) staat al eerder in het bestand.")


def not_stored_row(row: int) -> RowError:
    """An employer's row that someone else in the plan registered: neutral, never saying who (or that anyone
    did; docs/partnership.md)."""
    return RowError(row, "", "not_stored", "Deze inschrijving is niet voor uw organisatie opgeslagen. Neem contact "
                                           "op met de hoofdaanvrager van het plan.")


# -- error report ---------------------------------------------------------------------------------

class _ErrorReport:
    """Streams errors to the CSV report (``row,column,code,message``) and keeps counts and the first few.
    The report holds the first ``max_reported_errors`` errors; the rest are counted only (a file of
    millions of bad rows must not write a file of millions of lines). Created readable by its owner only."""

    def __init__(self, path: Path | None, result: ImportResult):
        self.result = result
        self._room = int(settings.PARTICIPANT_UPLOAD_LIMITS["max_reported_errors"])
        self._fh = None
        if path:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._writer = safe_writer(self._fh) if self._fh else None
        if self._writer:
            self._writer.writerow(["row", "column", "code", "message"])

    def add(self, errors: list[RowError]) -> None:
        errors.sort(key=lambda e: e.row)
        result = self.result
        for e in errors:
            result.error_counts[e.code] += 1
        room = _SHOWN_ERRORS - len(result.first_errors)
        if room > 0:
            result.first_errors.extend(errors[:room])
        written = errors[:max(self._room - result.errors_reported, 0)]
        result.errors_reported += len(written)
        if self._writer and written:
            self._writer.writerows((e.row, e.column, e.code, e.message) for e in written)

    def discard(self) -> None:
        """Empty the report again (its header stays)."""
        if self._fh:
            self._fh.seek(0)
            self._fh.truncate()
            self._writer.writerow(["row", "column", "code", "message"])

    def close(self) -> None:
        if self._fh:
            self._fh.close()


