"""Reading the inputs of the net-effect estimate (formats.md §8).

The participants, jobs and benefits files are read and checked exactly as for §6 (`extract`); the
comparison group `vergelijkingsgroep.csv` (`pseudonym, birth_year`) gets the same kind of checks:
a valid pseudonym, a birth year, no duplicate rows, no malformed lines. Beyond that:

- a pseudonym that is both a participant and a comparison person is an error in the comparison file
  (code `also_participant`): such a person cannot be their own counterfactual, so the row is not
  used and the command exits 1;
- the same pseudonym twice in the comparison file with different birth years (`pseudonym_repeated`);
- §8 needs the participants' `birth_year`: a participants file without that column is unusable for
  this command (exit 2), a row without a value is rejected (`value_missing`).

Every rejection goes into the same `rejections` table as the §6 checks, without personal values.
The checks run on the engine, as those of §6 (`engine_checks`, ADR 023).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from . import engine_checks as checks
from .engine import Engine
from .extract import (
        Extract,
    FileSpec,
    FileSummary,
    InputError,
    _malformed,
    counts,
    file_summary,
    read_extract,
    record_rejections,
)
from .extract_files import _is_parquet, _normalise_name, parquet_files
from .extract_stage import open_source, stage

COMPARISON = FileSpec("comparison", "vergelijkingsgroep", ("pseudonym", "birth_year"))
COMPARISON_ORDER = 3  # the rejection report lists the comparison file after the register's files

MESSAGES = {
    "also_participant": "pseudoniem staat ook in het deelnemersbestand; een deelnemer kan geen "
                        "vergelijkingspersoon zijn",
    "pseudonym_repeated": "pseudoniem staat eerder in het bestand met een ander geboortejaar",
}
MISSING_BIRTH_YEAR_ORDER = 50  # after the §4 rules of the participants file


def read_effect_inputs(participants: Path | str, comparison: Path | str, jobs: Path | str,
                       benefits: Path | str, con: duckdb.DuckDBPyConnection | None = None,
                       engine: Engine | None = None) -> Extract:
    """Read and check the four files; the valid rows become tables `participants`, `comparison`,
    `jobs`, `benefits` of `engine` (default: DuckDB on `con`). Raises `InputError` for unusable
    input (nothing computed then)."""
    if not _has_column(participants, "birth_year"):
        raise InputError("deelnemers: de kolom birth_year ontbreekt; de netto-effecten (formats §8) hebben het "
                         "geboortejaar nodig voor de leeftijdsklassen (linkage export schrijft het mee)")
    source = open_source(comparison, COMPARISON)  # unusable: fail before the big reads
    extract = read_extract(participants, jobs, benefits, con, engine)
    engine = extract.engine
    _reject_missing_birth_year(engine, extract.summaries[0])
    summary = _check_comparison(engine, source)
    summaries = [extract.summaries[0], summary, *extract.summaries[1:]]
    people = ibis.union(engine.table("participants").select("pseudonym"),
                        engine.table("comparison").select("pseudonym"))
    unlinked = counts(engine, **{kind: checks.unlinked(engine.table(kind), people) for kind in ("jobs", "benefits")})
    summaries[2].unlinked_rows, summaries[3].unlinked_rows = unlinked["jobs"], unlinked["benefits"]
    rejected = extract.con.execute("SELECT count(*) FROM rejections").fetchall()[0][0]
    return Extract(con=extract.con, summaries=summaries, rejected=rejected, engine=engine, raw=extract.raw)


def _has_column(path: Path | str, name: str) -> bool:
    """Whether a CSV header or Parquet schema has column `name` (without reading the rows)."""
    path = Path(path)
    if not path.is_file() and not path.is_dir():
        return True  # the reader reports the missing file
    try:
        if _is_parquet(path):
            names = pq.read_schema(parquet_files(path)[0]).names
        else:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                header = fh.readline()
            names = header.rstrip("\r\n").split(";" if header.count(";") > header.count(",") else ",")
    except (OSError, UnicodeDecodeError, pa.ArrowException, InputError):
        return True  # unreadable: the reader says so with its own message
    return name in {_normalise_name(n.strip('"')) for n in names}


def _reject_missing_birth_year(engine: Engine, summary: FileSummary) -> None:
    people = engine.table("participants")
    missing = people.filter(people.birth_year.isnull())
    record_rejections(engine, 0, "deelnemers", {MISSING_BIRTH_YEAR_ORDER: "birth_year"}, missing.select(
        "_row", col_order=ibis.literal(MISSING_BIRTH_YEAR_ORDER, "int32"), code=ibis.literal("value_missing")))
    new = engine.con.execute("SELECT count(*) FROM rejections WHERE file_order = 0 AND col_order = ?",
                             [MISSING_BIRTH_YEAR_ORDER]).fetchall()[0][0]
    if new:
        summary.rows_rejected += new
        summary.problems = dict(sorted({**summary.problems,
                                        "value_missing": summary.problems.get("value_missing", 0) + new}.items()))


def _check_comparison(engine: Engine, source) -> FileSummary:
    """The row rules (`engine_checks.checked`), then among the rows that pass them: repeats (an
    identical row, or the same pseudonym with another birth year: both after the first occurrence)
    and pseudonyms that are also participants."""
    staged = stage(source, engine.staging / "input_comparison.parquet")
    rows = engine.store(checks.checked(engine.read_parquet(staged.parquet), "comparison"))
    bad = engine.materialize(rows.filter(~rows.ok))
    good = rows.filter(rows.ok).select("_row", "pseudonym", "birth_year")
    status = engine.store(checks.comparison_status(good, engine.table("participants")))
    engine.define("comparison", status.filter(status.code.isnull()).select(*checks.OUTPUT["comparison"]))
    refused = status.filter(status.code.notnull())
    records = ibis.union(checks.problems(bad, "comparison"),
                         refused.select("_row", col_order=ibis.literal(0, "int32"), code="code"),
                         _malformed(engine, staged.malformed))
    record_rejections(engine, COMPARISON_ORDER, COMPARISON.label, dict(enumerate(checks.COLUMNS["comparison"])),
                      records, MESSAGES)
    return file_summary(engine.con, staged, COMPARISON_ORDER)
