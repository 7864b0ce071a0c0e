"""A synthetic register with a comparison group and a known, planted effect per category (§8 tests, demo).

`generate_comparison(deelnemers.csv, out_dir, comparison=N)` writes `vergelijkingsgroep.csv`, and
`banen.csv` / `uitkeringen.csv` for the participants *and* the comparison persons, plus
`geplante_effecten.csv` with the true effect per category, outcome and event month.

How the register is made (all vectorised over persons, one loop over months):

1. A pool of persons (birth years 1946–2002) lives a monthly four-state Markov chain 2009–2022:
   employed (E), WW (W), another benefit (O), none (N). Job loss and job finding depend on the age
   at the time and on two persistent person traits (lognormal "findability" and "job security")
   that no file shows.
2. Selection into the plans: each participant (from the participants file: first start, category,
   target group, birth year) takes the monthly history of a pool person ("donor") whose matching
   cell at the participant's cohort is drawn with weights that depend on the category and target
   group: employed groups come from employment with a full year of work, `not_working` and
   `ww_to_work` mostly from WW, students mostly from no income, and so on. Selection therefore
   depends on exactly the §8 matching cell, strongly: participants differ a lot from the average
   non-participant (a naive comparison is badly biased), but within a cell a participant is a random
   pool member (the matched estimate is unbiased).
3. The planted effect: from the participant's start month on, the chain runs again with the same
   random numbers (the same u per month as the donor) but with a higher monthly job-finding
   probability (`find`) and a lower job-loss probability (`keep`, a relative reduction) per category,
   see `PLANTED`. Before the start the participant's path is the donor's exactly; a category with
   no planted change (`career_check`, `health`) has a path identical to the donor's: a true null.
4. The comparison group is a random sample of the whole pool (a comparison person may share a
   donor's history: a twin who did not take part). Drawing it from the non-donors only would select
   it on the future, see the comment in the code.

The true effect written is the realised one: the mean over the category's participants of
Y(with the plan) − Y(without, the donor's path) at m_k, so the tests can hold the estimate's
interval against it without sampling noise in the truth.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .effects_estimate import AGE_EDGES, HISTORY, STATUSES
from .extract import PARTICIPANTS, read_text_table
from .synth_base import _pseudonyms, _write_csv

FIRST_MONTH = 2009 * 12  # January 2009 (burn-in), months numbered year * 12 + month - 1
FIRST_WRITTEN = 2011 * 12  # spells before this month are written as starting earlier
LAST_MONTH = 2022 * 12 + 11
E, W, OB, N = 0, 1, 2, 3  # employed, WW, other benefit, none
#: Planted change per category: `find` is added to the monthly probability of finding a job,
#: `keep` reduces the monthly probability of losing one by that fraction.
PLANTED = {
    "mobility": {"find": 0.05, "keep": 0.3}, "career_check": {"find": 0.0, "keep": 0.0},
    "training": {"find": 0.02, "keep": 0.4}, "work_placements": {"find": 0.10, "keep": 0.2},
    "health": {"find": 0.0, "keep": 0.0}, "other": {"find": 0.02, "keep": 0.0},
    "work_same_occupation": {"find": 0.0, "keep": 0.5}, "work_other_occupation": {"find": 0.04, "keep": 0.2},
    "ww_to_work": {"find": 0.08, "keep": 0.0}, "other_to_work": {"find": 0.05, "keep": 0.0},
}
#: Selection weight of the status in m_0 (E, W, OB, N) per target group; tranche-3 trajectories by category.
STATUS_WEIGHTS = {
    "working_in_sector": (1.0, 0.01, 0.01, 0.01), "working_other_sector": (1.0, 0.01, 0.01, 0.01),
    "not_working": (0.02, 1.0, 0.5, 0.5), "student": (0.1, 0.02, 0.02, 1.0),
    "social_assistance": (0.02, 0.1, 1.0, 0.3), "occupational_disability": (0.02, 0.1, 1.0, 0.3),
}
CATEGORY_STATUS_WEIGHTS = {"ww_to_work": (0.01, 1.0, 0.02, 0.02), "other_to_work": (0.02, 0.05, 1.0, 0.7)}
#: Selection weight of the months worked in m_-12..m_-1 (0, 1-11, 12) for employed and other statuses.
HISTORY_WEIGHTS = {True: (0.05, 0.3, 1.0), False: (1.0, 0.8, 0.2)}


def _age_group(age: np.ndarray) -> np.ndarray:
    return np.where(age <= 26, 0, np.where(age >= 55, 2, 1))


# Monthly base probabilities per age group (young, prime, older).
LOSS = np.array([0.025, 0.008, 0.010])
FIND = {W: np.array([0.12, 0.07, 0.03]), OB: np.array([0.04, 0.02, 0.008]), N: np.array([0.06, 0.035, 0.01])}
#: Moves between the states without work (from W, OB, N): to W, to OB, to N.
OTHER_MOVES = {W: (0.0, 0.02, 0.015), OB: (0.0, 0.0, 0.01), N: (0.004, 0.006, 0.0)}
LOSS_SPLIT = (0.6, 0.15, 0.25)  # a lost job leads to W, OB, N


def _step(state, u, age_group, find_trait, loss_trait, find_boost, keep):
    """One month of the chain for every row; `u` uniform in [0, 1)."""
    loss = LOSS[age_group] * loss_trait * (1 - keep)
    new = state.copy()
    e = state == E
    lost = e & (u < loss)
    cut1, cut2 = loss * LOSS_SPLIT[0], loss * (LOSS_SPLIT[0] + LOSS_SPLIT[1])
    new[lost] = np.where(u[lost] < cut1[lost], W, np.where(u[lost] < cut2[lost], OB, N))
    for s in (W, OB, N):
        m = state == s
        if not m.any():
            continue
        find = np.minimum(FIND[s][age_group[m]] * find_trait[m] + find_boost[m], 0.95)
        um = u[m]
        to = np.full(m.sum(), s, dtype=state.dtype)
        to[um < find] = E
        edge = find.copy()
        for target, p in zip((W, OB, N), OTHER_MOVES[s], strict=True):
            if p:
                hit = (um >= edge) & (um < edge + p)
                to[hit] = target
                edge = edge + p
        new[m] = to
    return new


def _initial(rng, age):
    young = age <= 26
    probs = np.where(young[:, None], [0.45, 0.03, 0.04, 0.48], [0.72, 0.05, 0.08, 0.15])
    u = rng.random(len(age))[:, None]
    return (u >= np.cumsum(probs, axis=1)).sum(axis=1).astype(np.int8)


def _participants(path) -> dict[str, np.ndarray]:
    raw, _, _ = read_text_table(path, PARTICIPANTS)
    con = duckdb.connect()
    con.register("raw", raw)
    table = con.sql(r"""
        WITH r AS (
            SELECT lower(trim(pseudonym)) AS pseudonym, trim(category) AS category, trim(target_group) AS tg, _row,
                   try_cast(trim(birth_year) AS INTEGER) AS birth_year, try_cast(trim(age_at_start) AS INTEGER) AS age,
                   CASE WHEN regexp_full_match(trim(start_date), '\d{2}-\d{2}-\d{4}')
                        THEN CAST(try_strptime(trim(start_date), '%d-%m-%Y') AS DATE)
                        ELSE try_cast(trim(start_date) AS DATE) END AS start_date
            FROM raw)
        SELECT pseudonym, category, tg, coalesce(birth_year, year(start_date) - age) AS birth_year,
               year(start_date) * 12 + month(start_date) - 1 AS start_month,
               year(start_date) * 4 + quarter(start_date) - 1 AS cohort
        FROM r WHERE start_date IS NOT NULL AND coalesce(birth_year, age) IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY pseudonym ORDER BY start_date, _row) = 1
        ORDER BY pseudonym
    """).to_arrow_table()
    con.close()
    return {c: table.column(c).to_numpy(zero_copy_only=False) for c in table.column_names}


def _cells(states, birth, cohort):
    """(age band, status, history) of every pool person at a cohort (states: [persons, months])."""
    m0 = int(cohort // 4) * 12 + int(cohort % 4) * 3 - 1 - FIRST_MONTH
    band = np.searchsorted(np.array(AGE_EDGES), cohort // 4 - birth, side="right")
    status = states[:, m0]
    worked = (states[:, m0 - 12:m0] == E).sum(axis=1)
    history = np.where(worked == 0, 0, np.where(worked == 12, 2, 1))
    return band, status, history


def generate_comparison(participants_csv, out_dir, comparison: int | None = None, seed: int = 0) -> dict:
    """Write the comparison group, the register of participants and comparison persons, and the truth."""
    rng = np.random.default_rng(seed)
    part = _participants(participants_csv)
    n_part = len(part["pseudonym"])
    n_comp = int(comparison if comparison is not None else 2 * n_part)
    pool = n_comp + 2 * n_part + 1000  # room for drawing donors without replacement
    months = LAST_MONTH - FIRST_MONTH + 1
    birth = rng.integers(1946, 2003, pool)
    find_trait = rng.lognormal(0, 0.5, pool)
    loss_trait = rng.lognormal(0, 0.5, pool)
    month_seeds = rng.integers(0, 2**63, months)
    states = np.empty((pool, months), dtype=np.int8)
    zeros = np.zeros(pool)
    state = _initial(rng, 2009 - birth)
    for t in range(months):
        u = np.random.default_rng(month_seeds[t]).random(pool)
        age_group = _age_group((FIRST_MONTH + t) // 12 - birth)
        state = _step(state, u, age_group, find_trait, loss_trait, zeros, zeros)
        states[:, t] = state
    # Donors: per participant a pool person in a cell drawn by the selection weights.
    donor = np.empty(n_part, dtype=np.int64)
    statuses = len(STATUSES)
    status_w = np.array([CATEGORY_STATUS_WEIGHTS.get(c, STATUS_WEIGHTS.get(g, (1.0, 1.0, 1.0, 1.0)))
                         for c, g in zip(part["category"], part["tg"], strict=True)])
    hist_w = np.array([HISTORY_WEIGHTS[s == E] for s in range(statuses)])  # [status, history]
    n_cells = 5 * statuses * len(HISTORY)
    for cohort in np.unique(part["cohort"]):
        band, status, history = _cells(states, birth, cohort)
        code = (band * statuses + status) * len(HISTORY) + history
        # Every pool person is a candidate at every cohort (as in §8): excluding earlier donors would
        # select this cohort's donors on their past beyond the matching cell.
        order = np.lexsort((rng.random(pool), code))  # persons by cell, shuffled within the cell
        counts = np.bincount(code, minlength=n_cells).reshape(5, statuses, len(HISTORY))
        starts = np.concatenate([[0], np.cumsum(counts.reshape(-1))[:-1]])
        mine = np.flatnonzero(part["cohort"] == cohort)
        my_band = np.searchsorted(np.array(AGE_EDGES), cohort // 4 - part["birth_year"][mine], side="right")
        weight = counts[my_band] * status_w[mine][:, :, None] * hist_w[None]  # [p, status, history]
        weight = weight.reshape(len(mine), -1)
        empty = weight.sum(axis=1) == 0
        if empty.any():
            weight[empty] = counts[my_band[empty]].reshape(int(empty.sum()), -1)
        cum = np.cumsum(weight, axis=1)
        pick = (rng.random(len(mine))[:, None] * cum[:, -1:] >= cum).sum(axis=1)
        cell = my_band * statuses * len(HISTORY) + pick
        # Without replacement within the cohort: the r-th participant wanting a cell takes its r-th
        # person (a cell that runs out, which a large enough pool avoids, is drawn from again).
        by_cell = np.argsort(cell, kind="stable")
        first = np.searchsorted(cell[by_cell], cell[by_cell])
        rank = np.empty(len(mine), dtype=np.int64)
        rank[by_cell] = np.arange(len(mine)) - first
        size = counts.reshape(-1)[cell]
        rank = np.where(rank < size, rank, (rng.random(len(mine)) * size).astype(np.int64))
        donor[mine] = order[starts[cell] + rank]
    # The participants' own paths: the donor's until the start month, then with the planted change.
    find_boost = np.array([PLANTED.get(c, {"find": 0.0})["find"] for c in part["category"]])
    keep = np.array([PLANTED.get(c, {"keep": 0.0})["keep"] for c in part["category"]])
    start_col = part["start_month"].astype(np.int64) - FIRST_MONTH
    treated = states[donor].copy()
    state = treated[:, 0].copy()
    for t in range(months):
        u = np.random.default_rng(month_seeds[t]).random(pool)[donor]
        age_group = _age_group((FIRST_MONTH + t) // 12 - birth[donor])
        stepped = _step(state, u, age_group, find_trait[donor], loss_trait[donor], find_boost, keep)
        state = np.where(t >= start_col, stepped, states[donor, t])
        treated[:, t] = state
    # The comparison group: a random sample of the whole pool. Leaving the donors out would select
    # it on the future (a person who is a donor at a later cohort is missing from the comparison at
    # every earlier one): the bias of a never-treated comparison group, which the docs describe.
    chosen = np.sort(rng.choice(pool, size=min(n_comp, pool), replace=False))
    comp_pseudonyms = _pseudonyms(rng, len(chosen))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(pa.table({"pseudonym": comp_pseudonyms, "birth_year": pa.array(birth[chosen])}),
               out / "vergelijkingsgroep.csv")
    all_states = np.concatenate([treated, states[chosen]])
    names = pa.concat_arrays([pa.array(part["pseudonym"].tolist(), pa.string()), comp_pseudonyms])
    jobs, benefits = _write_register(rng, all_states, names, out)
    truth = _truth(part, treated, states[donor], states[chosen], out)
    return {"participants": n_part, "comparison": len(chosen), "jobs": jobs, "benefits": benefits,
            "truth": truth, "path": out}


def _runs(states: np.ndarray, value_mask: np.ndarray):
    """(person, first column, last column) of every run of months where `value_mask` holds."""
    on = value_mask
    before = np.zeros_like(on)
    before[:, 1:] = on[:, :-1]
    after = np.zeros_like(on)
    after[:, :-1] = on[:, 1:]
    p0, t0 = np.nonzero(on & ~before)
    p1, t1 = np.nonzero(on & ~after)
    return p0, t0, t1


def _dates(rng, first_col, last_col, months):
    """A start date in the first month (before 2011: some earlier date) and an end date in the month
    after the last (a day before that month's last day, so the spell does not count there); open at the end."""
    first_month = first_col + FIRST_MONTH
    start = np.array([dt.date(int(m // 12), int(m % 12) + 1, 1) for m in range(FIRST_MONTH, LAST_MONTH + 2)],
                     dtype="datetime64[D]")
    start_day = start[first_col] + rng.integers(0, 28, len(first_col)).astype("timedelta64[D]")
    early = first_month < FIRST_WRITTEN
    start_day[early] = start[first_col[early]] - rng.integers(30, 3000, early.sum()).astype("timedelta64[D]")
    end_day = start[last_col + 1] + rng.integers(0, 27, len(last_col)).astype("timedelta64[D]")
    open_end = last_col == months - 1
    start_text = pa.array(start_day.astype(str).tolist(), pa.string())
    end_text = pa.array(np.where(open_end, "", end_day.astype(str)).tolist(), pa.string())
    return start_text, end_text


def _write_register(rng, states, names, out: Path) -> tuple[int, int]:
    months = states.shape[1]
    p, a, b = _runs(states, states == E)
    start, end = _dates(rng, a, b, months)
    sectors = np.array(["Bouw", "Zorg", "Metaal", "Techniek", "Handel", "Vervoer", "Horeca", "Onderwijs"])
    jobs = pa.table({
        "pseudonym": names.take(pa.array(p)), "employer": pc.binary_join_element_wise(
            "W", pc.utf8_lpad(pc.cast(pa.array(rng.integers(1, 10**6, len(p))), pa.string()), 7, "0"), ""),
        "sector": pa.array(sectors[rng.integers(0, len(sectors), len(p))].tolist()),
        "start_date": start, "end_date": end,
        "contract": pa.array(np.array(["vast", "tijdelijk", "oproep", "uitzend"])[
            np.searchsorted([0.6, 0.85, 0.93], rng.random(len(p)))].tolist()),
        "hours_per_week": pa.array(rng.choice(["38", "32", "24", "16", ""], len(p)).tolist()),
    })
    _write_csv(jobs, out / "banen.csv")
    pw, aw, bw = _runs(states, states == W)
    po, ao, bo = _runs(states, states == OB)
    kinds = np.array(["bijstand", "AO", "overig"])[rng.integers(0, 3, len(po))]
    ws, we = _dates(rng, aw, bw, months)
    os_, oe = _dates(rng, ao, bo, months)
    benefits = pa.table({
        "pseudonym": pa.concat_arrays([names.take(pa.array(pw)), names.take(pa.array(po))]),
        "type": pa.array(["WW"] * len(pw) + kinds.tolist()),
        "start_date": pa.concat_arrays([ws, os_]), "end_date": pa.concat_arrays([we, oe]),
    })
    _write_csv(benefits, out / "uitkeringen.csv")
    return jobs.num_rows, benefits.num_rows


OUTCOME_OF = {"werknemer": lambda s: s == E, "ww": lambda s: s == W, "uitkering": lambda s: (s == W) | (s == OB)}


def _truth(part, treated, untreated, comparison, out: Path, months=range(-12, 61)) -> list[dict]:
    """Realised effect per category, outcome and event month, and the naive difference with all
    comparison persons at the same calendar month."""
    m0 = (part["cohort"] // 4) * 12 + (part["cohort"] % 4) * 3 - 1 - FIRST_MONTH
    rows = []
    last = treated.shape[1] - 1
    for outcome, of in OUTCOME_OF.items():
        y1, y0, yc = of(treated).astype(np.int8), of(untreated).astype(np.int8), of(comparison).mean(axis=0)
        for cat in sorted(set(part["category"])):
            mine = part["category"] == cat
            for k in months:
                col = np.minimum(m0[mine] + k, last)
                rows.append({"category": cat, "outcome": outcome, "event_month": k,
                             "true_att": float((y1[mine, col] - y0[mine, col]).mean()),
                             "naive_difference": float((y1[mine, col] - yc[col]).mean()),
                             "find": PLANTED.get(cat, {}).get("find", 0.0),
                             "keep": PLANTED.get(cat, {}).get("keep", 0.0),
                             "n_treated": int(mine.sum())})
    table = pa.Table.from_pylist(rows)
    _write_csv(table, out / "geplante_effecten.csv")
    return rows
