"""Constants and small helpers shared by the synthetic data generators (see synth.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sectorplannen.common.spreadsheet import safe_arrow

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
