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

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sectorplannen.common.spreadsheet import safe_arrow

from .extract import PARTICIPANTS, read_text_table

CALIBRATION_DATE = dt.date(2019, 5, 31)
OPEN = 10**7  # "no end date": a day number far beyond any real date
EPOCH = dt.date(1970, 1, 1)

# ------------------------------------------------------------------------------------------------
# Calibration (calibration.md). Shares at 31 May 2019 per category:
#   state: P(job, no benefit), P(job and benefit), P(benefit, no job); the rest has neither.
#   ww: share of WW among the benefits at that date; other: weights of bijstand, AO, overig.
#   mobility: of the employed with a start job: same employer, other employer same sector, other sector.
#   plan_sector_new: P(a new job is in the plan's sector); vast: P(permanent) for stayers, for new jobs.
#   hours: P of no fixed hours, < 12, 12-28, 28-35, >= 35.

CATEGORIES = ("mobility", "career_check", "training", "work_placements", "health", "other",
              "work_same_occupation", "work_other_occupation", "ww_to_work", "other_to_work")
_DEFAULT_OTHER = (0.5, 0.3, 0.2)
PARAMS = {
    "mobility": dict(state=(0.73, 0.07, 0.08), ww=0.47, mobility=(0.33, 0.40, 0.27), plan_sector_new=0.5,
                     vast=(0.99, 0.64), hours=(0.03, 0.05, 0.15, 0.20, 0.57)),
    "career_check": dict(state=(0.81, 0.03, 0.03), ww=0.5, mobility=(0.55, 0.27, 0.18), plan_sector_new=0.5,
                         vast=(0.88, 0.60), hours=(0.04, 0.06, 0.25, 0.20, 0.45)),
    "training": dict(state=(0.86, 0.03, 0.02), ww=0.5, mobility=(0.58, 0.315, 0.105), plan_sector_new=0.6,
                     vast=(0.85, 0.67), hours=(0.05, 0.07, 0.22, 0.18, 0.48)),
    "work_placements": dict(state=(0.88, 0.02, 0.03), ww=0.4, mobility=(0.60, 0.30, 0.10), plan_sector_new=0.7,
                            vast=(0.80, 0.62), hours=(0.03, 0.07, 0.18, 0.15, 0.57)),
    "health": dict(state=(0.87, 0.02, 0.03), ww=0.3, other=(0.1, 0.8, 0.1), mobility=(0.67, 0.25, 0.08),
                   plan_sector_new=0.5, vast=(0.90, 0.65), hours=(0.04, 0.08, 0.30, 0.18, 0.40)),
    "other": dict(state=(0.82, 0.03, 0.05), ww=0.5, mobility=(0.60, 0.25, 0.15), plan_sector_new=0.5,
                  vast=(0.85, 0.60), hours=(0.05, 0.08, 0.25, 0.17, 0.45)),
    "work_same_occupation": dict(state=(0.71, 0.07, 0.09), ww=0.35, mobility=(0.30, 0.45, 0.25),
                                 plan_sector_new=0.6, vast=(0.85, 0.32), hours=(0.03, 0.05, 0.15, 0.17, 0.60)),
    "work_other_occupation": dict(state=(0.74, 0.07, 0.07), ww=0.35, mobility=(0.25, 0.30, 0.45),
                                  plan_sector_new=0.5, vast=(0.85, 0.32), hours=(0.03, 0.05, 0.15, 0.17, 0.60)),
    "ww_to_work": dict(state=(0.70, 0.06, 0.10), ww=0.4, other=(0.6, 0.3, 0.1), mobility=(0.5, 0.3, 0.2),
                       plan_sector_new=0.61, vast=(0.85, 0.32), hours=(0.03, 0.05, 0.15, 0.17, 0.60)),
    "other_to_work": dict(state=(0.63, 0.09, 0.12), ww=0.35, other=(0.7, 0.1, 0.2), mobility=(0.5, 0.3, 0.2),
                          plan_sector_new=0.54, vast=(0.85, 0.32), hours=(0.03, 0.05, 0.15, 0.17, 0.60)),
}
#: Work placements: employed 87 % of those who started as students, 82 % of the not working, and so
#: many of those working in the sector that the category reaches 90 %.
WORK_PLACEMENT_STATE = {"student": (0.85, 0.02, 0.03), "not_working": (0.79, 0.03, 0.08),
                        "working_in_sector": (0.95, 0.014, 0.01)}
