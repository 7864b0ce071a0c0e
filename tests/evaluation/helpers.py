"""Building small input files for the evaluation tests (no database, no BSN: pseudonyms only)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb

from sectorplannen.evaluation.extract import read_extract
from sectorplannen.evaluation.pipeline import compute_outcomes

PARTICIPANT_COLUMNS = ["pseudonym", "plan", "tranche", "plan_kind", "plan_sectors", "category", "measure",
                       "measure_type", "target_group", "age_at_start", "start_date", "end_date"]
JOB_COLUMNS = ["pseudonym", "employer", "sector", "start_date", "end_date", "contract", "hours_per_week"]
BENEFIT_COLUMNS = ["pseudonym", "type", "start_date", "end_date"]
D = dt.date(2019, 5, 31)


def pid(i: int) -> str:
    """A valid pseudonym (64 lowercase hex characters) for person i."""
    return f"{i:064x}"


def participant(i: int, *, plan: str = "Bouw", tranche: str = "1-2", plan_kind: str = "sectoral",
                plan_sectors: str = "Bouw", category: str = "training", measure: str = "M01",
                measure_type: str = "general_training", target_group: str = "working_in_sector",
                start: str = "2015-03-01", end: str = "") -> dict:
    return {"pseudonym": pid(i), "plan": plan, "tranche": tranche, "plan_kind": plan_kind,
            "plan_sectors": plan_sectors, "category": category, "measure": measure,
            "measure_type": measure_type, "target_group": target_group, "age_at_start": "40",
            "start_date": start, "end_date": end}


def job(i: int, *, employer: str = "E1", sector: str = "Bouw", start: str = "2010-01-01", end: str = "",
        contract: str = "vast", hours: str = "38") -> dict:
    return {"pseudonym": pid(i), "employer": employer, "sector": sector, "start_date": start, "end_date": end,
            "contract": contract, "hours_per_week": hours}


def benefit(i: int, kind: str = "WW", start: str = "2019-01-01", end: str = "") -> dict:
    return {"pseudonym": pid(i), "type": kind, "start_date": start, "end_date": end}


def write_csv(path: Path, columns: list[str], rows: list[dict], delimiter: str = ",", bom: bool = False) -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_inputs(folder: Path, participants: list[dict], jobs: list[dict], benefits: list[dict]) -> tuple[Path, ...]:
    folder.mkdir(parents=True, exist_ok=True)
    return (write_csv(folder / "deelnemers.csv", PARTICIPANT_COLUMNS, participants),
            write_csv(folder / "banen.csv", JOB_COLUMNS, jobs),
            write_csv(folder / "uitkeringen.csv", BENEFIT_COLUMNS, benefits))


def counts(folder: Path, participants: list[dict], jobs: list[dict], benefits: list[dict],
           dates: list[dt.date] = (D,)) -> dict[tuple, int]:
    """Unprotected counts {(table, date, dimension, group, outcome): n} for hand-built inputs."""
    paths = write_inputs(folder, participants, jobs, benefits)
    con = duckdb.connect()
    extract = read_extract(*paths, con)
    outcomes = compute_outcomes(con, list(dates), extract.engine)
    extract.engine.close()
    con.close()
    return {(c.table, d, c.dimension, c.group, c.outcome): c.n for d in outcomes.dates for c in outcomes.cells[d]}


def total(result: dict, table: str, outcome: str, date: dt.date = D) -> int:
    """The count of `outcome` in the total group of `table` (0 when the table has no units)."""
    return result.get((table, date, "total", "total", outcome), 0)
