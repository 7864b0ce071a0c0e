"""Writing the protected results: the CSV tables, `outcomes.xlsx` and `report.html`.

Everything written here comes from `EvaluationResult`, i.e. after disclosure control: suppressed
cells have no n and no share. CSV files are UTF-8 without byte-order mark, comma-separated, with
the columns of formats.md §6 first.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections import defaultdict
from pathlib import Path

import xlsxwriter

from sectorplannen.common.spreadsheet import XLSX_OPTIONS, safe_cell, safe_sql, safe_writer

from . import charts
from .definitions import (
    DIMENSION_LABELS,
    DISCLOSURE_THRESHOLD,
    DOMINANCE_LIMIT,
    DOMINANCE_TOP_PLANS,
    OUTPUT_COLUMNS,
    TABLE_BY_NAME,
    TABLES,
    group_label,
)
from .disclosure import REASONS
from .extract import Extract

DOMINANCE_OUTCOME = "drie_grootste_plannen"
CHANGE_COLUMNS = ("table", "previous_date", "previous_n", "previous_share", "change_n", "change_share")
DOMINANCE_COLUMNS = ("units", "plans", "dominant")
LOG_COLUMNS = ("measurement_date", "table", "dimension", "group", "outcome", "reason", "explanation")
REJECTED_COLUMNS = ("file", "row", "column", "code", "message")
SUMMARY_COLUMNS = ("file", "format", "rows_read", "rows_accepted", "rows_rejected", "unlinked_rows")
XLSX_REJECTED_LIMIT = 100_000


def _n(value: int | None) -> str:
    return "" if value is None else str(int(value))


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _write_csv(path: Path, header, rows) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = safe_writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _cell_row(c) -> list[str]:
    return [c.measurement_date.isoformat(), c.dimension, c.group, c.outcome, _n(c.n), _share(c.share),
            _bool(c.suppressed)]


def change_rows(result) -> list[list[str]]:
    """Per cell the published value at a date and at the previous date, and the change when both are shown."""
    by_key = {(c.table, c.measurement_date, c.dimension, c.group, c.outcome): c for c in result.cells}
    rows = []
    for prev, cur in zip(result.dates, result.dates[1:], strict=False):
        for c in result.cells:
            if c.measurement_date != cur:
                continue
            p = by_key.get((c.table, prev, c.dimension, c.group, c.outcome))
            both = p is not None and not p.suppressed and not c.suppressed
            rows.append(_cell_row(c) + [
                c.table, prev.isoformat(),
                _n(p.n) if p else "", _share(p.share) if p else "",
                _n(c.n - p.n) if both else "",
                _share(c.share - p.share) if both else "",
            ])
    return rows


def _dominance_rows(result) -> list[list[str]]:
    return [
        [r.measurement_date.isoformat(), r.dimension, r.group, DOMINANCE_OUTCOME,
         "" if r.suppressed else str(r.top_units), "" if r.suppressed else f"{r.share:.4f}", _bool(r.suppressed),
         str(r.units) if r.units >= DISCLOSURE_THRESHOLD else "", str(r.plans), _bool(r.dominant)]
        for r in result.dominance
    ]


def write_all(result, extract: Extract) -> list[Path]:
    """Write every output file into `result.out_dir`; returns the paths written."""
    out = result.out_dir
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for spec in TABLES:
        files.append(_write_csv(out / spec.filename, OUTPUT_COLUMNS, (_cell_row(c) for c in result.table(spec.name))))
    files.append(_write_csv(out / "dominance.csv", OUTPUT_COLUMNS + DOMINANCE_COLUMNS, _dominance_rows(result)))
    files.append(_write_csv(out / "disclosure_log.csv", LOG_COLUMNS, (
        [e.measurement_date.isoformat(), e.table, e.dimension, e.group, e.outcome, e.reason, REASONS[e.reason]]
        for e in result.log)))
    files.append(_write_csv(out / "changes.csv", OUTPUT_COLUMNS + CHANGE_COLUMNS, change_rows(result)))
    files.append(_write_csv(out / "read_summary.csv", SUMMARY_COLUMNS, (
        [s.label, s.format, s.rows_read, s.rows_accepted, s.rows_rejected, s.unlinked_rows]
        for s in result.summaries)))
    rejected = out / "rejected_rows.csv"
    extract.con.execute(
        f"""COPY (SELECT {safe_sql("file")} AS file, row, {safe_sql("col")} AS "column", {safe_sql("code")} AS code,
                         {safe_sql("message")} AS message FROM rejections
                  ORDER BY file_order, row, col_order)
            TO '{rejected.as_posix().replace("'", "''")}' (HEADER, DELIMITER ',')"""
    )
    files.append(rejected)
    files.append(write_xlsx(result, extract, out / "outcomes.xlsx"))
    files.append(write_html(result, out / "report.html"))
    return files


