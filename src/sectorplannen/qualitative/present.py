"""Tabulation results as rows for pages, the report and downloads (Dutch or English labels).

No row names a plan; a cell with fewer respondents than the threshold shows no figure.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction

import xlsxwriter
from django.conf import settings

from sectorplannen.common.spreadsheet import XLSX_OPTIONS, safe_writer

from .codebook import Codebook
from .frame import PlanRecord, cluster_labels
from .specs import TabulationSpec, published_specs
from .tabulate import GROUPINGS, Result, tabulate

UNITS = {"measures": ("maatregelen", "measures"), "plans": ("plannen", "plans"),
         "pls": ("projectleiders", "project leaders"), "mentions": ("vermeldingen", "mentions")}
THEMES = {
    "mobility": ("Mobiliteit", "Mobility"), "career_check": ("Loopbaancheck", "Career check"),
    "training": ("Om- en bijscholing", "Training"), "work_placements": ("Leerwerkplekken", "Work placements"),
    "health": ("Gezondheid", "Health"), "other": ("Overig", "Other"),
    "work_same_occupation": ("Werk naar werk, zelfde beroep", "Work to work, same occupation"),
    "work_other_occupation": ("Werk naar werk, ander beroep", "Work to work, other occupation"),
    "ww_to_work": ("WW naar werk", "WW to work"), "other_to_work": ("Overige situatie naar werk", "Other to work"),
}
KINDS = {"sectoral": ("Sectoraal (landelijk)", "Sectoral (national)"), "regional": ("Regionaal", "Regional")}
TRANCHES = {"T1/2": ("Tranche 1–2", "Tranches 1–2"), "T3": ("Tranche 3", "Tranche 3"), "all": ("Alle", "All")}


def min_respondents() -> int:
    return int(getattr(settings, "QUALITATIVE_MIN_RESPONDENTS", 10))


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def group_label(grouping: str, value: str, language: str = "nl") -> str:
    if grouping == "theme":
        return _pick(THEMES.get(value, (value, value)), language)
    if grouping == "kind":
        return _pick(KINDS.get(value, (value, value)), language)
    if grouping == "tranche":
        return _pick(TRANCHES.get(value, (value, value)), language)
    return cluster_labels().get(value, value)


def pct(share: Fraction | None, language: str = "nl") -> str:
    if share is None:
        return "–"
    text = f"{float(share) * 100:.1f} %"
    return text if language == "en" else text.replace(".", ",")


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    population: str
    unit: str
    printed: str
    computed: str
    k: int | None
    n: int
    meets: bool | None
    suppressed: bool
    lines: str
    groups: tuple[tuple[str, str, int, bool], ...]


def _label(book: Codebook, spec: TabulationSpec, code, language: str) -> str:
    question = book.question(spec.item) if not spec.item.startswith("_") else None
    if question is None or question.list is None:
        return str(code)
    key = question.list if question.list != "goals" else f"goals.{spec.themes[0]}" if spec.themes else None
    try:
        return book.label(key, code, language) if key else str(code)
    except KeyError:
        return str(code)


def _computed(book: Codebook, r: Result, language: str) -> str:
    if r.suppressed:
        return "–"
    if r.spec.stat == "rank":
        return "; ".join(_label(book, r.spec, c, language) for c, _ in r.ranking[:3])
    return str(r.k) if r.spec.stat == "count" else pct(r.share, language)


def _population(spec: TabulationSpec, language: str) -> str:
    parts = [_pick(TRANCHES[spec.tranche], language)]
    parts += [_pick(THEMES.get(t, (t, t)), language) for t in spec.themes]
    if spec.kind:
        parts.append(_pick(KINDS[spec.kind], language))
    if spec.cluster:
        parts.append(cluster_labels().get(spec.cluster, spec.cluster))
    return ", ".join(parts)


def rows(plans: list[PlanRecord], book: Codebook, *, by: str | None = None, language: str = "nl") -> list[Row]:
    if by not in (None, *GROUPINGS):
        by = None
    limit = min_respondents()
    out = []
    for spec in published_specs():
        r = tabulate(spec, plans, by=by, min_n=limit)
        label = _label(book, spec, spec.codes[0], language) if spec.codes else ""
        groups = tuple((group_label(by, c.group, language),
                        "–" if c.suppressed else (str(c.k) if spec.stat == "count" else pct(c.share, language)),
                        c.n, c.suppressed) for c in r.groups)
        out.append(Row(spec.id, spec.title(language, label), _population(spec, language),
                       _pick(UNITS[spec.unit], language), spec.printed, _computed(book, r, language),
                       None if r.suppressed else r.k, r.n, None if r.suppressed else r.meets_published(), r.suppressed,
                       spec.lines, groups))
    return out


HEADER = ("tabel", "omschrijving", "populatie", "eenheid", "gepubliceerd", "berekend", "aantal", "n",
          "binnen_band", "groep", "regels")


def _flat(table: list[Row]):
    for row in table:
        yield (row.id, row.title, row.population, row.unit, row.printed, row.computed,
               "" if row.k is None else row.k, row.n, "" if row.meets is None else ("ja" if row.meets else "nee"),
               "", row.lines)
        for label, text, n, _suppressed in row.groups:
            yield (row.id, row.title, row.population, row.unit, "", text, "", n, "", label, row.lines)


def to_csv(table: list[Row]) -> str:
    buf = io.StringIO()
    writer = safe_writer(buf, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(_flat(table))
    return buf.getvalue()


def to_xlsx(table: list[Row], note: str) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, **XLSX_OPTIONS})
    ws = wb.add_worksheet("Tabellen")
    data = list(_flat(table))
    ws.add_table(0, 0, max(len(data), 1), len(HEADER) - 1, {
        "columns": [{"header": h} for h in HEADER], "data": data, "name": "Eindrapportages",
        "style": "Table Style Light 9"})
    ws.set_column(1, 1, 60)
    ws.write(len(data) + 2, 0, note)
    wb.close()
    return buf.getvalue()
