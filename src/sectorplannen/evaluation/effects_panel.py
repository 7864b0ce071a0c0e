"""The monthly panel of formats.md §8, in DuckDB SQL over the checked input tables.

Definitions (they decide every number):

- the treated person: a participant from the first start date over all registrations (on equal
  dates the first in the file), with that registration's category, target group and tranche;
- cohort: the calendar quarter of that start; month `m_k` of a cohort is `k` months after `m_0`,
  the last month before the quarter;
- the state "in month m" is the state on the last day of that month: a job or benefit counts in
  month m when `start_date <= last_day(m)` and (`end_date` empty or `end_date >= last_day(m)`).

The SQL turns every job and benefit into a run of months `[first_month, last_month]` per person and
outcome (`werknemer`, `ww`, `uitkering`), clipped to the window the estimate needs: this run-length
form *is* the monthly panel, one row per spell instead of one per person-month. `load_panel` then
expands it into a dense bit matrix (person × month, one bit per outcome) with a vectorised
difference-array sum, ready for the cell and estimate arithmetic in `effects_estimate`.
Months are numbered `year * 12 + month - 1`; cohorts `year * 4 + quarter - 1`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np

from .definitions import UNKNOWN_GROUP

OUTCOMES = ("werknemer", "ww", "uitkering")  # bit 0, 1, 2 of the panel
#: The dimensions of §8 (each group is estimated on its own treated persons).
EFFECT_DIMENSIONS = ("total", "category", "target_group", "tranche")
PRE_MONTHS = 12  # event months from -12; also the look-back of the employment history
OPEN = 10**6  # an open end: beyond every month

_MONTH = "(year({d}) * 12 + month({d}) - 1)"


def _month(column: str) -> str:
    return _MONTH.format(d=column)


def _last_month(column: str) -> str:
    """The last month whose last day the spell covers (an open end: OPEN)."""
    return (f"CASE WHEN {column} IS NULL THEN {OPEN} WHEN {column} = last_day({column}) "
            f"THEN {_month(column)} ELSE {_month(column)} - 1 END")


STEPS = {
    "treated": f"""
        CREATE OR REPLACE TEMP TABLE eff_treated AS
        SELECT pseudonym, birth_year, category,
               coalesce(nullif(target_group, ''), '{UNKNOWN_GROUP}') AS target_group,
               coalesce(nullif(tranche, ''), '{UNKNOWN_GROUP}') AS tranche,
               year(start_date) * 4 + quarter(start_date) - 1 AS cohort,
               year(start_date) * 12 + (quarter(start_date) - 1) * 3 - 1 AS m0
        FROM participants WHERE birth_year IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY pseudonym ORDER BY start_date, _row) = 1
    """,
    # Treated persons first (pid 0 .. n_treated - 1), then the comparison persons.
    "person": """
        CREATE OR REPLACE TEMP TABLE eff_person AS
        SELECT CAST(row_number() OVER (ORDER BY is_treated DESC, pseudonym) - 1 AS INTEGER) AS pid, *
        FROM (SELECT pseudonym, birth_year, true AS is_treated FROM eff_treated
              UNION ALL SELECT pseudonym, birth_year, false FROM comparison)
    """,
    "runs": f"""
        CREATE OR REPLACE TEMP TABLE eff_runs AS
        WITH spell AS (
            SELECT pseudonym, 0 AS outcome, start_date, end_date FROM jobs
            UNION ALL SELECT pseudonym, 1, start_date, end_date FROM benefits WHERE type = 'WW'
            UNION ALL SELECT pseudonym, 2, start_date, end_date FROM benefits
        ), run AS (
            SELECT p.pid, s.outcome, {_month('s.start_date')} AS first_month, {_last_month('s.end_date')} AS last_month
            FROM spell s JOIN eff_person p USING (pseudonym)
        )
        SELECT pid, outcome, greatest(first_month, $lo) AS first_month, least(last_month, $hi) AS last_month
        FROM run WHERE last_month >= first_month AND last_month >= $lo AND first_month <= $hi
        ORDER BY pid
    """,
}


@dataclass
class Panel:
    """The dense monthly panel and the persons' attributes (index = pid)."""

    first_month: int  # month number of column 0
    states: np.ndarray  # uint8 [persons, months]: bit o set when outcome o holds in that month
    n_treated: int
    birth_year: np.ndarray  # int32 [persons]
    treated_cohort: np.ndarray  # int32 [n_treated]: cohort number
    treated_m0: np.ndarray  # int32 [n_treated]: month number of m_0
    groups: dict[str, np.ndarray]  # dimension -> object array [n_treated] of group labels
    horizon: int

    @property
    def n_comparison(self) -> int:
        return len(self.birth_year) - self.n_treated

    def column(self, month: int | np.ndarray) -> int | np.ndarray:
        return month - self.first_month


