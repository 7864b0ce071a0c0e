"""Synthetic participants and employment data, calibrated to the published headline figures.

Real participant-level data never reaches this project, so the demo, the tests and the benchmarks
use synthetic data that looks like the real population (shared/data/reference/calibration.md):

- `generate_participants` writes a `deelnemers.csv` (formats.md §4) whose plans, categories and
  target groups follow the published plan figures and table 4.1 (tranches 1–2) and the tranche-3
  trajectory table. It is a helper for tests and benchmarks; the real file comes from
  `sectorplannen linkage export`.
- `generate_employment` writes `banen.csv` and `uitkeringen.csv` (formats.md §5) for a given
  participants file: per person a designed history (start job, employer changes, new jobs after
  school or unemployment, benefits, side jobs, older jobs) whose position on 31 May 2019 follows the
  published shares per category, and changes a little over 2017–2019.

Everything is vectorised with numpy over all persons at once; the design is kept so that
`SynthEmployment.truth` can say, for any person and date, what the true income status and main job
are (used to test the pipeline against known answers).
"""


from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .synth_base import (
    _DEFAULT_OTHER,
    BENEFIT_CODES,
    CALIBRATION_DATE,
    CATEGORIES,
    CONTRACT_CODES,
    EXTRA_SECTORS,
    FLEX_MIX,
    OPEN,
    PARAMS,
    WORK_PLACEMENT_STATE,
    WORKING_GROUPS,
    _dates,
    _day,
    _pick,
    _uniform_int,
    _write_csv,
)
from .synth_participants import generate_participants
from .synth_spells import SynthEmployment, _participant_profiles, _Spells

__all__ = ["SynthEmployment", "generate_employment", "generate_participants"]


