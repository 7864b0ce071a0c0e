"""A synthetic evaluator participant file (formats.md §4) for tests and benchmarks (see synth.py)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa

from .synth_base import (
    MEASURE_TYPES_T12,
    OPEN,
    T3_UNITS,
    T12_UNITS,
    TARGET_GROUPS_T12,
    TRAJECTORIES_T3,
    YOUTH_SHARE,
    _dates,
    _day,
    _pseudonyms,
    _uniform_int,
    _write_csv,
)

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