def build_panel(con: duckdb.DuckDBPyConnection, horizon: int, chunk_persons: int = 200_000) -> Panel:
    """Run the SQL steps and expand the runs into the dense bit panel."""
    con.execute(STEPS["treated"])
    con.execute(STEPS["person"])
    bounds = con.execute("SELECT min(m0), max(m0) FROM eff_treated").fetchall()[0]
    if bounds[0] is None:
        lo = hi = 0
    else:
        lo, hi = int(bounds[0]) - PRE_MONTHS, int(bounds[1]) + horizon
    con.execute(STEPS["runs"].replace("$lo", str(lo)).replace("$hi", str(hi)))
    attrs = con.sql("""
        SELECT p.pid, p.birth_year, p.is_treated, t.cohort, t.m0, t.category, t.target_group, t.tranche
        FROM eff_person p LEFT JOIN eff_treated t USING (pseudonym) ORDER BY p.pid
    """).to_arrow_table()
    persons = attrs.num_rows
    n_treated = int(np.asarray(attrs.column("is_treated").to_numpy(zero_copy_only=False)).sum())
    months = hi - lo + 1
    states = np.zeros((persons, months), dtype=np.uint8)
    runs = con.sql("SELECT pid, outcome, first_month, last_month FROM eff_runs").to_arrow_table()
    pid = runs.column("pid").to_numpy().astype(np.int64)
    outcome = runs.column("outcome").to_numpy().astype(np.int64)
    first = runs.column("first_month").to_numpy().astype(np.int64) - lo
    last = runs.column("last_month").to_numpy().astype(np.int64) - lo
    del runs
    # Difference arrays per chunk of persons and outcome: +1 at the first month, -1 after the last.
    bounds_idx = np.searchsorted(pid, np.arange(0, persons + chunk_persons, chunk_persons))
    for start_pid, (a, b) in zip(range(0, persons, chunk_persons), zip(bounds_idx[:-1], bounds_idx[1:], strict=False),
                                 strict=False):
        size = min(chunk_persons, persons - start_pid)
        local = pid[a:b] - start_pid
        for o in range(len(OUTCOMES)):
            m = outcome[a:b] == o
            width = months + 1
            diff = np.bincount(local[m] * width + first[a:b][m], minlength=size * width)
            diff -= np.bincount(local[m] * width + last[a:b][m] + 1, minlength=size * width)
            active = np.cumsum(diff.reshape(size, width)[:, :months], axis=1) > 0
            states[start_pid:start_pid + size] |= active.astype(np.uint8) << o
    col = attrs.column
    groups = {"total": np.full(n_treated, "total", dtype=object)}
    for dim in EFFECT_DIMENSIONS[1:]:
        groups[dim] = np.asarray(col(dim).to_numpy(zero_copy_only=False)[:n_treated], dtype=object)
    return Panel(
        first_month=lo, states=states, n_treated=n_treated,
        birth_year=col("birth_year").to_numpy(zero_copy_only=False).astype(np.int32),
        treated_cohort=col("cohort").to_numpy(zero_copy_only=False)[:n_treated].astype(np.int32),
        treated_m0=col("m0").to_numpy(zero_copy_only=False)[:n_treated].astype(np.int32),
        groups=groups, horizon=horizon,
    )
