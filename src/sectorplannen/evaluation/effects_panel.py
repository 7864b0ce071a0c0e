"""The dense monthly panel of formats.md §8, from the runs that `engine_effects` collects.

Definitions (they decide every number):

- the treated person: a participant from the first start date over all registrations (on equal
  dates the first in the file), with that registration's category, target group and tranche;
- cohort: the calendar quarter of that start; month `m_k` of a cohort is `k` months after `m_0`,
  the last month before the quarter;
- the state "in month m" is the state on the last day of that month: a job or benefit counts in
  month m when `start_date <= last_day(m)` and (`end_date` empty or `end_date >= last_day(m)`).

The engine (DuckDB or Spark, the Ibis expressions of `engine_effects`) turns every job and benefit
into a run of months `[first_month, last_month]` per person and outcome (`werknemer`, `ww`,
`uitkering`), clipped to the window the estimate needs: this run-length form *is* the monthly panel,
one row per spell instead of one per person-month. `build_panel` then expands the collected runs
into a dense bit matrix (person × month, one bit per outcome) with a vectorised difference-array
sum, ready for the cell and estimate arithmetic in `effects_estimate`.
Months are numbered `year * 12 + month - 1`; cohorts `year * 4 + quarter - 1`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np

from .engine import Engine
from .engine_effects import collect_panel_inputs

OUTCOMES = ("werknemer", "ww", "uitkering")  # bit 0, 1, 2 of the panel
#: The dimensions of §8 (each group is estimated on its own treated persons).
EFFECT_DIMENSIONS = ("total", "category", "target_group", "tranche")
PRE_MONTHS = 12  # event months from -12; also the look-back of the employment history


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


def build_panel(con: duckdb.DuckDBPyConnection, horizon: int, chunk_persons: int = 200_000,
                engine: Engine | None = None) -> Panel:
    """Run the panel steps of `engine_effects` (on `engine`, by default DuckDB on `con`) and
    expand the collected runs into the dense bit panel."""
    own = engine is None
    engine = engine or Engine(con)
    try:
        lo, hi, attrs, runs = collect_panel_inputs(engine, PRE_MONTHS, horizon)
    finally:
        if own:
            engine.close()
    persons = attrs.num_rows
    n_treated = int(np.asarray(attrs.column("is_treated").to_numpy(zero_copy_only=False)).sum())
    months = hi - lo + 1
    states = np.zeros((persons, months), dtype=np.uint8)
    pid = runs.column("pid").to_numpy().astype(np.int64)
    order = np.argsort(pid, kind="stable")  # the engine returns the runs in no particular order
    pid = pid[order]
    outcome = runs.column("outcome").to_numpy().astype(np.int64)[order]
    first = runs.column("first_month").to_numpy().astype(np.int64)[order] - lo
    last = runs.column("last_month").to_numpy().astype(np.int64)[order] - lo
    del runs, order
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
