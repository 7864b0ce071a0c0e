"""The cells of every §6 table and dimension, from the aggregates of `engine_outcomes` (formats.md §6).

The definitions that read the register (unit, main job, benefits, outcomes per unit) are Ibis
expressions in `engine_outcomes.py` and run on the chosen engine (DuckDB or Spark); what they
collect is small: units per measurement date, unit attributes and outcome (`base`) and units per
attributes and plan (`plan_units`). From these, DuckDB SQL in this process (the same for both
engines) builds:

1. `family`: the rows of every outcome table (which units each table counts);
2. `cell`: every group of every dimension with every outcome of its table, zero cells filled in;
3. `dominance`: per group the share of the units of its three largest plans.
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
)
from .disclosure import Cell
from .engine import Engine
from .engine_outcomes import collect_outcomes


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


STEPS = {
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
        WITH per_plan AS (
            SELECT dg.dimension AS dimension, dg.grp AS grp, plan, sum(n) AS n
            FROM (SELECT plan, n, unnest({_DIMENSION_GROUPS}) AS dg FROM plan_units) GROUP BY ALL
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY dimension, grp ORDER BY n DESC, plan) AS r FROM per_plan
        )
        SELECT dimension, grp, sum(n) AS units, count(*) AS plans,
               coalesce(sum(n) FILTER (WHERE r <= {DOMINANCE_TOP_PLANS}), 0) AS top_units
        FROM ranked GROUP BY ALL
    """,
}


def compute_outcomes(con: duckdb.DuckDBPyConnection, dates: list[dt.date], engine: Engine | None = None
                     ) -> Outcomes:
    """Run the §6 steps on the tables `participants`, `jobs`, `benefits` of `con` (on `engine`, by
    default DuckDB on `con` itself), then build the cells from the collected aggregates in `con`.

    When the engine has the table `ind_age` (indicators.register_ages), the indicator aggregates are
    collected too (tables `ind_outcome`, `ind_unit_age` in `con`)."""
    dates = sorted(set(dates))
    own = engine is None
    engine = engine or Engine(con)
    try:
        with_indicators = engine.has("ind_age")
        collected = collect_outcomes(engine, dates, with_indicators)
    finally:
        if own:
            engine.close()
    for name, table in collected.items():
        con.register(f"{name}_collected", table)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_collected")
        con.unregister(f"{name}_collected")
    for sql in STEPS.values():
        con.execute(sql)
    units = int(con.execute("SELECT coalesce(sum(n), 0) FROM plan_units").fetchall()[0][0])
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
