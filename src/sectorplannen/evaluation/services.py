"""The evaluation's public Python interface: `run_evaluation` (used by `sectorplannen evaluate`).

Reads and checks the three files, computes every table in DuckDB, protects all of them, checks
that no suppressed cell can be recovered, and only then writes the outputs. Nothing in this app
imports from the rest of `sectorplannen`: the evaluator's side cannot reach the BSN vault.
"""

from __future__ import annotations

import datetime as dt
import importlib
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

try:  # optional: keeps OpenBLAS on one thread for the many small matrices of the disclosure check
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - works without, only slower
    threadpool_limits = None

from sectorplannen.common.dates import DateError, parse_input_date

from .definitions import (
    DIMENSIONS,
    DISCLOSURE_THRESHOLD,
    DOMINANCE_LIMIT,
    TABLES,
)
from .disclosure import DisclosureError, protect, recoverable_cells
from .engine import ENGINES, duckdb_connection, open_engine
from .extract import Extract, FileSummary, InputError, read_extract
from .indicators import register_ages, write_indicators
from .pipeline import Outcomes, compute_outcomes

__all__ = ["EvaluationResult", "InputError", "PublishedCell", "STAGES", "run_evaluation", "parse_date"]

#: The stages of ``run_evaluation`` in order, as ``on_stage`` reports them.
STAGES = ("read_and_check", "pipeline", "disclosure", "write")


@dataclass(frozen=True)
class PublishedCell:
    """One row of an output table, after disclosure control (what is written)."""

    table: str
    measurement_date: dt.date
    dimension: str
    group: str
    outcome: str
    n: int | None
    share: float | None
    suppressed: bool
    group_total: int | None  # the group's size when it is published (a non-zero cell is shown), else None


@dataclass(frozen=True)
class DominanceRow:
    measurement_date: dt.date
    dimension: str
    group: str
    units: int
    plans: int
    top_units: int
    suppressed: bool

    @property
    def share(self) -> float:
        return self.top_units / self.units if self.units else 0.0

    @property
    def dominant(self) -> bool:
        return self.share > DOMINANCE_LIMIT


@dataclass(frozen=True)
class LogEntry:
    measurement_date: dt.date
    table: str
    dimension: str
    group: str
    outcome: str
    reason: str


@dataclass
class EvaluationResult:
    exit_code: int
    out_dir: Path
    dates: list[dt.date]
    units: int
    summaries: list[FileSummary]
    rejected: int
    rejection_examples: list[tuple]
    cells: list[PublishedCell]
    dominance: list[DominanceRow]
    log: list[LogEntry]
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def table(self, name: str) -> list[PublishedCell]:
        return [c for c in self.cells if c.table == name]

    def summary_lines(self) -> list[str]:
        """Dutch lines for the terminal: what was read, rejected and written."""
        lines = []
        for s in self.summaries:
            line = (f"{s.label}: {s.rows_read} regels gelezen, {s.rows_accepted} gebruikt, "
                    f"{s.rows_rejected} afgewezen")
            if s.problems:
                line += " (" + ", ".join(f"{code}: {count}" for code, count in s.problems.items()) + ")"
            if s.unlinked_rows:
                line += f"; {s.unlinked_rows} regels van personen die geen deelnemer zijn (niet gebruikt)"
            lines.append(line)
        lines.append(f"{self.units} eenheden (deelnemer × plan × thema), meetmomenten: "
                     + ", ".join(d.isoformat() for d in self.dates))
        suppressed = sum(1 for c in self.cells if c.suppressed)
        lines.append(f"{len(self.cells)} cellen, waarvan {suppressed} onderdrukt; uitvoer in {self.out_dir}")
        return lines


