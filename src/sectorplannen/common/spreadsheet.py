"""Cells that a spreadsheet will not run: one rule for every CSV and XLSX the system writes.

Why: Excel and LibreOffice evaluate a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, through
DDE, one that starts with a tab or carriage return) as a formula, so a plan named
``=HYPERLINK("http://evil.example","klik")`` would become a live link in the evaluator's file. OWASP's
rule: prefix such a text cell with an apostrophe. Only text is touched: numbers (negative ones too),
dates and empty cells are written as they are, so numeric columns stay numeric."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
_IS_NUMBER = re.compile(_NUMBER)
# Options for every xlsxwriter workbook: text stays text (no formula, no link made from a string).
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def safe_cell(value: Any) -> Any:
    """``value`` as it may be written to a CSV or XLSX cell: text that a spreadsheet would take for a
    formula gets a leading apostrophe; a number written as text (``-12``, ``-0.0300``) is a number,
    not a formula, and anything that is not text is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _IS_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_sql(column: str) -> str:
    """The SQL expression (DuckDB) that does ``safe_cell`` to a text column in a ``COPY … TO``."""
    return (f"CASE WHEN regexp_matches({column}, '^[=+\\-@\\t\\r]') AND NOT regexp_matches({column}, "
            f"'^{_NUMBER}$') THEN concat(chr(39), {column}) ELSE {column} END")


def safe_arrow(table):
    """A pyarrow table with ``safe_cell`` done to every text column (for pyarrow's CSV writer)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.and_(pc.match_substring_regex(column, r"^[=+\-@\t\r]"),
                            pc.invert(pc.match_substring_regex(column, f"^{_NUMBER}$")))
            column = pc.if_else(pc.fill_null(risky, False), pc.binary_join_element_wise("'", column, ""), column)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


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
