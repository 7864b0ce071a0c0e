"""One table as CSV (values as computed: '.' as decimal separator, ratios as fractions) or as an
XLSX workbook with a real Excel table, for the dashboard's download per table."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from sectorplannen.common.spreadsheet import XLSX_OPTIONS, safe_writer

from .report import XLSX_FORMATS, row_kinds
from .tables import Table


def table_csv(table: Table) -> bytes:
    buf = io.StringIO()
    writer = safe_writer(buf, lineterminator="\n")
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else (format(v, "f") if isinstance(v, Decimal) else v) for v in row])
    return buf.getvalue().encode("utf-8-sig")  # with a BOM, so Excel reads the accents right


def table_xlsx(table: Table, source: str) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, **XLSX_OPTIONS})
    formats = {k: wb.add_format(v) for k, v in XLSX_FORMATS.items()}
    bold = wb.add_format({"bold": True, "font_size": 13})
    ws = wb.add_worksheet(f"Tabel {table.id}"[:31])
    ws.write(0, 0, f"Tabel {table.id}. {table.title}", bold)
    ws.set_column(0, 0, 42)
    ws.set_column(1, max(len(table.columns) - 1, 1), 20)
    header, first = 2, 3
    for r, row in enumerate(table.rows, start=first):
        for j, (value, kind) in enumerate(zip(row, row_kinds(table, r - first), strict=True)):
            if value is None:
                ws.write_blank(r, j, None)
            elif kind == "text":
                ws.write_string(r, j, str(value))
            else:
                ws.write_number(r, j, float(value), formats[kind])
    last = first + max(len(table.rows), 1) - 1
    ws.add_table(header, 0, last, len(table.columns) - 1, {
        "columns": [{"header": c.title} for c in table.columns], "style": "Table Style Light 9",
        "autofilter": False, "total_row": False,
    })
    for i, note in enumerate((*table.notes, source), start=last + 2):
        ws.write(i, 0, note)
    ws.freeze_panes(first, 1)
    wb.close()
    return buf.getvalue()