FLEX_MIX = (0.70, 0.15, 0.15)  # tijdelijk, oproep, uitzend
CONTRACT_CODES = ("vast", "tijdelijk", "oproep", "uitzend")
BENEFIT_CODES = ("WW", "bijstand", "AO", "overig")
WORKING_GROUPS = ("working_in_sector", "working_other_sector")
EXTRA_SECTORS = ("Zakelijke dienstverlening", "Overheid", "Horeca", "Financiële dienstverlening",
                 "Uitzendbranche", "Groothandel", "Industrie overig")

# Table 4.1: target group at the start per category (BSN-registered participants, tranches 1-2).
TARGET_GROUPS_T12 = {
    "mobility": {"working_in_sector": 18688, "working_other_sector": 128},
    "career_check": {"working_in_sector": 14946},
    "training": {"working_in_sector": 126852, "working_other_sector": 585, "student": 939, "not_working": 1978},
    "work_placements": {"working_in_sector": 12920, "student": 24180, "not_working": 1339},
    "health": {"working_in_sector": 41670},
    "other": {"working_in_sector": 845, "student": 696, "not_working": 1558},
}
MEASURE_TYPES_T12 = {
    "mobility": ("job_placement", "transition_fund", "transfer_centre", "application_training"),
    "career_check": ("career_check",),
    "training": ("general_training", "older_younger_training", "evc"),
    "work_placements": ("work_placement",),
    "health": ("health_check", "health_initiative"),
    "other": ("research", "staff_pool", "older_coaching", "hiring_older_younger", "vulnerable_hiring"),
}
YOUTH_SHARE = {"mobility": 0.08, "career_check": 0.10, "training": 0.15, "work_placements": 0.66,
               "health": 0.06, "other": 0.48}
# Tranche 3: BSN-registered participants per trajectory and plan kind.
TRAJECTORIES_T3 = {
    "sectoral": {"work_same_occupation": 1033, "work_other_occupation": 1051, "ww_to_work": 1847,
                 "other_to_work": 2952},
    "regional": {"work_same_occupation": 654, "work_other_occupation": 2069, "ww_to_work": 2567,
                 "other_to_work": 568},
}
T12_UNITS, T3_UNITS = 247_324, 12_741


def _day(d: dt.date | str) -> int:
    d = dt.date.fromisoformat(d) if isinstance(d, str) else d
    return (d - EPOCH).days


def _pseudonyms(rng: np.random.Generator, n: int) -> pa.Array:
    """n random 64-character lowercase hex strings (like HMAC-SHA-256 pseudonyms)."""
    raw = np.frombuffer(rng.bytes(32 * n).hex().encode("ascii"), dtype="S64")
    return pc.cast(pa.array(raw, pa.binary(64)), pa.string())


def _dates(days: np.ndarray) -> pa.Array:
    """Day numbers as ISO text; OPEN becomes empty."""
    days = np.asarray(days, dtype=np.int64)
    arr = pa.array(days.astype(np.int32), pa.date32(), mask=days >= OPEN)
    return pc.fill_null(pc.cast(arr, pa.string()), "")


def _pick(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One index per row of `probs` (rows need not be normalised)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs)) * cum[:, -1]
    return (u[:, None] >= cum).sum(axis=1)


def _uniform_int(rng: np.random.Generator, low, high) -> np.ndarray:
    """Integers in [low, high] elementwise (high < low gives low)."""
    low = np.asarray(low, dtype=np.int64)
    high = np.maximum(np.asarray(high, dtype=np.int64), low)
    return low + np.floor(rng.random(np.broadcast(low, high).shape) * (high - low + 1)).astype(np.int64)


def _write_csv(table: pa.Table, path: Path) -> None:
    """Plain CSV with an unquoted header; values quoted only when one contains a comma or a quote."""
    for style in ("none", "needed"):
        try:
            with open(path, "wb") as fh:
                fh.write((",".join(table.column_names) + "\n").encode("utf-8"))
                pacsv.write_csv(safe_arrow(table), fh, write_options=pacsv.WriteOptions(include_header=False,
                                                                             quoting_style=style))
            return
        except pa.ArrowInvalid:
            continue


# ------------------------------------------------------------------------------------------------
# Participants


def _plans_t12() -> list[dict]:
    with resources.files(__package__).joinpath("data/plans_t12.csv").open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if int(r["bsn_participants"] or 0) > 0]