def generate_employment(participants_csv: Path | str, out_dir: Path | str, seed: int = 0, *,
                        jobs_per_participant: float = 3.4, benefits_per_participant: float = 1.0,
                        calibration_date: dt.date = CALIBRATION_DATE) -> SynthEmployment:
    """Write `banen.csv` and `uitkeringen.csv` (formats.md §5) for the persons in `participants_csv`.

    The position on `calibration_date` per person follows the published shares of the person's
    category (calibration.md); older jobs and benefits are added until the files hold about
    `jobs_per_participant` jobs and `benefits_per_participant` benefits per participant row.
    """
    rng = np.random.default_rng(seed)
    prof = _participant_profiles(participants_csv)
    with open(participants_csv, encoding="utf-8-sig") as fh:
        participant_rows = sum(1 for _ in fh) - 1
    n = len(prof["pseudonym"])
    d3 = _day(calibration_date)
    t0 = prof["start_day"].astype(np.int64)
    cat = np.array([c if c in PARAMS else "training" for c in prof["category"]], dtype=object)
    tg = prof["target_group"].astype(object)
    plan_sectors = [s.split(";")[0].strip() if s else "" for s in prof["plan_sectors"]]
    sectors = sorted({s for s in plan_sectors if s} | set(EXTRA_SECTORS))
    sector_index = {s: i + 1 for i, s in enumerate(sectors)}
    home = np.array([sector_index.get(s, 0) for s in plan_sectors], dtype=np.int64)
    home = np.where(home == 0, rng.integers(1, len(sectors) + 1, n), home)
    n_sectors = len(sectors)

    def other_sector(base: np.ndarray) -> np.ndarray:
        return (base - 1 + rng.integers(1, n_sectors, len(base))) % n_sectors + 1

    def employer_in(sector: np.ndarray, low: int = 1, high: int = 60_000) -> np.ndarray:
        return sector * 100_000 + rng.integers(low, high + 1, len(sector))

    cat_idx = np.array([CATEGORIES.index(c) for c in cat])
    state_p = np.array([PARAMS[c]["state"] for c in CATEGORIES])[cat_idx]
    for group, values in WORK_PLACEMENT_STATE.items():
        m = (cat == "work_placements") & (tg == group)
        state_p[m] = values
    state_p = np.column_stack([state_p, 1 - state_p.sum(axis=1)])
    state = _pick(rng, state_p)  # 0 job, 1 job + benefit, 2 benefit, 3 neither
    employed = state <= 1
    ww_share = np.array([PARAMS[c]["ww"] for c in CATEGORIES])[cat_idx]
    other_mix = np.array([PARAMS[c].get("other", _DEFAULT_OTHER) for c in CATEGORIES])[cat_idx]
    benefit_kind = np.where(rng.random(n) < ww_share, 0, 1 + _pick(rng, other_mix))  # index in BENEFIT_CODES
    mob = _pick(rng, np.array([PARAMS[c]["mobility"] for c in CATEGORIES])[cat_idx])  # 0 same, 1 sector, 2 other
    hours_p = np.array([PARAMS[c]["hours"] for c in CATEGORIES])[cat_idx]
    vast = np.array([PARAMS[c]["vast"] for c in CATEGORIES])[cat_idx]
    plan_new = np.array([PARAMS[c]["plan_sector_new"] for c in CATEGORIES])[cat_idx]

    def hours_for(m: np.ndarray) -> np.ndarray:
        band = _pick(rng, hours_p[m])
        values = np.choose(band, [np.zeros(m.sum()), rng.integers(4, 12, m.sum()).astype(float),
                                  rng.choice([16.0, 20.0, 24.0], m.sum()), rng.choice([28.0, 30.0, 32.0], m.sum()),
                                  rng.choice([36.0, 38.0, 40.0], m.sum())])
        return values

    def contract_for(m: np.ndarray, p_vast: np.ndarray) -> np.ndarray:
        flex = 1 + _pick(rng, np.tile(FLEX_MIX, (int(m.sum()), 1)))
        return np.where(rng.random(m.sum()) < p_vast, 0, flex)

    chain = [_Spells.empty(n) for _ in range(2)]
    c1, c2 = chain
    side, tie = _Spells.empty(n), _Spells.empty(n)
    benefits: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add_benefit(m: np.ndarray, start: np.ndarray, end: np.ndarray, kind: np.ndarray) -> None:
        valid = m & (start <= end)
        benefits.append((valid, np.where(valid, start, 0), np.where(valid, end, 0), np.where(valid, kind, 0)))

    def open_or_after(m: np.ndarray, p_open: float = 0.85) -> np.ndarray:
        """End dates for spells that must be active on d3: open, or later than d3 (sometimes d3 itself)."""
        k = int(m.sum())
        ends = np.where(rng.random(k) < p_open, OPEN, d3 + rng.integers(0, 400, k))
        ends[rng.random(k) < 0.02] = d3  # ending on the measurement date: still active
        return ends

    working = np.isin(tg, WORKING_GROUPS)
    # --- Persons working at the start: c1 is the start job.
    w = working
    c1.valid[w] = True
    c1.start[w] = np.maximum(t0[w] - rng.integers(60, 12 * 365, w.sum()), _day("2001-01-01"))
    c1.sector[w] = np.where(tg[w] == "working_in_sector", home[w], other_sector(home[w]))
    c1.employer[w] = employer_in(c1.sector[w])
    c1.hours[w] = hours_for(w)
    c1.contract[w] = contract_for(w, vast[w, 0])
    stay = w & employed & (mob == 0)
    c1.end[stay] = open_or_after(stay)
    change = w & employed & (mob > 0)
    span = np.maximum(d3 - 60 - (t0 + 30), 1)
    e1 = t0 + 30 + (rng.random(n) * span).astype(np.int64)
    gap = np.where(rng.random(n) < 0.6, 0, rng.integers(1, 366, n))
    gap = np.minimum(gap, np.maximum(d3 - 2 - e1, 0))
    c1.end[change] = e1[change]
    c2.valid[change] = True
    c2.start[change] = e1[change] + 1 + gap[change]
    c2.end[change] = open_or_after(change)
    c2.sector[change] = np.where(mob[change] == 1, c1.sector[change], other_sector(c1.sector[change]))
    c2.employer[change] = employer_in(c2.sector[change])
    c2.employer[change] = np.where(c2.employer[change] == c1.employer[change], c2.employer[change] + 1,
                                   c2.employer[change])
    c2.hours[change] = hours_for(change)
    c2.contract[change] = contract_for(change, vast[change, 1])
    add_benefit(change & (gap > 30) & (rng.random(n) < 0.5), e1 + 1, e1 + gap, np.zeros(n, np.int64))
    lost = w & ~employed
    loss = t0 + ((d3 - 1 - t0) * rng.random(n) ** 2.5).astype(np.int64)
    loss = np.clip(loss, t0, d3 - 1)
    c1.end[lost] = loss[lost]

    # --- Persons not working at the start (students, not working, tranche-3 WW/other).
    nw = ~working
    student_side = nw & (tg == "student") & (rng.random(n) < 0.3)
    first_job = t0 + _uniform_int(rng, np.full(n, 7), np.maximum(np.minimum(700, d3 - t0 - 7), 7))
    placement = nw & employed & (cat == "work_placements")
    other_new = nw & employed & ~placement
    # Work placements: the placement itself is a temporary job in the plan's sector, then a follow-up.
    p = placement
    c1.valid[p] = True
    c1.start[p] = t0[p] + rng.integers(1, 46, p.sum())
    c1.end[p] = c1.start[p] + rng.integers(300, 731, p.sum())
    c1.sector[p] = home[p]
    c1.employer[p] = employer_in(home[p])
    c1.contract[p] = 1
    c1.hours[p] = rng.choice([32.0, 36.0, 38.0], p.sum())
    follow = p & (c1.end < d3)
    c1.end[p & ~follow] = np.where(c1.end[p & ~follow] < d3, d3, c1.end[p & ~follow])
    same = follow & (rng.random(n) < 0.5)
    pgap = np.where(rng.random(n) < 0.8, 0, rng.integers(1, 121, n))
    pgap = np.minimum(pgap, np.maximum(d3 - 2 - c1.end, 0))
    c2.valid[follow] = True
    c2.start[follow] = c1.end[follow] + 1 + pgap[follow]
    c2.end[follow] = open_or_after(follow)
    in_plan = rng.random(n) < plan_new
    c2.sector[follow] = np.where(same[follow] | in_plan[follow], home[follow], other_sector(home[follow]))
    c2.employer[follow] = np.where(same[follow], c1.employer[follow], employer_in(c2.sector[follow]))
    c2.employer[follow & ~same] = np.where(c2.employer[follow & ~same] == c1.employer[follow & ~same],
                                           c2.employer[follow & ~same] + 1, c2.employer[follow & ~same])
    c2.hours[follow] = hours_for(follow)
    c2.contract[follow] = contract_for(follow, vast[follow, 1])
    # Others who find work: one new job.
    o = other_new
    c1.valid[o] = True
    c1.start[o] = np.minimum(first_job[o], d3 - 1)
    c1.end[o] = open_or_after(o)
    c1.sector[o] = np.where(in_plan[o], home[o], other_sector(home[o]))
    c1.employer[o] = employer_in(c1.sector[o])
    c1.hours[o] = hours_for(o)
    c1.contract[o] = contract_for(o, vast[o, 1])
    # Not working then and not employed now: half had a temporary job in between.
    tmp = nw & ~employed & (rng.random(n) < 0.5)
    tmp_start = t0 + rng.integers(7, 400, n)
    tmp_end = tmp_start + rng.integers(60, 500, n)
    tmp &= tmp_end < d3 - 1
    c1.valid[tmp] = True
    c1.start[tmp], c1.end[tmp] = tmp_start[tmp], tmp_end[tmp]
    c1.sector[tmp] = np.where(in_plan[tmp], home[tmp], other_sector(home[tmp]))
    c1.employer[tmp] = employer_in(c1.sector[tmp])
    c1.hours[tmp] = hours_for(tmp)
    c1.contract[tmp] = 1 + _pick(rng, np.tile(FLEX_MIX, (int(tmp.sum()), 1)))
    # Benefit at the start for those coming from unemployment.
    from_ww = nw & (((tg == "not_working") & (rng.random(n) < 0.6)) | (cat == "ww_to_work"))
    from_other = nw & ~from_ww & np.isin(tg, ["social_assistance", "not_working"]) & (rng.random(n) < 0.5)
    first_work = np.where(c1.valid & nw, c1.start, OPEN)
    start_end = np.minimum.reduce([t0 + rng.integers(30, 366, n), first_work - 1, np.full(n, d3 - 1)])
    add_benefit(from_ww, t0 - rng.integers(30, 366, n), start_end, np.zeros(n, np.int64))
    add_benefit(from_other, t0 - rng.integers(30, 366, n), start_end, np.ones(n, np.int64))
    # Students' side jobs: few hours, around the start, ending before the first real job.
    s = student_side
    side.valid[s] = True
    side.start[s] = t0[s] - rng.integers(60, 700, s.sum())
    side.end[s] = np.minimum(t0[s] + rng.integers(30, 700, s.sum()), first_work[s] - 1)
    side.end[s & ~employed] = np.minimum(side.end[s & ~employed], d3 - 1)
    side.sector[s] = other_sector(home[s])
    side.employer[s] = employer_in(side.sector[s], 60_001, 99_999)
    side.contract[s] = np.where(rng.random(s.sum()) < 0.5, 2, 1)
    side.hours[s] = rng.integers(4, 9, s.sum()).astype(float)

    # --- Benefits on the calibration date.
    not_working_now = state >= 2
    last_work_end = np.where(c2.valid, c2.end, np.where(c1.valid, c1.end, t0))
    last_work_end = np.where(last_work_end >= OPEN, t0, last_work_end)
    on_benefit = state == 2
    b_start = np.maximum(last_work_end + 1 + rng.integers(0, 60, n), d3 - rng.integers(30, 900, n))
    b_start = np.minimum(b_start, d3)
    add_benefit(on_benefit, b_start, open_or_after(np.ones(n, bool), 0.6), benefit_kind)
    with_job = state == 1
    add_benefit(with_job, np.maximum(d3 - rng.integers(30, 500, n), t0), open_or_after(np.ones(n, bool), 0.6),
                benefit_kind)
    # Neither job nor benefit now: some had a short WW after losing their job.
    short = not_working_now & (state == 3) & (rng.random(n) < 0.4) & (last_work_end + 31 < d3)
    add_benefit(short, last_work_end + 1, np.minimum(last_work_end + rng.integers(30, 366, n), d3 - 1),
                np.zeros(n, np.int64))

    # --- Side jobs of workers (fewer hours than every chain job they overlap) and tie jobs.
    chain_hours_ok = (~c1.valid | (c1.hours >= 12)) & (~c2.valid | (c2.hours >= 12))
    moon = working & c1.valid & chain_hours_ok & ~student_side & (rng.random(n) < 0.08)
    side.valid[moon] = True
    side.start[moon] = _uniform_int(rng, c1.start[moon], np.minimum(t0[moon], c1.end[moon]))
    side.end[moon] = np.where(rng.random(moon.sum()) < 0.5, c1.end[moon],
                              np.minimum(side.start[moon] + rng.integers(30, 900, moon.sum()), c1.end[moon]))
    side.sector[moon] = other_sector(c1.sector[moon])
    side.employer[moon] = employer_in(side.sector[moon], 60_001, 99_999)
    side.contract[moon] = 2
    side.hours[moon] = rng.integers(4, 9, moon.sum()).astype(float)
    # The job that is current at the end of the chain; tie jobs copy its hours.
    lastc_start = np.where(c2.valid, c2.start, c1.start)
    lastc_end = np.where(c2.valid, c2.end, c1.end)
    lastc_hours = np.where(c2.valid, c2.hours, c1.hours)
    lastc_sector = np.where(c2.valid, c2.sector, c1.sector)
    lastc_employer = np.where(c2.valid, c2.employer, c1.employer)
    tied = (c1.valid | c2.valid) & (lastc_hours > 0) & (rng.random(n) < 0.03)
    same_start = rng.random(n) < 0.5
    tie.valid[tied] = True
    tie.start[tied] = np.where(same_start[tied], lastc_start[tied],
                               _uniform_int(rng, lastc_start[tied] + 1, np.maximum(lastc_start[tied] + 1,
                                                                                  np.minimum(lastc_end[tied], d3))))
    tie.end[tied] = lastc_end[tied]
    tie.sector[tied] = lastc_sector[tied]
    tie.employer[tied] = (lastc_employer[tied] // 100_000) * 100_000 + rng.integers(60_002, 100_000, tied.sum())
    tie.hours[tied] = lastc_hours[tied]
    tie.contract[tied] = 1

    # --- Older jobs (and WW between them), before anything above, to reach the wanted volume.
    earliest = np.minimum.reduce([
        np.where(c1.valid, c1.start, OPEN), np.where(side.valid, side.start, OPEN), t0,
    ])
    for valid, start, _, _ in benefits:
        earliest = np.minimum(earliest, np.where(valid, start, OPEN))
    base_jobs = int(c1.valid.sum() + c2.valid.sum() + side.valid.sum() + tie.valid.sum())
    base_benefits = int(sum(v.sum() for v, *_ in benefits))
    lam = max(0.0, (jobs_per_participant * participant_rows - base_jobs) / max(n, 1))
    count = np.minimum(rng.poisson(lam, n), 8)
    history: list[_Spells] = []
    anchor = earliest - 1
    gaps = 0
    hist_ww: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for k in range(int(count.max()) if n else 0):
        h = _Spells.empty(n)
        m = count > k
        gap_k = np.where(rng.random(n) < 0.5, 0, rng.integers(1, 300, n))
        end_k = anchor - gap_k
        start_k = end_k - rng.integers(120, 1500, n)
        m &= start_k >= _day("1995-01-01")
        h.valid[m] = True
        h.start[m], h.end[m] = start_k[m], end_k[m]
        h.sector[m] = np.where(rng.random(m.sum()) < 0.5, home[m], other_sector(home[m]))
        h.employer[m] = employer_in(h.sector[m])
        h.contract[m] = _pick(rng, np.tile((0.5, 0.35, 0.075, 0.075), (int(m.sum()), 1)))
        h.hours[m] = hours_for(m)
        hist_ww.append((m & (gap_k > 30), end_k + 1, anchor))
        gaps += int((m & (gap_k > 30)).sum())
        anchor = np.where(m, start_k - 1, anchor)
        history.append(h)
    want_benefits = benefits_per_participant * participant_rows - base_benefits
    p_ww = min(1.0, max(0.0, want_benefits / gaps)) if gaps else 0.0
    for m, start, end in hist_ww:
        add_benefit(m & (rng.random(n) < p_ww), start, end, np.zeros(n, np.int64))

    # --- Write.
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pseudonyms = pa.array(prof["pseudonym"].tolist(), pa.string())
    kinds = [*history, side, tie, c1, c2]
    person = np.concatenate([np.flatnonzero(s.valid) for s in kinds])
    cols = {f: np.concatenate([getattr(s, f)[s.valid] for s in kinds])
            for f in ("start", "end", "employer", "sector", "contract", "hours")}
    order = np.lexsort((cols["start"], person))
    person = person[order]
    cols = {k: v[order] for k, v in cols.items()}
    no_hours_empty = (cols["hours"] == 0) & (rng.random(len(person)) < 0.5)
    hours_text = pc.cast(pa.array(cols["hours"].astype(np.int64)), pa.string())
    hours_text = pc.if_else(pa.array(no_hours_empty), "", hours_text)
    sector_names = np.array(["", *sectors], dtype=object)
    employer_num = pa.array(cols["employer"])
    jobs_table = pa.table({
        "pseudonym": pseudonyms.take(pa.array(person)),
        "employer": pc.binary_join_element_wise("W", pc.utf8_lpad(pc.cast(employer_num, pa.string()), 7, "0"), ""),
        "sector": pa.array(sector_names[cols["sector"]].tolist(), pa.string()),
        "start_date": _dates(cols["start"]),
        "end_date": _dates(cols["end"]),
        "contract": pa.array(np.array(CONTRACT_CODES, dtype=object)[cols["contract"]].tolist(), pa.string()),
        "hours_per_week": hours_text,
    })
    _write_csv(jobs_table, out / "banen.csv")
    b_person = np.concatenate([np.flatnonzero(v) for v, *_ in benefits])
    b_start = np.concatenate([s[v] for v, s, _, _ in benefits])
    b_end = np.concatenate([e[v] for v, _, e, _ in benefits])
    b_kind = np.concatenate([k[v] for v, _, _, k in benefits])
    order = np.lexsort((b_start, b_person))
    benefits_table = pa.table({
        "pseudonym": pseudonyms.take(pa.array(b_person[order])),
        "type": pa.array(np.array(BENEFIT_CODES, dtype=object)[b_kind[order]].tolist(), pa.string()),
        "start_date": _dates(b_start[order]),
        "end_date": _dates(b_end[order]),
    })
    _write_csv(benefits_table, out / "uitkeringen.csv")
    return SynthEmployment(
        persons=n, jobs=jobs_table.num_rows, benefits=benefits_table.num_rows,
        banen=out / "banen.csv", uitkeringen=out / "uitkeringen.csv",
        pseudonyms=prof["pseudonym"], sectors=["", *sectors], chain=[c1, c2], side=side, tie=tie,
        history=history, benefit_spells=benefits,
    )
