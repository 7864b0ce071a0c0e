"""Cells that a spreadsheet will not run: one rule for every CSV and XLSX the system writes.

Why: Excel and LibreOffice evaluate a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, through
DDE, one that starts with a tab or carriage return) as a formula, so a plan named
``=HYPERLINK("http://evil.example","klik")`` would become a live link in the evaluator's file. OWASP's
rule: prefix such a text cell with an apostrophe. Only text is touched: numbers (negative ones too),
dates and empty cells are written as they are, so numeric columns stay numeric."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` as it may be written to a CSV or XLSX cell: text that a spreadsheet would take for a
    formula gets a leading apostrophe; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


class SafeWriter:
    """``csv.writer`` whose text cells pass ``safe_cell``."""

    def __init__(self, fh, **kwargs):
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        self._writer.writerows(map(safe_row, rows))


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose text cells pass ``safe_cell``."""

    def writerow(self, rowdict):
        return super().writerow({k: safe_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)


def safe_writer(fh, **kwargs) -> SafeWriter:
    return SafeWriter(fh, **kwargs)