def generate_participants(path: Path | str, rows: int, seed: int = 0) -> dict:
    """Write a synthetic `deelnemers.csv` (formats.md §4) with `rows` registrations.

    About 4 % of the registrations are a second registration of the same person in the same plan and
    category (a later start, sometimes another measure or target group: the unit keeps the
    earliest), and about 3 % of the persons take part in a second plan or category. Returns counts.
    """
    rng = np.random.default_rng(seed)
    extra = int(rows * 0.04)
    units = rows - extra
    plans = _plans_t12()
    sectors = sorted({p["plan_sector"] for p in plans if p["plan_sector"]})
    t3 = rng.random(units) < T3_UNITS / (T12_UNITS + T3_UNITS)
    n12, n3 = int((~t3).sum()), int(t3.sum())

    # Tranches 1-2: plan and category by realised BSN participants, target group by table 4.1.
    weights = np.array([int(p["bsn_participants"]) for p in plans], dtype=float)
    idx = rng.choice(len(plans), size=n12, p=weights / weights.sum())
    plan = np.array([p["plan"] for p in plans], dtype=object)[idx]
    kind = np.array([p["plan_kind"] for p in plans], dtype=object)[idx]
    psect = np.array([p["plan_sector"] for p in plans], dtype=object)[idx]
    cat = np.array([p["category"] for p in plans], dtype=object)[idx]
    target = np.empty(n12, dtype=object)
    mtype = np.empty(n12, dtype=object)
    age = np.empty(n12, dtype=np.int64)
    start = np.empty(n12, dtype=np.int64)
    end = np.empty(n12, dtype=np.int64)
    duration = {"mobility": (30, 365), "career_check": (1, 30), "training": (1, 180),
                "work_placements": (300, 730), "health": (1, 30), "other": (30, 365)}
    for c, groups in TARGET_GROUPS_T12.items():
        m = cat == c
        k = int(m.sum())
        if not k:
            continue
        names = list(groups)
        w = np.array([groups[g] for g in names], dtype=float)
        target[m] = np.array(names, dtype=object)[rng.choice(len(names), size=k, p=w / w.sum())]
        types = MEASURE_TYPES_T12[c]
        tw = np.array([0.7] + [0.3 / (len(types) - 1)] * (len(types) - 1)) if len(types) > 1 else np.ones(1)
        mtype[m] = np.array(types, dtype=object)[rng.choice(len(types), size=k, p=tw)]
        youth = rng.random(k) < YOUTH_SHARE[c]
        older = np.clip(np.round(rng.normal(45 if c == "health" else 42, 9, k)), 27, 66).astype(np.int64)
        age[m] = np.where(youth, _uniform_int(rng, 16, 26), older)
        first, last = (_day("2014-03-01"), _day("2017-09-30")) if c == "work_placements" else (
            _day("2014-01-01"), _day("2017-06-30"))
        start[m] = _uniform_int(rng, np.full(k, first), last)
        lo, hi = duration[c]
        end[m] = start[m] + _uniform_int(rng, np.full(k, lo), hi)
    # Tranche 3: 22 plans (10 sectoral, 12 regional of which 4 with a sector), trajectories by table.
    t3_plans = [(f"Sectorplan T3 {sectors[i * 5 % len(sectors)]}", "sectoral", sectors[i * 5 % len(sectors)])
                for i in range(10)]
    t3_plans += [(f"Regionaal plan T3 regio {i + 1}", "regional", sectors[(i * 7 + 3) % len(sectors)] if i < 4 else "")
                 for i in range(12)]
    pairs = [(k, t) for k in ("sectoral", "regional") for t in TRAJECTORIES_T3[k]]
    pw = np.array([TRAJECTORIES_T3[k][t] for k, t in pairs], dtype=float)
    pick = rng.choice(len(pairs), size=n3, p=pw / pw.sum())
    kind3 = np.array([pairs[i][0] for i in pick], dtype=object)
    cat3 = np.array([pairs[i][1] for i in pick], dtype=object)
    plan_idx = np.where(kind3 == "sectoral", rng.integers(0, 10, n3), rng.integers(10, 22, n3))
    plan3 = np.array([p[0] for p in t3_plans], dtype=object)[plan_idx]
    psect3 = np.array([p[2] for p in t3_plans], dtype=object)[plan_idx]
    target3 = np.empty(n3, dtype=object)
    u = rng.random(n3)
    working = np.isin(cat3, ["work_same_occupation", "work_other_occupation"])
    target3[working] = np.where(u[working] < 0.85, "working_in_sector", "working_other_sector")
    target3[cat3 == "ww_to_work"] = "not_working"
    m = cat3 == "other_to_work"
    target3[m] = np.where(u[m] < 0.6, "not_working", np.where(u[m] < 0.85, "student", "social_assistance"))
    age3 = np.where(rng.random(n3) < 0.15, _uniform_int(rng, np.full(n3, 18), 26), _uniform_int(rng, 27, 63))
    start3 = _uniform_int(rng, np.full(n3, _day("2015-06-01")), _day("2018-06-30"))
    end3 = start3 + _uniform_int(rng, np.full(n3, 30), 365)

    def merge(a12, a3):
        out = np.empty(units, dtype=a12.dtype if a12.dtype != object else object)
        out[~t3], out[t3] = a12, a3
        return out

    table = {
        "plan": merge(plan, plan3), "tranche": np.where(t3, "3", "1-2").astype(object),
        "plan_kind": merge(kind, kind3), "plan_sectors": merge(psect, psect3),
        "category": merge(cat, cat3), "measure_type": merge(mtype, cat3.copy()),
        "target_group": merge(target, target3), "age_at_start": merge(age, age3),
        "start": merge(start, start3), "end": merge(end, end3),
    }
    table["end"] = np.where(rng.random(units) < 0.1, OPEN, table["end"])
    # Persons: most units are one person each; ~3 % of units belong to the person of another unit
    # in another plan or category.
    person = np.arange(units)
    share = rng.random(units) < 0.03
    other = rng.integers(0, units, units)
    ok = share & ((table["plan"] != table["plan"][other]) | (table["category"] != table["category"][other]))
    ok &= ~share[other]
    person[ok] = other[ok]
    # Extra registrations in the same unit, later, sometimes another measure type or target group.
    dup = rng.integers(0, units, extra)
    cols = {k: np.concatenate([v, v[dup]]) for k, v in table.items()}
    person = np.concatenate([person, person[dup]])
    later = _uniform_int(rng, np.full(extra, 10), 400)
    cols["start"][units:] += later
    cols["end"][units:] = np.where(cols["end"][units:] >= OPEN, OPEN, cols["end"][units:] + later)
    flip = rng.random(extra) < 0.3
    swap = rng.integers(0, units, extra)
    same_cat = cols["category"][swap] == cols["category"][units:]
    cols["target_group"][units:] = np.where(flip & same_cat, cols["target_group"][swap], cols["target_group"][units:])
    cols["measure_type"][units:] = np.where(flip & same_cat, cols["measure_type"][swap],
                                            cols["measure_type"][units:])
    # No two registrations of the same person, plan, category, measure and start (a real duplicate).
    seen: set = set()
    keep = np.ones(len(person), bool)
    for i, key in enumerate(zip(person.tolist(), cols["plan"].tolist(), cols["category"].tolist(),
                                cols["measure_type"].tolist(), cols["start"].tolist(), strict=True)):
        if key in seen:
            keep[i] = False
        seen.add(key)
    person = person[keep]
    cols = {k: v[keep] for k, v in cols.items()}
    order = rng.permutation(len(person))
    pseudonyms = _pseudonyms(rng, units)
    # One birth year per person (that of the person's own unit): the age at the start is in completed years.
    start_year = table["start"].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    born = start_year - table["age_at_start"].astype(np.int64) - (rng.random(units) < 0.5)
    out = pa.table({
        "pseudonym": pseudonyms.take(pa.array(person[order])),
        "plan": pa.array(cols["plan"][order].tolist(), pa.string()),
        "tranche": pa.array(cols["tranche"][order].tolist(), pa.string()),
        "plan_kind": pa.array(cols["plan_kind"][order].tolist(), pa.string()),
        "plan_sectors": pa.array(cols["plan_sectors"][order].tolist(), pa.string()),
        "category": pa.array(cols["category"][order].tolist(), pa.string()),
        "measure": pa.array(cols["measure_type"][order].tolist(), pa.string()),
        "measure_type": pa.array(cols["measure_type"][order].tolist(), pa.string()),
        "target_group": pa.array(cols["target_group"][order].tolist(), pa.string()),
        "age_at_start": pa.array(cols["age_at_start"][order].astype(np.int64)),
        "start_date": _dates(cols["start"][order]),
        "end_date": _dates(cols["end"][order]),
        "birth_year": pa.array(born[person[order]]),
    })
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_csv(out, path)
    return {"rows": int(len(person)), "units": units, "persons": int(len(np.unique(person)))}


