"""Synthetic participant upload files that look like the real population (calibration.md).

Real participant data is never available to this project; demos, tests and benchmarks use files
made here. BSNs are random 8 digits plus the check digit that makes them pass the 11-test, made at
run time, never one of the official test numbers and never written to tracked files. Optionally a
known number of rows of each error kind of formats.md §3 is injected, listed in ``manifest.json``."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sectorplannen.common.dates import add_months
from sectorplannen.plans.models import Plan

from .importer import plan_period
from .validation import COLUMNS, ERROR_CODES, TARGET_GROUP_DUTCH, age_on

OFFICIAL_TEST_BSNS = frozenset({"999991607", "123456782", "111222333", "999990019", "999993653", "999995078"})

# calibration.md, tranches 1–2: share of youth (≤ 26 at start) per category, and the target
# groups at start of the BSN-registered participants (table 4.1, counts used as weights).
YOUTH_SHARE = {"mobility": 0.08, "career_check": 0.10, "training": 0.15, "work_placements": 0.66,
               "health": 0.06, "other": 0.48}
YOUTH_SHARE_OVERALL = 0.21
TARGET_GROUP_WEIGHTS = {
    "mobility": {"working_in_sector": 18688, "working_other_sector": 128},
    "career_check": {"working_in_sector": 14946},
    "training": {"working_in_sector": 126852, "working_other_sector": 585, "student": 939, "not_working": 1978},
    "work_placements": {"working_in_sector": 12920, "student": 24180, "not_working": 1339},
    "health": {"working_in_sector": 41670},
    "other": {"working_in_sector": 845, "student": 696, "not_working": 1558},
}
MEAN_AGE_NON_YOUTH = {"health": 45.0}  # calibration.md: health participants were 45 on average
MEAN_AGE_DEFAULT = 42.0
AGE_SPREAD = 10.0  # standard deviation of the age of non-youth participants (assumed)
# Assumed shape of the synthetic population, inside the scheme's age limits (which come from the rules):
YOUNGEST_AGE, ADULT_AGE, STUDENT_MAX_AGE, OLDEST_AGE = 16, 18, 22, 66
STUDENT_YOUTH_PROBABILITY = 0.95
# Typical length of a measure in days (min, max); None: no end date is registered.
DURATION_DAYS = {"mobility": (30, 365), "career_check": (1, 60), "training": (1, 200),
                 "work_placements": (180, 730), "health": (1, 1), "other": (30, 365)}
REUSE_SHARE = 0.05  # persons who also take part in a measure of another category of the plan

ROW_ERROR_CODES = tuple(code for code in ERROR_CODES if code != "column_missing")  # one row each
_FIELDS = tuple(COLUMNS)  # measure, bsn, birth_date, start_date, end_date, target_group, employer
_DUTCH_TARGET_GROUP = {code: dutch for dutch, code in TARGET_GROUP_DUTCH.items()}


def make_bsn(rng: random.Random) -> str:
    """A random number that passes the 11-test (random 8 digits plus the fitting check digit)."""
    while True:
        digits = f"{rng.randrange(10**8):08d}"
        check = sum(int(d) * (9 - i) for i, d in enumerate(digits)) % 11
        if check < 10 and digits != "00000000":
            bsn = digits + str(check)
            if bsn not in OFFICIAL_TEST_BSNS:
                return bsn


class BsnSource:
    """Unique random BSNs for one run."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._used: set[str] = set()

    def __call__(self) -> str:
        while True:
            bsn = make_bsn(self._rng)
            if bsn not in self._used:
                self._used.add(bsn)
                return bsn


def measure_counts(plan: Plan, declared: Mapping[str, int | None] | None = None) -> dict[str, int]:
    """Rows to make per measure: the realised participants of the final declaration when the caller
    gives them (``declared``, per measure code; empty = 0), else those planned in the latest decision,
    else in the application. The declaration lives in finance, above this app: the caller reads it."""
    if declared:
        return {code: declared.get(code) or 0 for code in plan.measures.order_by("code").values_list("code", flat=True)}
    latest = plan.latest_decision()
    planned = dict(latest.lines.values_list("measure__code", "planned_participants")) if latest else {}
    return {m.code: planned.get(m.code) or m.planned_participants or 0 for m in plan.measures.order_by("code")}


