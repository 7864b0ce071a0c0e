"""The realisation report: self-contained HTML, an accessible XLSX and a PDF of the HTML.

Every output carries the data's timestamp, the software version and a hash of its inputs, so a
figure can be traced back to the data it came from."""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import xlsxwriter
from django.template.loader import render_to_string

from sectorplannen import __version__
from sectorplannen.common.spreadsheet import XLSX_OPTIONS, safe_cell, safe_row

from .charts import Chart
from .numbers import nl_eur, nl_int, nl_pct
from .tables import Table


@dataclass(frozen=True)
class ReportMeta:
    title: str
    data_timestamp: dt.datetime | None
    generated_at: dt.datetime
    input_hash: str
    method: tuple[str, ...]
    version: str = __version__


@dataclass(frozen=True)
class Section:
    """A group of tables and charts with a heading (realisation, or the evaluation's outcomes)."""

    heading: str
    intro: str
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


def _visible_columns(table: Table) -> list[int]:
    return list(range(len(table.columns)))


def _whole(value) -> str:
    return nl_int(Decimal(value).quantize(Decimal(1), ROUND_HALF_UP))


def format_cell(value, kind: str, missing: str = "–") -> str:
    """Dutch formatting; whole percentages, thousands and millions are rounded half up, as printed."""
    if value is None:
        return missing
    if kind == "int":
        return nl_int(value)
    if kind == "eur":
        return nl_eur(value)
    if kind == "pct":
        return nl_pct(value)
    if kind == "pct0":
        return f"{_whole(Decimal(value) * 100)} %"
    if kind == "k_eur":
        return _whole(Decimal(value) / 1000)
    if kind == "k_persons":
        return f"{_whole(Decimal(value) / 1000)} duizend"
    if kind == "m_eur":
        return f"€ {_whole(Decimal(value) / 1_000_000)} miljoen"
    return str(value)


def row_kinds(table: Table, row_index: int) -> list[str]:
    kinds = [c.kind for c in table.columns]
    if table.row_kinds:
        kinds = [table.row_kinds[row_index] if k == "mixed" else k for k in kinds]
    return kinds


def is_total_row(row: tuple) -> bool:
    return str(row[0]).startswith("Totaal")


def html_tables(tables) -> list[dict]:
    out = []
    for t in tables:
        cols = _visible_columns(t)
        rows = []
        for n, row in enumerate(t.rows):
            kinds = row_kinds(t, n)
            cells = [{"text": format_cell(row[i], kinds[i], t.columns[i].missing), "numeric": kinds[i] != "text"}
                     for i in cols]
            rows.append({"total": is_total_row(row), "cells": cells})
        out.append({"id": t.id, "anchor": table_anchor(t.id), "title": t.title,
                    "columns": [{"title": t.columns[i].title, "numeric": t.columns[i].kind != "text"} for i in cols],
                    "rows": rows, "notes": t.notes, "wide": len(cols) > 6})
    return out


def table_anchor(table_id: str) -> str:
    return "tabel-" + table_id.replace(".", "-")


def render_html(meta: ReportMeta, sections: list[Section]) -> str:
    return render_to_string("monitoring/report.html", {
        "meta": meta,
        "sections": [
            {"heading": s.heading, "intro": s.intro, "notes": s.notes, "tables": html_tables(s.tables),
             "charts": [{"id": c.id, "title": c.title, "alt": c.alt,
                         "src": "data:image/png;base64," + base64.b64encode(c.png).decode()} for c in s.charts]}
            for s in sections
        ],
    })


# Excel number formats per column kind (thousands and millions by Excel's own scaling commas).
XLSX_FORMATS = {
    "int": {"num_format": "#,##0"}, "eur": {"num_format": "€ #,##0"}, "pct": {"num_format": "0.0%"}, "text": {},
    "pct0": {"num_format": "0%"}, "k_eur": {"num_format": "#,##0,"}, "k_persons": {"num_format": '#,##0, "duizend"'},
    "m_eur": {"num_format": '€ #,##0,, "miljoen"'},
}