# ------------------------------------------------------------------------------------------------
# Excel


def write_xlsx(result, extract: Extract, path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, **XLSX_OPTIONS})
    bold = workbook.add_format({"bold": True})
    share_fmt = workbook.add_format({"num_format": "0.0000"})
    intro = workbook.add_worksheet("Toelichting")
    intro.set_column(0, 0, 110)
    for i, line in enumerate(_intro_lines(result)):
        intro.write(i, 0, safe_cell(line), bold if i == 0 else None)

    def sheet(name: str, header, rows, share_cols=()):
        ws = workbook.add_worksheet(name)
        ws.freeze_panes(1, 0)
        for j, h in enumerate(header):
            ws.write(0, j, safe_cell(h), bold)
        ws.set_column(0, len(header) - 1, 18)
        count = 0
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                if value is None or value == "":
                    continue
                ws.write(i, j, safe_cell(value), share_fmt if j in share_cols else None)
            count = i
        ws.autofilter(0, 0, max(count, 1), len(header) - 1)

    for spec in TABLES:
        sheet(spec.name, OUTPUT_COLUMNS, (
            [c.measurement_date.isoformat(), c.dimension, c.group, c.outcome, c.n, c.share, c.suppressed]
            for c in result.table(spec.name)), share_cols=(5,))
    sheet("changes", OUTPUT_COLUMNS + CHANGE_COLUMNS, (
        [_num(v) if j in (4, 5, 9, 10, 11, 12) else (v == "true" if j == 6 else v) for j, v in enumerate(row)]
        for row in change_rows(result)), share_cols=(5, 10, 12))
    sheet("dominance", OUTPUT_COLUMNS + DOMINANCE_COLUMNS, (
        [_num(v) if j in (4, 5, 7, 8) else (v == "true" if j in (6, 9) else v) for j, v in enumerate(row)]
        for row in _dominance_rows(result)), share_cols=(5,))
    sheet("disclosure_log", LOG_COLUMNS, (
        [e.measurement_date.isoformat(), e.table, e.dimension, e.group, e.outcome, e.reason, REASONS[e.reason]]
        for e in result.log))
    sheet("read_summary", SUMMARY_COLUMNS, (
        [s.label, s.format, s.rows_read, s.rows_accepted, s.rows_rejected, s.unlinked_rows]
        for s in result.summaries))
    sheet("rejected_rows", REJECTED_COLUMNS, extract.rejection_rows(limit=XLSX_REJECTED_LIMIT))
    workbook.close()
    return path


def _num(text: str):
    if text == "":
        return None
    return float(text) if "." in text else int(text)