@dataclass
class _Style:
    """How a file is written: Dutch Excel habits or an English, ISO-dated export."""

    dutch: bool

    @property
    def header(self) -> list[str]:
        return [COLUMNS[c][0 if self.dutch else 1] for c in _FIELDS]

    def date(self, value: dt.date | str | None) -> str:
        if value is None or isinstance(value, str):
            return value or ""
        return value.strftime("%d-%m-%Y") if self.dutch else value.isoformat()

    def target_group(self, code: str) -> str:
        return _DUTCH_TARGET_GROUP.get(code, code) if self.dutch else code


@dataclass
class _Context:
    plan: Plan
    rng: random.Random
    bsns: BsnSource
    period: tuple[dt.date, dt.date]
    min_age: int
    max_age: int
    youth_max_age: int
    with_target_group: bool
    employers: list[str]
    reusable: dict[str, list[tuple[str, dt.date]]] = field(default_factory=dict)  # category -> persons
    reused: dict[str, set[str]] = field(default_factory=dict)  # category -> BSNs taken from other categories


def _employer_pool(rng: random.Random, n: int) -> list[str]:
    pool = []
    for _ in range(n):
        if rng.random() < 0.5:
            pool.append(f"{rng.randrange(10**9):09d}L{rng.randrange(1, 4):02d}")
        else:
            pool.append(f"{rng.randrange(10**7, 10**8):08d}")
    return pool


def _birth_date(start: dt.date, age: int, rng: random.Random) -> dt.date:
    """A birth date giving exactly ``age`` completed years on ``start``."""
    birth = add_months(start, -12 * age) - dt.timedelta(days=rng.randrange(365))
    while age_on(birth, start) > age:
        birth += dt.timedelta(days=1)
    while age_on(birth, start) < age:
        birth -= dt.timedelta(days=1)
    return birth


def _person_row(ctx: _Context, measure) -> dict:
    rng, category = ctx.rng, measure.category
    first, last = ctx.period
    start = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
    weights = TARGET_GROUP_WEIGHTS.get(category, {"working_in_sector": 1})
    group = rng.choices(list(weights), list(weights.values()))[0]
    youth_share = YOUTH_SHARE.get(category, YOUTH_SHARE_OVERALL)
    student_share = weights.get("student", 0) / sum(weights.values())
    p_youth_other = min(1.0, max(0.0, (youth_share - student_share * STUDENT_YOUTH_PROBABILITY)
                                 / max(1e-9, 1 - student_share)))
    youth = rng.random() < (STUDENT_YOUTH_PROBABILITY if group == "student" else p_youth_other)
    lowest = max(ctx.min_age, YOUNGEST_AGE)
    if youth:
        age = rng.randint(lowest, min(STUDENT_MAX_AGE, ctx.youth_max_age)) if group == "student" else rng.randint(
            max(lowest, ADULT_AGE), ctx.youth_max_age)
    else:
        mean = MEAN_AGE_NON_YOUTH.get(category, MEAN_AGE_DEFAULT)
        age = round(min(max(rng.gauss(mean, AGE_SPREAD), ctx.youth_max_age + 1), min(ctx.max_age, OLDEST_AGE)))
    bsn, birth = None, None
    others = [c for c in ctx.reusable if c != category]
    if others and rng.random() < REUSE_SHARE:
        bsn, birth = rng.choice(ctx.reusable[rng.choice(others)])
        reused = ctx.reused.setdefault(category, set())
        if bsn in reused or not ctx.min_age <= age_on(birth, start) <= ctx.max_age:
            bsn = None
        else:
            reused.add(bsn)
    if bsn is None:
        bsn, birth = ctx.bsns(), _birth_date(start, age, rng)
        persons = ctx.reusable.setdefault(category, [])
        if len(persons) < 2000:
            persons.append((bsn, birth))
    low, high = DURATION_DAYS.get(category, (30, 365))
    end = None if rng.random() < 0.1 else start + dt.timedelta(days=rng.randint(low, high) - 1)
    # Students have an employer only in a work placement (BBL); people without work have none.
    has_employer = group != "not_working" and (group != "student" or category == "work_placements")
    employer = rng.choice(ctx.employers) if has_employer else ""
    return {
        "measure": measure.code,
        "bsn": bsn if measure.individual_registration else "",
        "birth_date": birth,
        "start_date": start,
        "end_date": end,
        "target_group": group if ctx.with_target_group else "",
        "employer": employer,
    }


