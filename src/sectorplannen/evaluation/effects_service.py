"""`run_effects`: the net effects of formats.md §8 (used by `sectorplannen effects`).

Reads and checks the four files, builds the monthly panel in DuckDB, estimates `matched_did` for
every outcome, dimension, group and event month (and the staggered difference-in-differences rows),
applies disclosure control to every output and only then writes the files. Like the rest of this
app it imports nothing of the project but `common`-free helpers of its own: the evaluator's side
never reaches the BSN vault or a Django model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .definitions import DISCLOSURE_THRESHOLD
from .effects_estimate import Z95, Estimates, estimate, mde
from .effects_input import read_effect_inputs
from .effects_panel import OUTCOMES, build_panel
from .engine import ENGINES, duckdb_connection, open_engine
from .extract import FileSummary, InputError

__all__ = ["EffectRow", "EffectsResult", "InputError", "MDE_MONTH", "run_effects"]

MDE_MONTH = 24
MATCHED_DID = "matched_did"


@dataclass(frozen=True)
class EffectRow:
    method: str
    outcome: str
    dimension: str
    group: str
    event_month: int
    att: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    n_treated: int | None
    n_comparison: int | None
    suppressed: bool


@dataclass(frozen=True)
class LogEntry:
    file: str
    method: str
    outcome: str
    dimension: str
    group: str
    item: str  # event month, covariate level, or the support column
    reason: str


@dataclass
class EffectsResult:
    exit_code: int
    out_dir: Path
    horizon: int
    summaries: list[FileSummary]
    rejected: int
    rejection_examples: list[tuple]
    effects: list[EffectRow]
    balance: list[dict]
    support: list[dict]
    mde: list[dict]
    log: list[LogEntry]
    estimates: Estimates | None = None  # unprotected: for tests and the independent check only
    files: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def rows(self, method: str = MATCHED_DID, outcome: str = "werknemer", dimension: str = "total",
             group: str = "total") -> list[EffectRow]:
        return [r for r in self.effects if (r.method, r.outcome, r.dimension, r.group) == (method, outcome,
                                                                                         dimension, group)]

    def summary_lines(self) -> list[str]:
        lines = []
        for s in self.summaries:
            line = f"{s.label}: {s.rows_read} regels gelezen, {s.rows_accepted} gebruikt, {s.rows_rejected} afgewezen"
            if s.problems:
                line += " (" + ", ".join(f"{code}: {count}" for code, count in s.problems.items()) + ")"
            lines.append(line)
        total = next((r for r in self.support if r["dimension"] == "total"), None)
        if total:
            lines.append(f"deelnemers: {total['treated']}, gekoppeld aan vergelijkingspersonen: "
                         f"{total['matched'] if total['matched'] is not None else 'onderdrukt'}")
        suppressed = sum(1 for r in self.effects if r.suppressed)
        lines.append(f"{len(self.effects)} schattingen, waarvan {suppressed} onderdrukt; uitvoer in {self.out_dir}")
        lines.extend(self.notes)
        return lines


def protect_estimates(est: Estimates, method: str = MATCHED_DID, threshold: int = DISCLOSURE_THRESHOLD
                      ) -> tuple[list[EffectRow], list[LogEntry]]:
    """One row per outcome, group and event month; fewer than `threshold` treated or comparison
    persons: the row keeps only its labels (and is logged once per group and outcome)."""
    rows, log = [], []
    for g, (dimension, group) in enumerate(est.groups):
        nt, nc = int(est.n_treated[g]), int(est.n_comparison[g])
        reason = ("few_treated" if nt < threshold else "few_comparison" if nc < threshold else None)
        for o, outcome in enumerate(OUTCOMES):
            if reason:
                log.append(LogEntry("effects.csv", method, outcome, dimension, group, "alle maanden", reason))
            for k, month in enumerate(est.event_months):
                if reason:
                    rows.append(EffectRow(method, outcome, dimension, group, int(month), None, None, None, None,
                                          None, None, True))
                    continue
                att, se = float(est.att[g, k, o]), float(est.se[g, k, o])
                rows.append(EffectRow(method, outcome, dimension, group, int(month), att, se, att - Z95 * se,
                                      att + Z95 * se, nt, nc, False))
    return rows, log


def _support(est: Estimates, threshold: int) -> tuple[list[dict], list[LogEntry]]:
    """Treated in total, matched and left out per group; a small matched or left-out count hides both
    (either follows from the other and the total)."""
    rows, log = [], []
    for g, (dimension, group) in enumerate(est.groups):
        total, matched = int(est.n_total[g]), int(est.n_treated[g])
        left = total - matched
        hide_all = 0 < total < threshold
        hide = hide_all or 0 < matched < threshold or 0 < left < threshold
        rows.append({"dimension": dimension, "group": group, "treated": None if hide_all else total,
                     "matched": None if hide else matched, "left_out": None if hide else left,
                     "share_matched": None if hide else (matched / total if total else 0.0), "suppressed": hide})
        if hide:
            log.append(LogEntry("support.csv", "", "", dimension, group, "matched/left_out",
                                "small_group" if hide_all else "small_cell"))
    return rows, log


def _balance(est: Estimates, threshold: int) -> tuple[list[dict], list[LogEntry]]:
    rows, log = [], []
    for b in est.balance:
        row = {k: b[k] for k in ("covariate", "level", "share_treated", "share_comparison_raw",
                                 "share_comparison_matched", "smd_raw", "smd_matched")}
        if 0 < b["n_treated"] < threshold:
            row.update(share_treated=None, share_comparison_matched=None, smd_raw=None, smd_matched=None)
            log.append(LogEntry("balance.csv", "", "", "total", "total", f"{b['covariate']}={b['level']}",
                                "small_cell"))
        if 0 < b["n_comparison"] < threshold:
            row.update(share_comparison_raw=None, smd_raw=None)
            log.append(LogEntry("balance.csv", "", "", "total", "total", f"{b['covariate']}={b['level']} (raw)",
                                "small_cell"))
        rows.append(row)
    return rows, log


def _mde(effects: list[EffectRow], horizon: int) -> list[dict]:
    month = min(MDE_MONTH, horizon)
    return [{"outcome": r.outcome, "dimension": r.dimension, "group": r.group, "event_month": month,
             "se": r.se, "mde": None if r.se is None else mde(r.se), "n_treated": r.n_treated,
             "n_comparison": r.n_comparison, "suppressed": r.suppressed}
            for r in effects if r.method == MATCHED_DID and r.event_month == month]


def run_effects(participants: Path | str, comparison: Path | str, jobs: Path | str, benefits: Path | str,
                out_dir: Path | str, *, horizon: int = 36, staggered: bool = True,
                staggered_max_persons: int | None = None, threads: int | None = None,
                memory_limit: str | None = None, temp_directory: str | None = None,
                threshold: int = DISCLOSURE_THRESHOLD, engine: str = "duckdb") -> EffectsResult:
    """Compute, protect and write every output of formats.md §8 into `out_dir`.

    `exit_code` is 0, or 1 when input rows were rejected (the estimate then uses the valid rows).
    Raises `InputError` for unusable input: nothing is written then. `engine` says where the
    register is read (engine.py): `duckdb` (embedded) or `spark`; the outputs are the same.
    """
    if engine not in ENGINES:
        raise InputError(f"onbekende engine {engine!r}; kies uit: {', '.join(ENGINES)}")
    if not 1 <= horizon <= 120:
        raise InputError(f"horizon moet tussen 1 en 120 maanden liggen, niet {horizon}")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"uitvoermap is een bestand: {out_dir}")
    timings: dict[str, float] = {}
    start = time.perf_counter()
    con = duckdb_connection(threads, memory_limit, temp_directory)
    runner = None
    try:
        runner = open_engine(engine, con)
        extract = read_effect_inputs(participants, comparison, jobs, benefits, engine=runner)
        timings["read_and_check"] = time.perf_counter() - start
        mark = time.perf_counter()
        panel = build_panel(con, horizon, engine=runner)
        timings["panel"] = time.perf_counter() - mark
        if panel.n_treated == 0:
            raise InputError("deelnemers: geen enkele bruikbare deelnemer (met startdatum en geboortejaar)")
        mark = time.perf_counter()
        est = estimate(panel)
        timings["matched_did"] = time.perf_counter() - mark
        effects, log = protect_estimates(est, threshold=threshold)
        notes: list[str] = []
        if staggered:
            mark = time.perf_counter()
            from .effects_staggered import MAX_PERSONS, staggered_rows

            extra, extra_log, note = staggered_rows(panel, threshold=threshold,
                                                    max_persons=staggered_max_persons or MAX_PERSONS)
            effects += extra
            log += extra_log
            if note:
                notes.append(note)
            timings["staggered_did"] = time.perf_counter() - mark
        support, support_log = _support(est, threshold)
        balance, balance_log = _balance(est, threshold)
        result = EffectsResult(
            exit_code=1 if extract.rejected else 0, out_dir=out_dir, horizon=horizon, summaries=extract.summaries,
            rejected=extract.rejected, rejection_examples=extract.rejection_rows(limit=20), effects=effects,
            balance=balance, support=support, mde=_mde(effects, horizon), log=log + support_log + balance_log,
            estimates=est, timings=timings, notes=notes,
        )
        mark = time.perf_counter()
        from .effects_outputs import write_all

        result.files = write_all(result, extract)
        timings["write"] = time.perf_counter() - mark
    finally:
        if runner is not None:
            runner.close()
        con.close()
    timings["total"] = time.perf_counter() - start
    return result


def att_array(result: EffectsResult, method: str, outcome: str, dimension: str, group: str) -> np.ndarray:
    """(event_month, att, ci_low, ci_high) of the published rows of one series (NaN where suppressed)."""
    rows = result.rows(method, outcome, dimension, group)
    return np.array([(r.event_month, np.nan if r.att is None else r.att, np.nan if r.ci_low is None else r.ci_low,
                      np.nan if r.ci_high is None else r.ci_high) for r in rows], dtype=float).reshape(-1, 4)