def parse_date(value: str | dt.date) -> dt.date:
    """A measurement date: a date, or text as ISO `YYYY-MM-DD` or Dutch `DD-MM-YYYY`."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return parse_input_date(text, short_day_month=True)
    except DateError:
        raise InputError(f"meetmoment is geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ): {text!r}") from None


def publish(outcomes: Outcomes, threshold: int = DISCLOSURE_THRESHOLD
            ) -> tuple[list[PublishedCell], list[DominanceRow], list[LogEntry]]:
    """Disclosure control of every table and measurement date; raises if a cell stays recoverable."""
    cells_out: list[PublishedCell] = []
    log: list[LogEntry] = []
    for d in outcomes.dates:
        cells = outcomes.cells[d]
        suppressed = protect(cells, outcomes.atoms[d], threshold)
        left = recoverable_cells(cells, suppressed, outcomes.atoms[d])
        if left:
            raise DisclosureError(f"{len(left)} suppressed cells can be recovered on {d}: {left[:5]}")
        totals: dict[tuple, int] = {}
        shown: set[tuple] = set()  # groups whose size is published (they show a non-zero cell)
        for c in cells:
            totals[c.group_key] = totals.get(c.group_key, 0) + c.n
            if c.n > 0 and c.key not in suppressed:
                shown.add(c.group_key)
        for c in cells:
            total = totals[c.group_key]
            hidden = c.key in suppressed
            cells_out.append(PublishedCell(
                table=c.table, measurement_date=d, dimension=c.dimension, group=c.group, outcome=c.outcome,
                n=None if hidden else c.n,
                share=None if hidden else (c.n / total if total else 0.0),
                suppressed=hidden,
                group_total=total if c.group_key in shown else None,
            ))
        for key, reason in suppressed.items():
            log.append(LogEntry(d, *key, reason))
    dominance: list[DominanceRow] = []
    for d in outcomes.dates:
        for dimension, group, units, plans, top in outcomes.dominance:
            hidden = units < threshold or 0 < top < threshold
            dominance.append(DominanceRow(d, dimension, group, units, plans, top, hidden))
            if hidden:
                log.append(LogEntry(d, "dominance", dimension, group, "drie_grootste_plannen",
                                    "small_group" if units < threshold else "small_cell"))
    order = _sort_key
    cells_out.sort(key=lambda c: (c.measurement_date, [t.name for t in TABLES].index(c.table),
                                  *order(c.dimension, c.group), _outcome_rank(c.table, c.outcome)))
    dominance.sort(key=lambda r: (r.measurement_date, *order(r.dimension, r.group)))
    log.sort(key=lambda e: (e.measurement_date, e.table, *order(e.dimension, e.group), e.outcome))
    return cells_out, dominance, log


def _outcome_rank(table: str, outcome: str) -> int:
    spec = next(t for t in TABLES if t.name == table)
    return spec.outcomes.index(outcome)


_GROUP_ORDER = [
    "total", "1", "2", "1-2", "3", "mobility", "career_check", "training", "work_placements", "health", "other",
    "work_same_occupation", "work_other_occupation", "ww_to_work", "other_to_work", "working_in_sector",
    "working_other_sector", "student", "not_working", "social_assistance", "occupational_disability",
    "sectoral", "regional",
]


def _group_rank(group: str) -> tuple:
    parts = group.split("|")
    return tuple((_GROUP_ORDER.index(p), "") if p in _GROUP_ORDER else (len(_GROUP_ORDER), p) for p in parts)


def _sort_key(dimension: str, group: str) -> tuple:
    return (DIMENSIONS.index(dimension) if dimension in DIMENSIONS else len(DIMENSIONS), _group_rank(group))


def run_evaluation(participants: Path | str, jobs: Path | str, benefits: Path | str,
                   dates: Iterable[str | dt.date], out_dir: Path | str, *,
                   threads: int | None = None, memory_limit: str | None = None,
                   temp_directory: str | None = None, engine: str = "duckdb", on_stage=None) -> EvaluationResult:
    """Compute, protect and write every output of formats.md §6 into `out_dir`.

    Returns the result with `exit_code` 0, or 1 when some input rows were rejected (the outputs are
    then computed from the valid rows and `rejected_rows.csv` lists the rejections). Raises
    `InputError` for unusable input (exit code 2): nothing is written then. `engine` says where
    the register is read (engine.py): `duckdb` (embedded) or `spark`; the outputs are the same.
    `on_stage(name)`, when given, is called as each of the STAGES begins (a job's progress; an
    exception it raises stops the run before anything is written).
    """
    stage = on_stage or (lambda name: None)
    # matplotlib (for the charts) takes a second to import: do that while DuckDB works.
    loader = threading.Thread(target=importlib.import_module, args=(f"{__package__}.outputs",), daemon=True)
    loader.start()
    timings: dict[str, float] = {}
    start = time.perf_counter()
    if engine not in ENGINES:
        raise InputError(f"onbekende engine {engine!r}; kies uit: {', '.join(ENGINES)}")
    date_list = sorted({parse_date(d) for d in dates})
    if not date_list:
        raise InputError("geef ten minste één meetmoment (--date)")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"uitvoermap is een bestand: {out_dir}")
    con = duckdb_connection(threads, memory_limit, temp_directory)
    runner = None
    try:
        stage("read_and_check")
        runner = open_engine(engine, con)
        extract: Extract = read_extract(participants, jobs, benefits, engine=runner)
        timings["read_and_check"] = time.perf_counter() - start
        mark = time.perf_counter()
        stage("pipeline")
        register_ages(extract)  # the age column of the indicators (indicators.py)
        outcomes = compute_outcomes(con, date_list, runner)
        timings["pipeline"] = time.perf_counter() - mark
        mark = time.perf_counter()
        stage("disclosure")
        if threadpool_limits is not None:
            with threadpool_limits(1, user_api="blas"):
                cells, dominance, log = publish(outcomes)
        else:
            cells, dominance, log = publish(outcomes)
        timings["disclosure"] = time.perf_counter() - mark
        result = EvaluationResult(
            exit_code=1 if extract.rejected else 0, out_dir=out_dir, dates=date_list, units=outcomes.units,
            summaries=extract.summaries, rejected=extract.rejected,
            rejection_examples=extract.rejection_rows(limit=20), cells=cells, dominance=dominance, log=log,
            timings=timings,
        )
        mark = time.perf_counter()
        stage("write")
        loader.join()
        from . import outputs

        result.files = outputs.write_all(result, extract)
        result.files += write_indicators(con, out_dir)  # beside the §6 tables (indicators.py)
        timings["write"] = time.perf_counter() - mark
    finally:
        if runner is not None:
            runner.close()
        con.close()
    timings["total"] = time.perf_counter() - start
    return result