def _error_row(code: str, ctx: _Context, measure, last_valid: dict | None, dutch: bool) -> dict | None:
    """A row with exactly one error of kind ``code``; ``None`` when the plan cannot have it."""
    if code == "duplicate_in_file":
        return dict(last_valid) if last_valid and last_valid["bsn"] else None
    if code == "bsn_missing" and not measure.individual_registration:
        return None
    row = _person_row(ctx, measure)
    if code == "bsn_missing":
        row["bsn"] = ""
    elif code == "bsn_invalid":
        bsn = row["bsn"] or ctx.bsns()
        row["bsn"] = bsn[:8] + str((int(bsn[8]) + 1) % 10)
    elif code == "measure_unknown":
        row["measure"] = "ONBEKEND-99"
    elif code == "date_invalid":
        row["birth_date"] = "31-02-1980" if dutch else "1980-02-31"
    elif code == "birth_date_implausible":
        row["birth_date"] = _birth_date(row["start_date"], ctx.min_age - 3, ctx.rng)
    elif code == "start_outside_plan":
        age = age_on(row["birth_date"], row["start_date"])
        row["start_date"] = ctx.period[0] - dt.timedelta(days=400)
        row["birth_date"] = _birth_date(row["start_date"], age, ctx.rng)
        row["end_date"] = None
    elif code == "end_before_start":
        row["end_date"] = row["start_date"] - dt.timedelta(days=10)
    elif code == "target_group_invalid":
        row["target_group"] = "gepensioneerd"
    elif code == "employer_invalid":
        row["employer"] = "12345"
    return row


def _rows(ctx: _Context, counts: dict[str, int], errors_per_kind: int, style: _Style,
          injected: Counter) -> Iterator[dict]:
    measures = {m.code: m for m in ctx.plan.measures.all()}
    plan_measures = [measures[code] for code, n in counts.items() if n > 0]
    total = sum(counts.values())
    individual = [m for m in plan_measures if m.individual_registration] or plan_measures
    schedule: dict[int, list[str]] = {}
    if errors_per_kind and total:
        for code in ROW_ERROR_CODES:
            for _ in range(errors_per_kind):
                schedule.setdefault(ctx.rng.randrange(1, total + 1), []).append(code)
    i, last_valid = 0, None
    for code, n in counts.items():
        measure = measures[code]
        for _ in range(n):
            row = _person_row(ctx, measure)
            yield row
            last_valid = row
            i += 1
            for error in schedule.get(i, ()):
                bad = _error_row(error, ctx, ctx.rng.choice(individual), last_valid, style.dutch)
                if bad is not None:
                    injected[error] += 1
                    yield bad