def write_xlsx(path: Path, meta: ReportMeta, sections: list[Section]) -> None:
    """One sheet per table with a real Excel table (named headers), its title above and notes below."""
    wb = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
    wb.set_properties({"title": meta.title, "subject": "Realisatie sectorplannen", "author": "sectorplannen",
                       "comments": f"versie {meta.version}; invoer-hash {meta.input_hash}"})
    bold = wb.add_format({"bold": True, "font_size": 13})
    formats = {k: wb.add_format(v) for k, v in XLSX_FORMATS.items()}
    info = wb.add_worksheet("Toelichting")
    info.set_column(0, 0, 28)
    info.set_column(1, 1, 100)
    info_rows = [("Titel", meta.title), ("Gegevens tot en met", _stamp(meta.data_timestamp)),
                 ("Gemaakt op", _stamp(meta.generated_at)), ("Softwareversie", meta.version),
                 ("Hash van de invoer (SHA-256)", meta.input_hash)]
    info_rows += [("Methode", line) for line in meta.method]
    info.write_row(0, 0, ["Onderdeel", "Waarde"], bold)
    for r, (k, v) in enumerate(info_rows, start=1):
        info.write_row(r, 0, safe_row([k, v]))
    used: set[str] = {"Toelichting"}
    for section in sections:
        for t in section.tables:
            name = _sheet_name(t.id, used)
            ws = wb.add_worksheet(name)
            ws.write_string(0, 0, safe_cell(f"Tabel {t.id}. {t.title}"), bold)
            cols = _visible_columns(t)
            header_row, first_data = 2, 3
            ws.set_column(0, 0, 42)
            ws.set_column(1, max(len(cols) - 1, 1), 20)
            for r, row in enumerate(t.rows, start=first_data):
                kinds = row_kinds(t, r - first_data)
                for j, i in enumerate(cols):
                    value = row[i]
                    if value is None:
                        ws.write_blank(r, j, None)
                    elif kinds[i] == "text":
                        ws.write_string(r, j, safe_cell(str(value)))
                    else:
                        ws.write_number(r, j, float(value) if isinstance(value, Decimal) else value,
                                        formats[kinds[i]])
            last = first_data + max(len(t.rows), 1) - 1
            ws.add_table(header_row, 0, last, len(cols) - 1, {
                "columns": [{"header": safe_cell(t.columns[i].title)} for i in cols], "style": "Table Style Light 9",
                "autofilter": False, "name": "T_" + re.sub(r"\W", "_", name),
            })
            ws.freeze_panes(first_data, 1)
            note_row = last + 2
            for note in (*t.notes, f"Bron: sectorplannen {meta.version}; gegevens tot {_stamp(meta.data_timestamp)}; "
                         f"invoer-hash {meta.input_hash[:16]}…"):
                ws.write_string(note_row, 0, safe_cell(note))
                note_row += 1
    wb.close()


def _sheet_name(table_id: str, used: set[str]) -> str:
    name = f"Tabel {table_id}"[:31]
    n = 2
    while name in used:
        name = f"Tabel {table_id} ({n})"[:31]
        n += 1
    used.add(name)
    return name


def _stamp(value: dt.datetime | None) -> str:
    return value.strftime("%d-%m-%Y %H:%M") if value else "–"


def write_pdf(path: Path, html: str) -> None:
    from weasyprint import HTML

    HTML(string=html).write_pdf(str(path))


def write_report(out_dir: Path, meta: ReportMeta, sections: list[Section], *, pdf: bool = True,
                 step=lambda message: None) -> dict[str, Path]:
    """Write the outputs; ``step(message)`` is called before each (a background job's progress)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    step("HTML maken")
    html = render_html(meta, sections)
    paths = {"html": out_dir / "realisatie.html", "xlsx": out_dir / "realisatie.xlsx"}
    paths["html"].write_text(html, encoding="utf-8")
    step("XLSX maken")
    write_xlsx(paths["xlsx"], meta, sections)
    if pdf:
        step("PDF maken")
        paths["pdf"] = out_dir / "realisatie.pdf"
        write_pdf(paths["pdf"], html)
    return paths
