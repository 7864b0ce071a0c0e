"""The outcome definitions of formats.md §6 as DuckDB SQL over the checked input tables.

Every number of the evaluation comes from the SQL in this module; Python only passes the dates in
and takes the (small) aggregated counts out. The steps, each a temporary table:

1. `person`: every pseudonym of the participants file gets a small integer id;
2. `unit`: one row per (pseudonym, plan, category) with the earliest start date and the attributes
   (target group, measure type, ...) of that earliest registration;
3. `main_job`: per person and date (the measurement dates and every unit start date) the active
   job with the most hours, then the earliest start, then the smallest employer;
4. `benefit_status`: per person and measurement date whether a WW and whether another benefit is
   active;
5. `base`: per measurement date the number of units per combination of unit attributes and
   outcomes (income status, employer mobility, plan sector, contract, hours);
6. `family` and the cells of every table and dimension, with zero cells filled in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from .definitions import (
    ATOM_ATTRIBUTES,
    DIMENSIONS,
    DOMINANCE_TOP_PLANS,
    JOB_CHANGER_MOBILITY,
    TABLES,
    UNKNOWN_GROUP,
)
from .disclosure import Cell


@dataclass
class Outcomes:
    """The unprotected counts: input of disclosure control, never written as they are."""

    dates: list[dt.date]
    units: int
    cells: dict[dt.date, list[Cell]]  # every table, dimension, group and outcome (zeros included)
    atoms: dict[dt.date, dict[str, list[tuple[str, ...]]]]  # per table: attribute combinations present
    dominance: list[tuple[str, str, int, int, int]]  # dimension, group, units, plans, units of top plans


def _sql_list(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


#: The group of every dimension, as a list of structs (one per dimension) for UNNEST.
_DIMENSION_GROUPS = "[" + ", ".join(
    "{'dimension': 'total', 'grp': 'total'}" if d == "total"
    else "{'dimension': 'category_x_target_group', 'grp': category || '|' || target_group}"
    if d == "category_x_target_group"
    else f"{{'dimension': '{d}', 'grp': {d}}}"
    for d in DIMENSIONS
) + "]"
_ATOMS = ", ".join(ATOM_ATTRIBUTES)


def _value_or_unknown(column: str) -> str:
    return f"coalesce(nullif({column}, ''), '{UNKNOWN_GROUP}') AS {column}"


STEPS = {
    "person": """
        CREATE OR REPLACE TEMP TABLE person AS
        SELECT pseudonym, CAST(row_number() OVER () AS INTEGER) AS pid
        FROM (SELECT DISTINCT pseudonym FROM participants)
    """,
    # The unit: the earliest registration per (pseudonym, plan, category); on equal start dates the
    # first in the file.
    "unit": f"""
        CREATE OR REPLACE TEMP TABLE unit AS
        SELECT p.pid, r.plan, r.category, r.start_date,
               {_value_or_unknown('tranche')}, {_value_or_unknown('measure_type')},
               {_value_or_unknown('target_group')}, {_value_or_unknown('plan_kind')},
               list_filter(list_transform(string_split(r.plan_sectors, ';'), lambda s: trim(s)), lambda s: s <> '')
                   AS plan_sector_list
        FROM participants r JOIN person p USING (pseudonym)
        QUALIFY row_number() OVER (PARTITION BY p.pid, r.plan, r.category
                                   ORDER BY r.start_date, r._row) = 1
    """,
    # "Smallest employer": numeric ids compare as numbers, other ids as text (numbers first).
    "job": """
        CREATE OR REPLACE TEMP TABLE job AS
        SELECT p.pid, j.employer, j.sector, j.start_date, j.end_date, j.contract,
               coalesce(j.hours, 0) AS hours, j._row,
               CASE WHEN regexp_full_match(j.employer, '[0-9]{1,60}')
                    THEN '0' || lpad(ltrim(j.employer, '0'), 60, '0') ELSE '1' || j.employer END AS employer_key
        FROM jobs j JOIN person p USING (pseudonym)
    """,
    "benefit": """
        CREATE OR REPLACE TEMP TABLE benefit AS
        SELECT p.pid, b.type, b.start_date, b.end_date FROM benefits b JOIN person p USING (pseudonym)
    """,
    "point": """
        CREATE OR REPLACE TEMP TABLE point AS
        SELECT DISTINCT pid, start_date AS d FROM unit
        UNION
        SELECT pid, d FROM person CROSS JOIN measurement_date
    """,
    # Active on d: start <= d and (no end or end >= d). Main job: most hours (no fixed hours = 0),
    # then earliest start, then smallest employer; beyond the definition, for a stable answer:
    # sector, contract, line in the file.
    "main_job": """
        CREATE OR REPLACE TEMP TABLE main_job AS
        SELECT pt.pid, pt.d, j.employer, j.sector, j.contract, j.hours
        FROM point pt JOIN job j
          ON j.pid = pt.pid AND j.start_date <= pt.d AND (j.end_date IS NULL OR j.end_date >= pt.d)
        QUALIFY row_number() OVER (PARTITION BY pt.pid, pt.d
                                   ORDER BY j.hours DESC, j.start_date, j.employer_key, j.sector,
                                            j.contract, j._row) = 1
    """,
    "benefit_status": """
        CREATE OR REPLACE TEMP TABLE benefit_status AS
        SELECT b.pid, m.d, bool_or(b.type = 'WW') AS ww, bool_or(b.type <> 'WW') AS other
        FROM benefit b JOIN measurement_date m
          ON b.start_date <= m.d AND (b.end_date IS NULL OR b.end_date >= m.d)
        GROUP BY ALL
    """,
    "base": f"""
        CREATE OR REPLACE TEMP TABLE base AS
        WITH outcome AS (
            SELECT m.d, u.tranche, u.category, u.measure_type, u.target_group, u.plan_kind,
                CASE
                    WHEN mj.pid IS NOT NULL AND coalesce(bs.ww, false) THEN 'werknemer_ww'
                    WHEN mj.pid IS NOT NULL AND coalesce(bs.other, false) THEN 'werknemer_overige_uitkering'
                    WHEN mj.pid IS NOT NULL THEN 'werknemer'
                    WHEN coalesce(bs.ww, false) THEN 'ww'
                    WHEN coalesce(bs.other, false) THEN 'overige_uitkering'
                    ELSE 'overig'
                END AS income_status,
                CASE WHEN len(u.plan_sector_list) > 0 AND sj.pid IS NOT NULL AND mj.pid IS NOT NULL THEN
                    CASE WHEN sj.employer = mj.employer THEN 'zelfde_werkgever'
                         WHEN sj.sector = mj.sector THEN 'andere_werkgever_zelfde_sector'
                         ELSE 'andere_sector' END
                END AS mobility,
                CASE WHEN len(u.plan_sector_list) > 0 AND mj.pid IS NOT NULL THEN
                    CASE WHEN list_contains(u.plan_sector_list, mj.sector) THEN 'sector_van_plan'
                         ELSE 'andere_sector' END
                END AS plan_sector,
                CASE WHEN mj.pid IS NOT NULL THEN
                    CASE WHEN mj.contract = 'vast' THEN 'vast' ELSE 'flexibel' END
                END AS contract,
                CASE WHEN mj.pid IS NULL THEN NULL
                     WHEN mj.hours = 0 THEN 'geen_vaste_uren'
                     WHEN mj.hours < 12 THEN 'minder_dan_12_uur'
                     WHEN mj.hours < 28 THEN '2_3_dagen'
                     WHEN mj.hours < 35 THEN '4_dagen'
                     ELSE 'voltijd'
                END AS hours
            FROM unit u CROSS JOIN measurement_date m
            LEFT JOIN main_job mj ON mj.pid = u.pid AND mj.d = m.d
            LEFT JOIN main_job sj ON sj.pid = u.pid AND sj.d = u.start_date
            LEFT JOIN benefit_status bs ON bs.pid = u.pid AND bs.d = m.d
        )
        SELECT d, {_ATOMS}, income_status, mobility, plan_sector, contract, hours, count(*) AS n
        FROM outcome GROUP BY ALL
    """,
    "family": f"""
        CREATE OR REPLACE TEMP TABLE family AS
        SELECT 'income_status' AS tbl, d, {_ATOMS}, income_status AS outcome, n FROM base
        UNION ALL SELECT 'employer_mobility', d, {_ATOMS}, mobility, n FROM base WHERE mobility IS NOT NULL
        UNION ALL SELECT 'plan_sector', d, {_ATOMS}, plan_sector, n FROM base WHERE plan_sector IS NOT NULL
        UNION ALL SELECT 'contract', d, {_ATOMS}, contract, n FROM base WHERE contract IS NOT NULL
        UNION ALL SELECT 'contract_job_changers', d, {_ATOMS}, contract, n FROM base
                  WHERE mobility IN ({_sql_list(JOB_CHANGER_MOBILITY)})
        UNION ALL SELECT 'hours', d, {_ATOMS}, hours, n FROM base WHERE hours IS NOT NULL
    """,
    "outcome_code": "CREATE OR REPLACE TEMP TABLE outcome_code AS SELECT * FROM (VALUES "
    + ", ".join(f"('{t.name}', '{o}', {i})" for t in TABLES for i, o in enumerate(t.outcomes))
    + ") v(tbl, outcome, ord)",
    # Every group that has units in a table gets every outcome of that table (zeros included).
    "cell": f"""
        CREATE OR REPLACE TEMP TABLE cell AS
        WITH counted AS (
            SELECT tbl, d, dg.dimension AS dimension, dg.grp AS grp, outcome, sum(n) AS n
            FROM (SELECT tbl, d, outcome, n, unnest({_DIMENSION_GROUPS}) AS dg FROM family)
            GROUP BY ALL
        ), grp AS (SELECT DISTINCT tbl, d, dimension, grp FROM counted)
        SELECT g.tbl, g.d, g.dimension, g.grp, o.outcome, CAST(coalesce(c.n, 0) AS BIGINT) AS n, o.ord
        FROM grp g JOIN outcome_code o USING (tbl)
        LEFT JOIN counted c USING (tbl, d, dimension, grp, outcome)
    """,
    "dominance": f"""
        CREATE OR REPLACE TEMP TABLE dominance AS
        WITH per_atom AS (
            SELECT {_ATOMS}, plan, count(*) AS n FROM unit GROUP BY ALL
        ), per_plan AS (
            SELECT dg.dimension AS dimension, dg.grp AS grp, plan, sum(n) AS n
            FROM (SELECT plan, n, unnest({_DIMENSION_GROUPS}) AS dg FROM per_atom) GROUP BY ALL
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY dimension, grp ORDER BY n DESC, plan) AS r FROM per_plan
        )
        SELECT dimension, grp, sum(n) AS units, count(*) AS plans,
               coalesce(sum(n) FILTER (WHERE r <= {DOMINANCE_TOP_PLANS}), 0) AS top_units
        FROM ranked GROUP BY ALL
    """,
}


def compute_outcomes(con: duckdb.DuckDBPyConnection, dates: list[dt.date]) -> Outcomes:
    """Run the SQL steps on the tables `participants`, `jobs`, `benefits` in `con`."""
    dates = sorted(set(dates))
    con.execute("CREATE OR REPLACE TEMP TABLE measurement_date (d DATE)")
    con.executemany("INSERT INTO measurement_date VALUES (?)", [[d] for d in dates])
    for sql in STEPS.values():
        con.execute(sql)
    units = con.execute("SELECT count(*) FROM unit").fetchall()[0][0]
    cells: dict[dt.date, list[Cell]] = {d: [] for d in dates}
    for tbl, d, dimension, grp, outcome, n in con.execute(
        "SELECT tbl, d, dimension, grp, outcome, n FROM cell ORDER BY d, tbl, dimension, grp, ord"
    ).fetchall():
        cells[d].append(Cell(tbl, dimension, grp, outcome, int(n)))
    atoms: dict[dt.date, dict[str, list[tuple[str, ...]]]] = {d: {} for d in dates}
    for tbl, d, *attrs in con.execute(f"SELECT DISTINCT tbl, d, {_ATOMS} FROM family ORDER BY ALL").fetchall():
        atoms[d].setdefault(tbl, []).append(tuple(attrs))
    dominance = [
        (dim, grp, int(units_), int(plans), int(top))
        for dim, grp, units_, plans, top in con.execute("SELECT * FROM dominance ORDER BY dimension, grp").fetchall()
    ]
    return Outcomes(dates=dates, units=units, cells=cells, atoms=atoms, dominance=dominance)