def _context(plan: Plan, rng: random.Random, bsns: BsnSource, rows: int) -> _Context:
    rules = plan.scheme.rules
    return _Context(
        plan=plan, rng=rng, bsns=bsns, period=plan_period(plan),
        min_age=rules.participant_min_age, max_age=rules.participant_max_age, youth_max_age=rules.youth_max_age,
        with_target_group=rules.measure_structure != "trajectory",
        employers=_employer_pool(rng, max(5, rows // 25)),
    )


def _write_csv(path: Path, rows: Iterator[dict], style: _Style) -> int:
    n = 0
    with open(path, "w", encoding="utf-8-sig" if style.dutch else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";" if style.dutch else ",")
        writer.writerow(style.header)
        for r in rows:
            bsn = r["bsn"]
            if style.dutch and bsn.startswith("0") and len(bsn) == 9:
                bsn = bsn[1:]  # as Excel shows it: the importer pads it again
            writer.writerow([r["measure"], bsn, style.date(r["birth_date"]), style.date(r["start_date"]),
                             style.date(r["end_date"]), style.target_group(r["target_group"]), r["employer"]])
            n += 1
    return n


def _write_xlsx(path: Path, rows: Iterator[dict], style: _Style) -> int:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("deelnemers")
    date_format = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_row(0, 0, style.header)
    n = 0
    for n, r in enumerate(rows, start=1):
        ws.write_string(n, 0, r["measure"])
        ws.write_string(n, 1, r["bsn"])
        for col, key in ((2, "birth_date"), (3, "start_date"), (4, "end_date")):
            value = r[key]
            if isinstance(value, dt.date):
                ws.write_datetime(n, col, dt.datetime.combine(value, dt.time()), date_format)
            elif value:
                ws.write_string(n, col, value)
        ws.write_string(n, 5, style.target_group(r["target_group"]))
        ws.write_string(n, 6, r["employer"])
    wb.close()
    return n


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "plan"


def write_plan_upload(plan: Plan, out_dir: Path, *, rng: random.Random, bsns: BsnSource,
                      errors_per_kind: int = 0, fmt: str = "csv", counts: dict[str, int] | None = None,
                      dutch: bool | None = None, declared: Mapping[str, int | None] | None = None) -> dict:
    """Write one upload file for ``plan`` and return its manifest entry."""
    counts = measure_counts(plan, declared) if counts is None else counts
    style = _Style(dutch=rng.random() < 0.5 if dutch is None else dutch)
    ctx = _context(plan, rng, bsns, sum(counts.values()))
    injected: Counter = Counter()
    path = out_dir / f"{slug(plan.name)}.{fmt}"
    writer = _write_xlsx if fmt == "xlsx" else _write_csv
    rows = writer(path, _rows(ctx, counts, errors_per_kind, style, injected), style)
    entry = {
        "plan": plan.name, "plan_id": plan.id, "file": path.name, "format": fmt,
        "style": "nl" if style.dutch else "en", "rows": rows, "valid_rows": sum(counts.values()),
        "per_measure": counts, "errors": {code: injected[code] for code in ROW_ERROR_CODES},
    }
    if errors_per_kind:
        entry["column_missing_file"] = _write_column_missing(plan, out_dir, ctx, style)
    return entry


def _write_column_missing(plan: Plan, out_dir: Path, ctx: _Context, style: _Style) -> str:
    """A small file without the birth-date column: unusable as a whole (exit 2, column_missing)."""
    path = out_dir / f"{slug(plan.name)}-kolom-ontbreekt.csv"
    measure = plan.measures.order_by("code").first()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";" if style.dutch else ",")
        writer.writerow([h for c, h in zip(_FIELDS, style.header, strict=True) if c != "birth_date"])
        for _ in range(3 if measure else 0):
            r = _person_row(ctx, measure)
            writer.writerow([r["measure"], r["bsn"], style.date(r["start_date"]), style.date(r["end_date"]),
                             style.target_group(r["target_group"]), r["employer"]])
    return path.name


def generate(plans: list[Plan], out_dir: Path, *, seed: int = 1, errors_per_kind: int = 0,
             fmt: str = "csv", declared_of: Callable[[Plan], Mapping[str, int | None]] | None = None) -> dict:
    """One upload file per plan plus ``manifest.json``; returns the manifest. ``declared_of`` gives
    a plan's declared participants per measure (finance's ``declared_participants``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bsns = BsnSource(rng)
    files = [write_plan_upload(p, out_dir, rng=rng, bsns=bsns, errors_per_kind=errors_per_kind, fmt=fmt,
                               declared=declared_of(p) if declared_of else None)
             for p in plans]
    manifest = {
        "seed": seed, "errors_per_kind": errors_per_kind, "format": fmt, "files": files,
        "valid_rows": sum(f["valid_rows"] for f in files),
        "errors": {code: sum(f["errors"][code] for f in files) for code in ROW_ERROR_CODES},
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest
