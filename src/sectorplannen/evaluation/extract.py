"""Reading and checking the evaluator's three input files (formats.md §4 and §5).

Every file is opened and its columns checked first (an unusable invocation is reported before any
expensive work), then staged as text Parquet batch by batch (`extract_stage`: every column a
string, so that nothing is silently coerced) and typed and checked on the engine, DuckDB or Spark
(`engine_checks`, ADR 023): every rule gives a rejection code or NULL per row. A row that breaks a
rule is rejected with a (file, row, column, code) record; the valid rows become the engine's tables
`participants`, `jobs`, `benefits` that the pipeline reads. Only counts and the rejection records
come to this process (the records into the DuckDB table `rejections`). The rejection report never
repeats a pseudonym, a date or any other personal value: only where the problem is and what kind it is.

Unusable input (a missing file, a file that is not CSV/Parquet, missing columns) raises
`InputError`; the caller then writes nothing (exit code 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import ibis
import pyarrow as pa

from . import engine_checks as checks
from .definitions import BENEFIT_TYPES, CONTRACTS
from .engine import Engine
from .extract_files import BENEFITS, JOBS, PARTICIPANTS, FileSpec, InputError, read_text_table
from .extract_stage import Staged, open_source, stage

__all__ = ["BENEFITS", "JOBS", "PARTICIPANTS", "Extract", "FileSpec", "FileSummary", "InputError", "read_extract",
           "read_text_table"]


#: Dutch messages per rejection code (the report is read by people).
MESSAGES = {
    "pseudonym_invalid": "pseudoniem is geen 64 hexadecimale tekens",
    "value_missing": "verplichte waarde ontbreekt",
    "date_invalid": "geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ)",
    "end_before_start": "einddatum ligt voor de startdatum",
    "contract_unknown": "onbekende contractvorm (toegestaan: " + ", ".join(CONTRACTS) + ")",
    "benefit_type_unknown": "onbekend type uitkering (toegestaan: " + ", ".join(BENEFIT_TYPES) + ")",
    "hours_invalid": "uren per week is geen getal tussen 0 en 168",
    "duplicate_row": "dubbele regel: dezelfde regel staat eerder in het bestand",
    "row_malformed": "regel heeft een ander aantal kolommen dan de kop",
    "birth_year_invalid": "geboortejaar is geen jaartal tussen 1900 en 2100",
}


@dataclass
class FileSummary:
    """What was read from one file and what was rejected, per reason."""

    label: str
    path: str
    format: str
    rows_read: int = 0
    rows_rejected: int = 0
    problems: dict[str, int] = field(default_factory=dict)
    unlinked_rows: int = 0  # valid extract rows whose pseudonym is not a participant (not an error)

    @property
    def rows_accepted(self) -> int:
        return self.rows_read - self.rows_rejected


@dataclass
class Extract:
    """The checked inputs: tables `participants`, `jobs`, `benefits` of `engine`; the rejection
    records in the DuckDB table `rejections` of `con`."""

    con: duckdb.DuckDBPyConnection
    summaries: list[FileSummary]
    rejected: int  # number of rejection records (table `rejections` in `con`)
    engine: Engine | None = None
    raw: dict[str, ibis.Table] = field(default_factory=dict)  # the staged text tables, by kind

    def rejection_rows(self, limit: int | None = None) -> list[tuple]:
        sql = "SELECT file, row, col, code, message FROM rejections ORDER BY file_order, row, col_order"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql).fetchall()


MALFORMED_ORDER, DUPLICATE_ORDER = -1, 99


def _malformed(engine: Engine, rows: list[int]) -> ibis.Table:
    return engine.small_table(pa.table({"_row": pa.array(rows, pa.int64()),
                                        "col_order": pa.array([MALFORMED_ORDER] * len(rows), pa.int32()),
                                        "code": pa.array(["row_malformed"] * len(rows), pa.string())}))


def record_rejections(engine: Engine, file_order: int, label: str, columns: dict[int, str],
                      records: ibis.Table, messages: dict[str, str] | None = None) -> None:
    """Add `records` (`_row`, `col_order`, `code`) of one file to the table `rejections` of `engine.con`."""
    con = engine.con
    con.execute("CREATE TEMP TABLE IF NOT EXISTS rejection_codes (row BIGINT, col_order INTEGER, code VARCHAR)")
    engine.insert("rejection_codes", records.select(row=records["_row"].cast("int64"),
                                                    col_order=records.col_order.cast("int32"), code=records.code))
    column_case = "CASE col_order " + " ".join(f"WHEN {i} THEN '{c}'" for i, c in columns.items()) + " END"
    message_case = "CASE code " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in {**MESSAGES, **(messages or {})}
                                           .items()) + " END"
    con.execute(f"""
        INSERT INTO rejections
        SELECT '{label}', {file_order}, row, coalesce({column_case}, ''), col_order, code, {message_case}
        FROM rejection_codes
    """)
    con.execute("DELETE FROM rejection_codes")


def file_summary(con: duckdb.DuckDBPyConnection, staged: Staged, file_order: int) -> FileSummary:
    codes = con.execute("SELECT code, count(*) FROM rejections WHERE file_order = ? GROUP BY code",
                        [file_order]).fetchall()
    rejected_rows = con.execute("SELECT count(DISTINCT row) FROM rejections WHERE file_order = ?",
                                [file_order]).fetchall()[0][0]
    return FileSummary(label=staged.source.spec.label, path=str(staged.source.path), format=staged.source.format,
                       rows_read=staged.rows + len(staged.malformed), rows_rejected=rejected_rows,
                       problems=dict(sorted(codes)))


def check_file(engine: Engine, staged: Staged, file_order: int) -> tuple[FileSummary, ibis.Table]:
    """Type and check one staged file on the engine; its valid rows become table `kind` there.

    One pass stores the typed rows with their codes; the rejected rows and the duplicates (among
    the otherwise valid rows, `engine_checks.duplicates`) are small and kept apart."""
    kind = staged.source.spec.kind
    raw = engine.read_parquet(staged.parquet)
    rows = engine.store(checks.checked(raw, kind))
    bad = engine.materialize(rows.filter(~rows.ok))
    good = rows.filter(rows.ok)
    repeated = engine.materialize(checks.duplicates(good, kind))
    valid = good.anti_join(repeated, good["_row"] == repeated["_row"])
    engine.define(kind, valid.select(*checks.OUTPUT[kind]))
    records = ibis.union(
        checks.problems(bad, kind),
        repeated.select("_row", col_order=ibis.literal(DUPLICATE_ORDER, "int32"),
                        code=ibis.literal("duplicate_row")),
        _malformed(engine, staged.malformed))
    record_rejections(engine, file_order, staged.source.spec.label, dict(enumerate(checks.COLUMNS[kind])), records)
    return file_summary(engine.con, staged, file_order), raw


def counts(engine: Engine, **values: ibis.Value) -> dict[str, int]:
    """Several counts of the engine in one query (one job on Spark)."""
    names = list(values)
    table = values[names[0]].name(names[0]).as_table()
    for name in names[1:]:
        table = table.cross_join(values[name].name(name).as_table())
    row = engine.collect(table).to_pylist()[0]
    return {name: int(row[name]) for name in names}


def read_extract(participants: Path | str, jobs: Path | str, benefits: Path | str,
                 con: duckdb.DuckDBPyConnection | None = None, engine: Engine | None = None) -> Extract:
    """Read and check the three files on `engine` (default: DuckDB on `con`). Raises InputError
    when any of them is unusable.

    All three are opened and their columns checked before any row is read, so that an unusable
    invocation is reported without doing the expensive work first.
    """
    specs = ((PARTICIPANTS, participants), (JOBS, jobs), (BENEFITS, benefits))
    sources = [open_source(path, spec) for spec, path in specs]
    if engine is None:
        con = con or duckdb.connect()
        engine = Engine(con)
    con = engine.con
    con.execute("SET enable_progress_bar = false")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE rejections (file VARCHAR, file_order INTEGER, row BIGINT, col VARCHAR,
                                                 col_order INTEGER, code VARCHAR, message VARCHAR)
    """)
    summaries, raw = [], {}
    for order, source in enumerate(sources):
        staged = stage(source, engine.staging / f"input_{source.spec.kind}.parquet")
        summary, raw[source.spec.kind] = check_file(engine, staged, order)
        summaries.append(summary)
    people = engine.table("participants")
    unlinked = counts(engine, **{kind: checks.unlinked(engine.table(kind), people) for kind in ("jobs", "benefits")})
    summaries[1].unlinked_rows, summaries[2].unlinked_rows = unlinked["jobs"], unlinked["benefits"]
    rejected = con.execute("SELECT count(*) FROM rejections").fetchall()[0][0]
    return Extract(con=con, summaries=summaries, rejected=rejected, engine=engine, raw=raw)