def _intro_lines(result) -> list[str]:
    return [
        "Arbeidsmarktpositie van deelnemers aan de sectorplannen",
        "Meetmomenten: " + ", ".join(_nl_date(d) for d in result.dates),
        f"Eenheden (deelnemer × plan × thema): {charts.fmt_int(result.units)}",
        "Definities: formats.md §6 (eenheid, actieve baan/uitkering, inkomenspositie, hoofdbaan, startbaan, "
        "werkgeversmobiliteit, sector van het plan, contractvorm, arbeidsduur).",
        f"Geheimhouding: cellen met 1 tot en met {DISCLOSURE_THRESHOLD - 1} eenheden zijn onderdrukt "
        "(n en share leeg, suppressed = WAAR); is dat de enige onderdrukte cel van een groep, dan ook de "
        f"kleinste andere niet-lege cel; groepen kleiner dan {DISCLOSURE_THRESHOLD} zijn geheel onderdrukt; "
        "aanvullend zijn cellen onderdrukt die anders terug te rekenen zijn uit andere cellen en totalen.",
        "Elke onderdrukking staat met haar reden in het blad disclosure_log.",
        f"Dominantie: aandeel van de {DOMINANCE_TOP_PLANS} grootste plannen in de eenheden van een groep; "
        f"boven {DOMINANCE_LIMIT:.0%} is de groep gemarkeerd (dominant = WAAR).",
        "share = n / groepstotaal in die tabel, 4 decimalen.",
    ]


# ------------------------------------------------------------------------------------------------
# HTML report

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


def _nl_date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _e(text) -> str:
    return html.escape(str(text))


_CSS = """
body{font-family:"RijksoverheidSans",Verdana,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#000;line-height:1.45}
h1{color:#01689b}h2{color:#01689b;border-bottom:2px solid #01689b;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.85em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{background:#e6f0f5}
td.x{color:#7f7f7f;text-align:center}figure{margin:1em 0 2em}img{max-width:100%;height:auto}
figcaption{font-size:.85em;color:#333}.note{font-size:.9em;background:#f3f3f3;padding:.6em 1em}
details{margin:.5em 0}summary{cursor:pointer;font-weight:bold}
"""


def _chart_bars(result, table: str, date: dt.date, dimension: str, include_total: bool = True):
    spec = TABLE_BY_NAME[table]
    groups: dict[str, dict[str, object]] = defaultdict(dict)
    for c in result.cells:
        if c.table == table and c.measurement_date == date and (
                c.dimension == dimension or (include_total and c.dimension == "total")):
            groups[c.group]["total"] = c.group_total
            groups[c.group][c.outcome] = c.share
    bars = []
    for group, values in groups.items():
        bars.append(charts.Bar(group_label(group), values["total"], [values.get(o) for o in spec.outcomes]))
    return bars


def _figure(svg: bytes, alt: str, caption: str) -> str:
    data = base64.b64encode(svg).decode("ascii")
    return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{_e(alt)}">'
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _alt(title: str, spec, bars, date: dt.date) -> str:
    parts = []
    for bar in bars:
        shown = [f"{spec.label(o)} {charts.fmt_pct(s)}" for o, s in zip(spec.outcomes, bar.shares, strict=True)
                 if s is not None]
        hidden = sum(1 for s in bar.shares if s is None)
        text = f"{bar.axis_label}: " + (", ".join(shown) if shown else "geheel onderdrukt")
        if hidden and shown:
            text += f" ({hidden} onderdrukt)"
        parts.append(text)
    return f"Gestapeld staafdiagram, {title} op {_nl_date(date)}. " + "; ".join(parts) + "."