# ------------------------------------------------------------------------------------------------
# Employment and benefits


@dataclass
class _Spells:
    """Job spells of one kind, one row per person (`valid` says which persons have one)."""

    valid: np.ndarray
    start: np.ndarray
    end: np.ndarray
    employer: np.ndarray
    sector: np.ndarray
    contract: np.ndarray
    hours: np.ndarray

    @classmethod
    def empty(cls, n: int) -> _Spells:
        return cls(np.zeros(n, bool), np.zeros(n, np.int64), np.full(n, OPEN, np.int64),
                   np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, float))

    def active(self, person: np.ndarray, day: np.ndarray) -> np.ndarray:
        return self.valid[person] & (self.start[person] <= day) & (self.end[person] >= day)


@dataclass
class SynthEmployment:
    """What `generate_employment` wrote, and the design it wrote from."""

    persons: int
    jobs: int
    benefits: int
    banen: Path
    uitkeringen: Path
    pseudonyms: np.ndarray
    sectors: list[str]
    chain: list[_Spells]
    side: _Spells
    tie: _Spells
    history: list[_Spells]
    benefit_spells: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]  # valid, start, end, type

    def truth(self, pseudonyms: Sequence[str], dates: Sequence[dt.date]) -> list[dict]:
        """The designed truth for each (pseudonym, date) pair: main job and active benefits.

        By construction the main job is the job of the person's career chain that is active (the
        chain's jobs never overlap; side jobs have fewer hours; a tie job has the same hours but
        starts later or has a larger employer id), else an active side job, else an active older job.
        """
        index = {p: i for i, p in enumerate(self.pseudonyms)}
        person = np.array([index[p] for p in pseudonyms], dtype=np.int64)
        day = np.array([_day(d) for d in dates], dtype=np.int64)
        n = len(person)
        chosen = np.full(n, -1)
        employer = np.zeros(n, np.int64)
        sector = np.zeros(n, np.int64)
        contract = np.zeros(n, np.int64)
        hours = np.zeros(n, float)
        # Lowest precedence first; later kinds overwrite.
        for k, spells in enumerate([*self.history, self.side, *self.chain]):
            act = spells.active(person, day)
            chosen[act] = k
            employer[act] = spells.employer[person[act]]
            sector[act] = spells.sector[person[act]]
            contract[act] = spells.contract[person[act]]
            hours[act] = spells.hours[person[act]]
        ww = np.zeros(n, bool)
        other = np.zeros(n, bool)
        for valid, start, end, kind in self.benefit_spells:
            act = valid[person] & (start[person] <= day) & (end[person] >= day)
            ww |= act & (kind[person] == 0)
            other |= act & (kind[person] != 0)
        out = []
        for i in range(n):
            employed = chosen[i] >= 0
            out.append({
                "employed": bool(employed),
                "employer": _employer_id(employer[i]) if employed else None,
                "sector": self.sectors[sector[i]] if employed else None,
                "contract": CONTRACT_CODES[contract[i]] if employed else None,
                "hours": float(hours[i]) if employed else None,
                "ww": bool(ww[i]),
                "other_benefit": bool(other[i]),
            })
        return out


