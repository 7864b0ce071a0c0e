"""Outcome indicators the published evaluation reports beside the income status of formats.md §6.

Additional tables; the six tables of §6 stay exactly as they are. Per measurement date and unit
(the §6 unit: pseudonym × plan × category, earliest registration):

- ``benefit_ao.csv``, ``benefit_ww.csv``, ``benefit_bijstand.csv``: whether an AO (disability), a WW
  and a bijstand benefit is active on the date (each on its own: a person can have more than one);
  the evaluation's main indicator for health measures is the AO share;
- ``income_status_by_age.csv``: the §6 income status by age group at the start and, for tranche 3,
  by trajectory × plan kind (sectoral against regional plans);
- ``mean_age.csv``: the mean age at the start per group (no measurement date).

Dimensions: ``total``, ``tranche``, ``category``, ``plan_kind``, ``age_group`` and
``category_x_plan_kind`` (``category|plan_kind``). Age groups are the evaluation's: youth up to and
including 26 (``jongeren``), older workers from 55 (``ouderen``), the rest in between, ``onbekend``
without an age. Age comes from the optional ``age_at_start`` column of the participants file.

Disclosure control: rules 1–3 of §6 per group (``disclosure.apply_group_rules``), then
complementary suppression over the sums a reader can form from these tables (a group is the sum of
its cells; the total is the sum of the groups of every dimension; a category is the sum of its
category × plan kind groups) until no relation has exactly one hidden member. Every suppression is
written to ``indicators_disclosure_log.csv`` with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sectorplannen.common.spreadsheet import safe_writer

from .definitions import DISCLOSURE_THRESHOLD, OUTPUT_COLUMNS, UNKNOWN_GROUP
from .disclosure import REASONS, Cell, CellKey, apply_group_rules
from .engine_checks import parse_integer
from .engine_outcomes import OLDER_MIN_AGE, YOUTH_MAX_AGE
from .extract import Extract

AGE_GROUPS = ("jongeren", "middengroep", "ouderen", UNKNOWN_GROUP)
AGE_GROUP_LABELS = {"jongeren": f"jongeren (t/m {YOUTH_MAX_AGE})",
                    "middengroep": f"{YOUTH_MAX_AGE + 1} tot {OLDER_MIN_AGE} jaar",
                    "ouderen": f"ouderen ({OLDER_MIN_AGE}+)", UNKNOWN_GROUP: "leeftijd onbekend"}
DIMENSIONS = ("total", "tranche", "category", "plan_kind", "age_group", "category_x_plan_kind")
INCOME_STATUS = ("werknemer", "werknemer_ww", "werknemer_overige_uitkering", "ww", "overige_uitkering", "overig")


@dataclass(frozen=True)
class IndicatorTable:
    name: str
    title: str
    outcomes: tuple[str, ...]
    expression: str  # SQL over the columns of `ind_outcome`


TABLES = (
    IndicatorTable("benefit_ao", "Arbeidsongeschiktheidsuitkering (AO)", ("met_ao", "zonder_ao"),
                   "CASE WHEN ao THEN 'met_ao' ELSE 'zonder_ao' END"),
    IndicatorTable("benefit_ww", "WW-uitkering", ("met_ww", "zonder_ww"),
                   "CASE WHEN ww THEN 'met_ww' ELSE 'zonder_ww' END"),
    IndicatorTable("benefit_bijstand", "Bijstandsuitkering", ("met_bijstand", "zonder_bijstand"),
                   "CASE WHEN bijstand THEN 'met_bijstand' ELSE 'zonder_bijstand' END"),
    IndicatorTable("income_status_by_age", "Inkomenspositie naar leeftijd en (tranche 3) traject × soort plan",
                   INCOME_STATUS, "income_status"),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}



def _groups_sql(dimensions: tuple[str, ...]) -> str:
    """The group of every dimension, as a list of structs for UNNEST."""
    return "[" + ", ".join(
        "{'dimension': 'total', 'grp': 'total'}" if d == "total"
        else "{'dimension': 'category_x_plan_kind', 'grp': category || '|' || plan_kind}"
        if d == "category_x_plan_kind" else f"{{'dimension': '{d}', 'grp': {d}}}" for d in dimensions) + "]"


_GROUPS = _groups_sql(DIMENSIONS)

def register_ages(extract: Extract) -> None:
    """The engine's table `ind_age(_row, age)` from the optional age_at_start column of the staged
    participants file (same `_row` as the checked rows; a whole number, else no age)."""
    raw = extract.raw["participants"]
    extract.engine.define("ind_age", raw.select("_row", age=parse_integer(raw.age_at_start.strip())))


def compute_cells(con: duckdb.DuckDBPyConnection) -> dict[dt.date, list[Cell]]:
    """The unprotected cells of every indicator table per date (zeros included), from the table
    `ind_outcome` that pipeline.compute_outcomes collected (after `register_ages`)."""
    cells: dict[dt.date, list[Cell]] = defaultdict(list)
    for table in TABLES:
        rows = con.execute(f"""
            WITH c AS (SELECT d, dg.dimension AS dimension, dg.grp AS grp, outcome, sum(n) AS n
                       FROM (SELECT d, n, {table.expression} AS outcome, unnest({_GROUPS}) AS dg FROM ind_outcome)
                       GROUP BY ALL)
            SELECT d, dimension, grp, outcome, n FROM c ORDER BY ALL""").fetchall()
        counts = {(d, dim, grp, o): n for d, dim, grp, o, n in rows}
        for d, dim, grp in sorted({(d, dim, grp) for d, dim, grp, _, _ in rows}):
            for outcome in table.outcomes:
                cells[d].append(Cell(table.name, dim, grp, outcome, int(counts.get((d, dim, grp, outcome), 0))))
    return dict(cells)


def _relations(cells: list[Cell]) -> list[tuple[CellKey | None, list[CellKey]]]:
    """(whole, parts) sums a reader can form: a whole of None is a group size that is published
    (shown cells give it away), else the whole is itself a cell."""
    by_key = {c.key: c for c in cells}
    relations: list[tuple[CellKey | None, list[CellKey]]] = []
    groups: dict[tuple, list[CellKey]] = defaultdict(list)
    for c in cells:
        groups[c.group_key].append(c.key)
    relations += [(None, keys) for keys in groups.values()]
    for c in cells:
        table, dim, grp, outcome = c.key
        if dim == "total":
            for other in DIMENSIONS[1:]:
                parts = [k for k in by_key if k[0] == table and k[1] == other and k[3] == outcome]
                relations.append((c.key, parts))
        if dim == "category":
            parts = [k for k in by_key if k[0] == table and k[1] == "category_x_plan_kind"
                     and k[2].split("|")[0] == grp and k[3] == outcome]
            relations.append((c.key, parts))
    return relations


def protect(cells: list[Cell], threshold: int = DISCLOSURE_THRESHOLD) -> dict[CellKey, str]:
    """Rules 1–3 of §6, then complementary suppression until no sum has exactly one hidden member."""
    hidden = apply_group_rules(cells, threshold)
    n = {c.key: c.n for c in cells}
    relations = _relations(cells)
    changed = True
    while changed:
        changed = False
        for whole, parts in relations:
            members = parts + ([whole] if whole else [])
            unknown = [k for k in members if k in hidden]
            if len(unknown) != 1:
                continue
            candidates = [k for k in members if k not in hidden and n[k] > 0]
            if not candidates:
                continue
            hidden[min(candidates, key=lambda k: n[k])] = "complementary"
            changed = True
    return hidden


def _mean_ages(con: duckdb.DuckDBPyConnection, threshold: int) -> list[list[str]]:
    groups = _groups_sql(tuple(d for d in DIMENSIONS if d != "age_group"))
    rows = con.execute(f"""
        SELECT dg.dimension, dg.grp, coalesce(sum(n) FILTER (WHERE age IS NOT NULL), 0) AS n,
               sum(CAST(age AS BIGINT) * n) FILTER (WHERE age IS NOT NULL)
                   / sum(n) FILTER (WHERE age IS NOT NULL) AS mean_age
        FROM (SELECT age, n, unnest({groups}) AS dg FROM ind_unit_age) GROUP BY ALL ORDER BY ALL""").fetchall()
    return [[dim, grp, str(n) if n >= threshold else "", f"{mean:.1f}" if n >= threshold else "",
             "false" if n >= threshold else "true"] for dim, grp, n, mean in rows]


def write_indicators(con: duckdb.DuckDBPyConnection, out_dir: Path, threshold: int = DISCLOSURE_THRESHOLD
                     ) -> list[Path]:
    """Protect and write the indicator tables; returns the paths written."""
    cells = compute_cells(con)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[list[str]]] = defaultdict(list)
    log = []
    for d, date_cells in sorted(cells.items()):
        hidden = protect(date_cells, threshold)
        totals: dict[tuple, int] = defaultdict(int)
        for c in date_cells:
            totals[c.group_key] += c.n
        for c in date_cells:
            shown = c.key not in hidden
            share = "" if not shown else f"{c.n / totals[c.group_key] if totals[c.group_key] else 0:.4f}"
            rows[c.table].append([d.isoformat(), c.dimension, c.group, c.outcome, str(c.n) if shown else "", share,
                                  "false" if shown else "true"])
        log += [[d.isoformat(), *key, reason, REASONS[reason]] for key, reason in sorted(hidden.items())]
    paths = []
    for table in TABLES:
        paths.append(_write(out_dir / f"{table.name}.csv", OUTPUT_COLUMNS, rows[table.name]))
    paths.append(_write(out_dir / "mean_age.csv", ("dimension", "group", "n", "mean_age", "suppressed"),
                        _mean_ages(con, threshold)))
    paths.append(_write(out_dir / "indicators_disclosure_log.csv",
                        ("measurement_date", "table", "dimension", "group", "outcome", "reason", "explanation"), log))
    return paths


def _write(path: Path, header, rows) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = safe_writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