def _charts_html(result) -> str:
    date = result.dates[-1]
    out = []
    plans = [
        ("income_status", "category", "Inkomenspositie per thema"),
        ("income_status", "target_group", "Inkomenspositie per doelgroep bij de start"),
        ("employer_mobility", "category", "Werkgeversmobiliteit per thema"),
        ("plan_sector", "category", "Werkzaam in de sector van het plan, per thema"),
        ("hours", "category", "Arbeidsduur per thema"),
    ]
    for table, dimension, title in plans:
        spec = TABLE_BY_NAME[table]
        bars = _chart_bars(result, table, date, dimension)
        if not bars:
            continue
        svg = charts.stacked_bars(f"{title}, {_nl_date(date)}", spec.labels, [("", bars)])
        out.append(_figure(svg, _alt(title.lower(), spec, bars, date),
                           f"{title} ({spec.population}). Gearceerd: onderdrukte cellen."))
    all_bars = _chart_bars(result, "contract", date, "category")
    changer_bars = _chart_bars(result, "contract_job_changers", date, "category")
    if all_bars:
        spec = TABLE_BY_NAME["contract"]
        panels = [("Alle werkenden", all_bars)] + ([("Van werkgever gewisseld", changer_bars)] if changer_bars else [])
        svg = charts.stacked_bars(f"Contractvorm per thema, {_nl_date(date)}", spec.labels, panels)
        alt = _alt("contractvorm van alle werkenden", spec, all_bars, date)
        if changer_bars:
            alt += " " + _alt("contractvorm van wie van werkgever wisselde", spec, changer_bars, date)
        out.append(_figure(svg, alt, "Contractvorm van de hoofdbaan: alle werkenden en wie van werkgever "
                                     "wisselde. Gearceerd: onderdrukte cellen."))
    if len(result.dates) > 1:
        spec = TABLE_BY_NAME["income_status"]
        bars = []
        for d in result.dates:
            for bar in _chart_bars(result, "income_status", d, "total"):
                bar.label = _nl_date(d)
                bars.append(bar)
        svg = charts.stacked_bars("Inkomenspositie per meetmoment (alle deelnemers)", spec.labels, [("", bars)])
        out.append(_figure(svg, _alt("inkomenspositie per meetmoment", spec, bars, result.dates[-1]),
                           "Inkomenspositie van alle deelnemers op elk meetmoment."))
    return "\n".join(out)