def _employer_id(number: int) -> str:
    return f"W{int(number):07d}"


def _participant_profiles(path: Path | str) -> dict[str, np.ndarray]:
    """Per person: the earliest registration (category, target group, plan sectors, start)."""
    raw, _, _ = read_text_table(path, PARTICIPANTS)
    con = duckdb.connect()
    con.register("raw", raw)
    rows = con.sql(r"""
        WITH r AS (
            SELECT lower(trim(pseudonym)) AS pseudonym, trim(category) AS category,
                   trim(target_group) AS target_group, trim(plan_sectors) AS plan_sectors, _row,
                   CASE WHEN regexp_full_match(trim(start_date), '\d{2}-\d{2}-\d{4}')
                        THEN CAST(try_strptime(trim(start_date), '%d-%m-%Y') AS DATE)
                        ELSE try_cast(trim(start_date) AS DATE) END AS start_date
            FROM raw
        )
        SELECT pseudonym, category, target_group, plan_sectors,
               CAST(start_date - DATE '1970-01-01' AS BIGINT) AS start_day
        FROM r WHERE start_date IS NOT NULL AND regexp_full_match(pseudonym, '[0-9a-f]{64}')
        QUALIFY row_number() OVER (PARTITION BY pseudonym ORDER BY start_date, _row) = 1
        ORDER BY pseudonym
    """).to_arrow_table()
    con.close()
    return {name: rows.column(name).to_numpy(zero_copy_only=False) for name in
            ("pseudonym", "category", "target_group", "plan_sectors", "start_day")}


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
