"""Writing the protected net effects: the CSV files of formats.md §8, `effects.xlsx`, `effects.html`.

Everything written comes from `EffectsResult`, i.e. after disclosure control: a suppressed estimate
has only its labels. CSV: UTF-8, comma-separated, fractions with 4 decimals.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib
import xlsxwriter
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from sectorplannen.common.spreadsheet import XLSX_OPTIONS, safe_writer

from .charts import PALETTE
from .effects_panel import OUTCOMES
from .extract import Extract

EFFECT_COLUMNS = ("method", "outcome", "dimension", "group", "event_month", "att", "se", "ci_low", "ci_high",
                  "n_treated", "n_comparison", "suppressed")
BALANCE_COLUMNS = ("covariate", "level", "share_treated", "share_comparison_raw", "share_comparison_matched",
                   "smd_raw", "smd_matched")
SUPPORT_COLUMNS = ("dimension", "group", "treated", "matched", "left_out", "share_matched", "suppressed")
MDE_COLUMNS = ("outcome", "dimension", "group", "event_month", "se", "mde", "n_treated", "n_comparison", "suppressed")
LOG_COLUMNS = ("file", "method", "outcome", "dimension", "group", "item", "reason")
REJECTED_COLUMNS = ("file", "row", "column", "code", "message")
OUTCOME_LABELS = {"werknemer": "werkend (een baan)", "ww": "WW-uitkering", "uitkering": "een uitkering"}
METHOD_LABELS = {"matched_did": "gematchte verschil-in-verschillen",
                 "staggered_did": "gespreide verschil-in-verschillen (Callaway–Sant'Anna)"}
REASONS = {"few_treated": "minder dan 10 deelnemers in de schatting",
           "few_comparison": "minder dan 10 vergelijkingspersonen in de schatting",
           "small_cell": "een aantal tussen 1 en 9 personen", "small_group": "groep kleiner dan 10 personen",
           "not_estimable": "niet te schatten (te weinig cohorten of controles)"}


def fmt(value, decimals: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{decimals}f}"


def _write_csv(path: Path, header, rows) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = safe_writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def effect_rows(result) -> list[list[str]]:
    return [[r.method, r.outcome, r.dimension, r.group, str(r.event_month), fmt(r.att), fmt(r.se), fmt(r.ci_low),
             fmt(r.ci_high), fmt(r.n_treated), fmt(r.n_comparison), fmt(r.suppressed)] for r in result.effects]


def table_rows(rows: list[dict], columns) -> list[list[str]]:
    return [[fmt(r[c]) if not isinstance(r[c], str) else r[c] for c in columns] for r in rows]


def write_all(result, extract: Extract) -> list[Path]:
    out = result.out_dir
    out.mkdir(parents=True, exist_ok=True)
    files = [
        _write_csv(out / "effects.csv", EFFECT_COLUMNS, effect_rows(result)),
        _write_csv(out / "balance.csv", BALANCE_COLUMNS, table_rows(result.balance, BALANCE_COLUMNS)),
        _write_csv(out / "support.csv", SUPPORT_COLUMNS, table_rows(result.support, SUPPORT_COLUMNS)),
        _write_csv(out / "mde.csv", MDE_COLUMNS, table_rows(result.mde, MDE_COLUMNS)),
        _write_csv(out / "disclosure_log.csv", LOG_COLUMNS,
                   [[e.file, e.method, e.outcome, e.dimension, e.group, e.item, e.reason] for e in result.log]),
    ]
    if result.rejected:
        files.append(_write_csv(out / "rejected_rows.csv", REJECTED_COLUMNS, extract.rejection_rows()))
    files.append(write_xlsx(result, out / "effects.xlsx"))
    files.append(write_html(result, out / "effects.html"))
    return files


def write_xlsx(result, path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
    bold = book.add_format({"bold": True})
    sheets = [("effecten", EFFECT_COLUMNS, effect_rows(result)),
              ("balans", BALANCE_COLUMNS, table_rows(result.balance, BALANCE_COLUMNS)),
              ("dekking", SUPPORT_COLUMNS, table_rows(result.support, SUPPORT_COLUMNS)),
              ("mde", MDE_COLUMNS, table_rows(result.mde, MDE_COLUMNS)),
              ("onderdrukt", LOG_COLUMNS, [[e.file, e.method, e.outcome, e.dimension, e.group, e.item, e.reason]
                                           for e in result.log])]
    for name, header, rows in sheets:
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, header, bold)
        for i, row in enumerate(rows, start=1):
            sheet.write_row(i, 0, [_number(v) for v in row])
        sheet.freeze_panes(1, 0)
    book.close()
    return path


def _number(text: str):
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text) if text not in ("", "nan") else text
    except ValueError:
        return text


def event_study_svg(title: str, series: list[tuple[str, list]]) -> bytes:
    """Estimate per event month with its 95 % interval (a band), one line per series; SVG bytes."""
    fig = Figure(figsize=(8, 3.6), dpi=96)
    FigureCanvasSVG(fig)
    ax = fig.add_subplot(1, 1, 1)
    for i, (label, rows) in enumerate(series):
        shown = [r for r in rows if r.att is not None]
        if not shown:
            continue
        colour = PALETTE[i % len(PALETTE)]
        months = [r.event_month for r in shown]
        ax.plot(months, [r.att * 100 for r in shown], color=colour, label=label, linewidth=1.6)
        ax.fill_between(months, [r.ci_low * 100 for r in shown], [r.ci_high * 100 for r in shown], color=colour,
                        alpha=0.18, linewidth=0)
    ax.axhline(0, color="#444", linewidth=0.8)
    ax.axvline(0, color="#888", linewidth=0.8, linestyle="--")
    ax.set_xlabel("maanden na de maand vóór het startkwartaal (m0)")
    ax.set_ylabel("effect (procentpunt)")
    ax.set_title(title, fontsize=11)
    if len(series) > 1:
        ax.legend(fontsize=7, ncol=3, loc="best")
    fig.tight_layout()
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "sectorplannen"}):  # the same file for the same figures
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def charts(result, method: str = "matched_did") -> list[tuple[str, bytes]]:
    """Per outcome: the total, and the categories (the intervals of each as a band)."""
    out = []
    for outcome in OUTCOMES:
        label = OUTCOME_LABELS[outcome]
        total = result.rows(method, outcome, "total", "total")
        out.append((f"Effect op {label}: alle deelnemers", event_study_svg(f"{label}: alle deelnemers",
                                                                          [("totaal", total)])))
        cats = sorted({r.group for r in result.effects if r.dimension == "category" and r.method == method})
        series = [(c, result.rows(method, outcome, "category", c)) for c in cats]
        if any(r.att is not None for _, rows in series for r in rows):
            out.append((f"Effect op {label} per thema", event_study_svg(f"{label}: per thema", series)))
    return out


def _table_html(header, rows) -> str:
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


EXPLANATION = (
    "<p>Een netto-effect is het verschil tussen wat er met deelnemers gebeurde en wat er met hen gebeurd zou zijn "
    "zonder het plan. Dat laatste is niet te zien; het wordt geschat met vergelijkbare niet-deelnemers: personen "
    "van dezelfde leeftijdsklasse, met dezelfde positie in de maand vóór het startkwartaal (werk, WW, andere "
    "uitkering, geen) en evenveel maanden werk in het jaar daarvoor. Per maand na de start staat hoeveel procentpunt "
    "de verandering bij deelnemers groter of kleiner was dan bij hun vergelijkingspersonen, met een 95%-interval. "
    "Vóór maand 0 horen de schattingen rond nul te liggen: liggen ze daar niet, dan verschillen deelnemers en "
    "vergelijkingsgroep al vóór de start en is het effect erna niet te vertrouwen.</p>"
    "<p>Wat de cijfers niet kunnen laten zien: verschillen in kenmerken die niet in de registers staan "
    "(motivatie, gezondheid, de reden om mee te doen). Wie deelneemt omdat ontslag dreigt of juist omdat de "
    "werkgever investeert, verschilt van een vergelijkingspersoon op een manier die de matching niet ziet. "
    "De kwaliteit van de vergelijkingsgroep telt mee: een steekproef die niet uit hetzelfde register komt of "
    "deelnemers van andere regelingen bevat, vertekent. Schattingen met minder dan 10 deelnemers of 10 "
    "vergelijkingspersonen zijn niet gepubliceerd.</p>"
)


def write_html(result, path: Path) -> Path:
    parts = ["<!DOCTYPE html><html lang='nl'><head><meta charset='utf-8'><title>Netto-effecten</title>",
             "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse;"
             "font-size:.85em}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}</style></head><body>",
             "<h1>Netto-effecten</h1>", EXPLANATION]
    for title, svg in charts(result):
        data = base64.b64encode(svg).decode("ascii")
        parts.append(f"<figure><img src='data:image/svg+xml;base64,{data}' alt='{html.escape(title)}'>"
                     f"<figcaption>{html.escape(title)}</figcaption></figure>")
    parts.append("<h2>Balans van de matchingkenmerken</h2>")
    parts.append(_table_html(BALANCE_COLUMNS, table_rows(result.balance, BALANCE_COLUMNS)))
    parts.append("<h2>Dekking: deelnemers met en zonder vergelijkingspersonen</h2>")
    parts.append(_table_html(SUPPORT_COLUMNS, table_rows(result.support, SUPPORT_COLUMNS)))
    parts.append(f"<h2>Kleinste aantoonbare effect (maand {result.mde[0]['event_month'] if result.mde else 24})</h2>")
    parts.append(_table_html(MDE_COLUMNS, table_rows(result.mde, MDE_COLUMNS)))
    methods = sorted({r.method for r in result.effects})
    parts.append("<p>Methoden: " + ", ".join(html.escape(METHOD_LABELS.get(m, m)) for m in methods) + ".</p>")
    if result.log:
        reasons = sorted({e.reason for e in result.log})
        parts.append("<p>Onderdrukt: " + str(len(result.log)) + " regels ("
                     + "; ".join(html.escape(REASONS.get(r, r)) for r in reasons) + "), zie disclosure_log.csv.</p>")
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")
    return path