def _table_html(result, table: str, date: dt.date) -> str:
    spec = TABLE_BY_NAME[table]
    rows: dict[tuple[str, str], dict] = {}
    for c in result.cells:
        if c.table == table and c.measurement_date == date:
            rows.setdefault((c.dimension, c.group), {"total": c.group_total})[c.outcome] = c
    head = "".join(f"<th scope='col'>{_e(label)}</th>" for label in spec.labels)
    body = []
    current = None
    for (dimension, group), values in rows.items():
        if dimension != current:
            current = dimension
            body.append(f"<tr><th scope='rowgroup' colspan='{len(spec.outcomes) + 2}' style='text-align:left'>"
                        f"{_e(DIMENSION_LABELS.get(dimension, dimension))}</th></tr>")
        total = values["total"]
        cells = []
        for o in spec.outcomes:
            c = values[o]
            if c.suppressed:
                cells.append("<td class='x' title='onderdrukt'>x</td>")
            else:
                cells.append(f"<td>{charts.fmt_pct(c.share, 1)}</td>")
        body.append(f"<tr><th scope='row'>{_e(group_label(group))}</th>"
                    f"<td>{charts.fmt_int(total) if total is not None else 'x'}</td>{''.join(cells)}</tr>")
    return (f"<table><caption>{_e(spec.title)}, {_e(_nl_date(date))} ({_e(spec.population)}); "
            f"percentages van het groepstotaal n</caption><thead><tr><th scope='col'>Groep</th>"
            f"<th scope='col'>n</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def _summary_html(result) -> str:
    rows = "".join(
        f"<tr><td>{_e(s.label)}</td><td>{_e(s.format)}</td><td>{charts.fmt_int(s.rows_read)}</td>"
        f"<td>{charts.fmt_int(s.rows_accepted)}</td><td>{charts.fmt_int(s.rows_rejected)}</td>"
        f"<td>{_e(', '.join(f'{k}: {v}' for k, v in s.problems.items()) or '–')}</td>"
        f"<td>{charts.fmt_int(s.unlinked_rows)}</td></tr>"
        for s in result.summaries)
    return ("<table><caption>Ingelezen bestanden</caption><thead><tr><th scope='col'>Bestand</th>"
            "<th scope='col'>Formaat</th><th scope='col'>Regels</th><th scope='col'>Gebruikt</th>"
            "<th scope='col'>Afgewezen</th><th scope='col'>Redenen</th>"
            "<th scope='col'>Niet van deelnemers</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def _dominance_html(result) -> str:
    date = result.dates[-1]
    rows = [r for r in result.dominance if r.measurement_date == date and r.dominant]
    if not rows:
        return "<p>Geen enkele groep wordt gedomineerd door de drie grootste plannen.</p>"
    body = "".join(
        f"<tr><td>{_e(DIMENSION_LABELS.get(r.dimension, r.dimension))}: {_e(group_label(r.group))}</td>"
        f"<td>{charts.fmt_int(r.units) if r.units >= DISCLOSURE_THRESHOLD else '&lt; 10'}</td>"
        f"<td>{r.plans}</td><td>{'x' if r.suppressed else charts.fmt_pct(r.share, 1)}</td></tr>"
        for r in rows)
    return (f"<p>Groepen waarin de {DOMINANCE_TOP_PLANS} grootste plannen meer dan "
            f"{charts.fmt_pct(DOMINANCE_LIMIT)} van de eenheden leveren: hun cijfers beschrijven vooral die plannen."
            "</p><table><caption>Dominantie</caption><thead><tr><th scope='col'>Groep</th><th scope='col'>n</th>"
            "<th scope='col'>Plannen</th><th scope='col'>Aandeel 3 grootste</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def write_html(result, path: Path) -> Path:
    latest = result.dates[-1]
    suppressed = sum(1 for c in result.cells if c.suppressed)
    reasons = defaultdict(int)
    for e in result.log:
        reasons[e.reason] += 1
    tables = []
    for d in reversed(result.dates):
        inner = "".join(_table_html(result, spec.name, d) for spec in TABLES)
        tables.append(f"<details{' open' if d == latest else ''}><summary>Tabellen op {_e(_nl_date(d))}</summary>"
                      f"{inner}</details>")
    reason_items = "".join(f"<li>{_e(REASONS[r])}: {charts.fmt_int(n)}</li>" for r, n in sorted(reasons.items()))
    doc = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Arbeidsmarktpositie van deelnemers aan de sectorplannen</title><style>{_CSS}</style></head>
<body><main>
<h1>Arbeidsmarktpositie van deelnemers aan de sectorplannen</h1>
<p>Meetmomenten: {_e(', '.join(_nl_date(d) for d in result.dates))}.
Eenheden (deelnemer × plan × thema): {charts.fmt_int(result.units)}.
De grafieken gaan over {_e(_nl_date(latest))}; de tabellen staan hieronder per meetmoment.</p>
<p class="note">Alle cijfers zijn geaggregeerd en beveiligd tegen onthulling: cellen met 1 tot en met
{DISCLOSURE_THRESHOLD - 1} eenheden en groepen kleiner dan {DISCLOSURE_THRESHOLD} zijn onderdrukt
(in tabellen <b>x</b>, in grafieken grijs gearceerd), en waar nodig ook andere cellen, zodat geen onderdrukte
cel terug te rekenen is. Definities: formats.md §6.</p>
<h2>Ingelezen gegevens</h2>
{_summary_html(result)}
<h2>Grafieken</h2>
{_charts_html(result)}
<h2>Tabellen</h2>
{''.join(tables)}
<h2>Dominantie van grote plannen</h2>
{_dominance_html(result)}
<h2>Geheimhouding</h2>
<p>{charts.fmt_int(suppressed)} van de {charts.fmt_int(len(result.cells))} cellen zijn onderdrukt. Redenen:</p>
<ul>{reason_items or '<li>geen</li>'}</ul>
<p>Alle onderdrukkingen staan met hun reden in <code>disclosure_log.csv</code>.</p>
</main></body></html>
"""
    path.write_text(doc, encoding="utf-8")
    return path
