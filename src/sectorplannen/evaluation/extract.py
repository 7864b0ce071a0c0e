"""Reading and checking the evaluator's three input files (formats.md §4 and §5).

Files are read as text (every column a string) with pyarrow, so that nothing is silently coerced,
and then typed and checked in one DuckDB pass per file: every rule gives a rejection code or NULL
per row. A row that breaks a rule is rejected with a (file, row, column, code) record; the valid
rows become the typed views `participants`, `jobs`, `benefits` that the pipeline reads. The
rejection report never repeats a pseudonym, a date or any other personal value: only where the
problem is and what kind it is.

Unusable input (a missing file, a file that is not CSV/Parquet, missing columns) raises
`InputError`; the caller then writes nothing (exit code 2).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from .definitions import BENEFIT_TYPES, CONTRACTS
from .extract_files import BENEFITS, JOBS, PARTICIPANTS, FileSpec, InputError, read_text_table

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
    """The checked inputs, as typed views `participants`, `jobs`, `benefits` in `con`."""

    con: duckdb.DuckDBPyConnection
    summaries: list[FileSummary]
    rejected: int  # number of rejection records (table `rejections` in `con`)

    def rejection_rows(self, limit: int | None = None) -> list[tuple]:
        sql = "SELECT file, row, col, code, message FROM rejections ORDER BY file_order, row, col_order"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql).fetchall()


# --------------------------------------------------------------------------------------------
# Checking in SQL

def _date(column: str) -> str:
    """ISO YYYY-MM-DD or Dutch DD-MM-YYYY (exactly 10 characters), else NULL. `column` is trimmed."""
    v = column
    return (f"CASE WHEN strlen({v}) <> 10 THEN NULL "
            f"WHEN {v}[5] = '-' AND {v}[8] = '-' THEN try_cast({v} AS DATE) "
            f"WHEN {v}[3] = '-' AND {v}[6] = '-' THEN CAST(try_strptime({v}, '%d-%m-%Y') AS DATE) END")


_DATE_RANGE = "BETWEEN DATE '1900-01-01' AND DATE '2100-12-31'"
#: Free-text columns per file: passed through as they are (copying long strings is what costs
#: time), unless some value has surrounding spaces or the pseudonym needs lower-casing: then those
#: rows are read again with normalisation (see `_check_file`).
_TEXT = {
    "participants": ("pseudonym", "plan", "tranche", "plan_kind", "plan_sectors", "category", "measure",
                     "measure_type", "target_group"),
    "jobs": ("pseudonym", "employer", "sector"),
    "benefits": ("pseudonym",),
}
# Typed columns from short fields, always normalised (trimming a short string is cheap).
_TYPED = {
    "participants": ", try_cast(trim(birth_year) AS INTEGER) AS birth_year, trim(birth_year) AS birth_year_raw",
    "jobs": """, lower(trim(contract)) AS contract,
        try_cast(replace(trim(hours_per_week), ',', '.') AS DOUBLE) AS hours, trim(hours_per_week) AS hours_raw""",
    "benefits": """, CASE lower(trim(type)) WHEN 'ww' THEN 'WW' WHEN 'bijstand' THEN 'bijstand' WHEN 'ao' THEN 'AO'
             WHEN 'overig' THEN 'overig' END AS type, trim(type) AS type_raw""",
}


def _parse_sql(kind: str, normalise: bool) -> str:
    """The typed columns of one file, from the raw text table `raw_input`."""
    if normalise:
        texts = [f"lower(trim({c})) AS {c}" if c == "pseudonym" else f"trim({c}) AS {c}" for c in _TEXT[kind]]
    else:
        texts = list(_TEXT[kind])
    return (f"{', '.join(texts)}, pseudonym_ok, {_date('start_raw')} AS start_date, "
            f"{_date('end_raw')} AS end_date, start_raw, end_raw {_TYPED[kind]} "
            f"FROM (SELECT * EXCLUDE (start_date, end_date), trim(start_date) AS start_raw, "
            f"trim(end_date) AS end_raw FROM raw_input)")


def _needs_normalising(kind: str) -> str:
    spaces = " OR ".join(f"{c} LIKE ' %' OR {c} LIKE '% '" for c in _TEXT[kind])
    return f"NOT pseudonym_ok OR {spaces}"


# `pseudonym_ok` is computed by pyarrow on the raw text (faster than SQL for a million rows).
_PSEUDONYM_CHECK = ("pseudonym", "CASE WHEN pseudonym_ok THEN NULL WHEN regexp_full_match(pseudonym, '[0-9a-f]{64}') "
                                 "THEN NULL ELSE 'pseudonym_invalid' END")
_DATE_CHECKS = [
    ("start_date", f"CASE WHEN start_raw = '' THEN 'value_missing' "
                   f"WHEN start_date IS NULL OR start_date NOT {_DATE_RANGE} THEN 'date_invalid' END"),
    ("end_date", f"CASE WHEN end_raw = '' THEN NULL "
                 f"WHEN end_date IS NULL OR end_date NOT {_DATE_RANGE} THEN 'date_invalid' "
                 f"WHEN end_date < start_date THEN 'end_before_start' END"),
]
_CONTRACT_LIST = ", ".join(f"'{c}'" for c in CONTRACTS)
_CHECKS = {
    "participants": [
        _PSEUDONYM_CHECK,
        ("plan", "CASE WHEN plan = '' THEN 'value_missing' END"),
        ("category", "CASE WHEN category = '' THEN 'value_missing' END"),
        *_DATE_CHECKS,
        ("birth_year", "CASE WHEN birth_year_raw <> '' AND coalesce(birth_year NOT BETWEEN 1900 AND 2100, true) "
                       "THEN 'birth_year_invalid' END"),
    ],
    "jobs": [
        _PSEUDONYM_CHECK,
        ("employer", "CASE WHEN employer = '' THEN 'value_missing' END"),
        ("sector", "CASE WHEN sector = '' THEN 'value_missing' END"),
        *_DATE_CHECKS,
        ("contract", f"CASE WHEN contract = '' THEN 'value_missing' "
                     f"WHEN contract NOT IN ({_CONTRACT_LIST}) THEN 'contract_unknown' END"),
        ("hours_per_week", "CASE WHEN hours_raw <> '' AND (hours IS NULL OR isnan(hours) OR hours < 0 "
                           "OR hours > 168) THEN 'hours_invalid' END"),
    ],
    "benefits": [
        _PSEUDONYM_CHECK,
        ("type", "CASE WHEN type_raw = '' THEN 'value_missing' WHEN type IS NULL "
                 "THEN 'benefit_type_unknown' END"),
        *_DATE_CHECKS,
    ],
}
#: The columns that make two rows "the same row" (after normalisation).
_IDENTITY = {
    "participants": "pseudonym, plan, tranche, plan_kind, plan_sectors, category, measure, measure_type, "
                    "target_group, start_date, end_date",
    "jobs": "pseudonym, employer, sector, start_date, end_date, contract, hours",
    "benefits": "pseudonym, type, start_date, end_date",
}
#: The typed columns the pipeline reads.
_OUTPUT = {
    "participants": "_row, pseudonym, plan, tranche, plan_kind, plan_sectors, category, measure, "
                    "measure_type, target_group, start_date, end_date, birth_year",
    "jobs": "_row, pseudonym, employer, sector, start_date, end_date, contract, hours",
    "benefits": "_row, pseudonym, type, start_date, end_date",
}


def _check_file(con: duckdb.DuckDBPyConnection, spec: FileSpec, raw: pa.Table, malformed: list[int],
                file_order: int) -> FileSummary:
    """Type the raw text and check every rule in one pass; keep the valid rows as table `spec.kind`.

    Duplicates are looked for among the otherwise valid rows, first by a hash of the row (cheap),
    then exactly among the rows that share a hash.
    """
    kind = spec.kind
    checks = _CHECKS[kind]
    codes = ", ".join(f"{sql} AS code_{i}" for i, (_, sql) in enumerate(checks))
    all_ok = " AND ".join(f"code_{i} IS NULL" for i in range(len(checks)))
    raw = raw.append_column("pseudonym_ok", pc.fill_null(
        pc.match_substring_regex(raw.column("pseudonym"), "^[0-9a-f]{64}$"), False))
    con.register("raw_input", raw)
    checked, duplicates = f"checked_{kind}", f"duplicates_{kind}"

    def checked_sql(normalise: bool) -> str:
        raw_columns = {"participants": "start_raw, end_raw, birth_year_raw", "jobs": "start_raw, end_raw, hours_raw",
                       "benefits": "start_raw, end_raw, type_raw"}[kind]
        return (f"SELECT * EXCLUDE ({raw_columns}), {all_ok} AS ok, hash({_IDENTITY[kind]}) AS row_hash "
                f"FROM (SELECT *, {codes} FROM (SELECT _row, {_parse_sql(kind, normalise)}))")

    con.execute(f"CREATE OR REPLACE TEMP TABLE {checked} AS {checked_sql(False)}")
    redo = con.execute(f"SELECT count(*) FROM {checked} WHERE {_needs_normalising(kind)}").fetchall()[0][0]
    if redo:  # rare: spaces around values, upper-case pseudonyms
        con.execute(f"CREATE OR REPLACE TEMP TABLE redo AS SELECT _row FROM {checked} "
                    f"WHERE {_needs_normalising(kind)}")
        con.execute(f"DELETE FROM {checked} WHERE _row IN (SELECT _row FROM redo)")
        con.execute(f"INSERT INTO {checked} SELECT * FROM ({checked_sql(True)}) "
                    f"WHERE _row IN (SELECT _row FROM redo)")
        con.execute("DROP TABLE redo")
    con.unregister("raw_input")
    column_case = "CASE col_order " + " ".join(f"WHEN {i} THEN '{c}'" for i, (c, _) in enumerate(checks)) + " END"
    message_case = "CASE code " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in MESSAGES.items()) + " END"
    problems = " UNION ALL ".join(
        f"SELECT _row, {i} AS col_order, code_{i} AS code FROM {checked} WHERE NOT ok AND code_{i} IS NOT NULL"
        for i in range(len(checks))
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {duplicates} AS
        SELECT _row FROM {checked}
        WHERE ok AND row_hash IN (SELECT row_hash FROM {checked} WHERE ok GROUP BY row_hash HAVING count(*) > 1)
        QUALIFY row_number() OVER (PARTITION BY {_IDENTITY[kind]} ORDER BY _row) > 1
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW {kind} AS
        SELECT {_OUTPUT[kind]} FROM {checked} WHERE ok AND _row NOT IN (SELECT _row FROM {duplicates})
    """)
    malformed_sql = "".join(f" UNION ALL SELECT {int(n)}, -1, 'row_malformed'" for n in malformed)
    con.execute(f"""
        INSERT INTO rejections
        SELECT '{spec.label}', {file_order}, _row, coalesce({column_case}, ''),
               col_order, code, {message_case}
        FROM ({problems} UNION ALL SELECT _row, 99, 'duplicate_row' FROM {duplicates} {malformed_sql})
    """)
    codes_count = con.execute(
        "SELECT code, count(*) FROM rejections WHERE file_order = ? GROUP BY code", [file_order]
    ).fetchall()
    rejected_rows = con.execute(
        "SELECT count(DISTINCT row) FROM rejections WHERE file_order = ?", [file_order]
    ).fetchall()[0][0]
    return FileSummary(
        label=spec.label, path="", format="", rows_read=raw.num_rows + len(malformed),
        rows_rejected=rejected_rows, problems=dict(sorted(Counter(dict(codes_count)).items())),
    )


def read_extract(participants: Path | str, jobs: Path | str, benefits: Path | str,
                 con: duckdb.DuckDBPyConnection | None = None) -> Extract:
    """Read and check the three files. Raises InputError when any of them is unusable.

    All three are opened and their columns checked before any row is checked, so that an unusable
    invocation is reported without doing the expensive work first.
    """
    specs = ((PARTICIPANTS, participants), (JOBS, jobs), (BENEFITS, benefits))
    raws = [(spec, path, *read_text_table(path, spec)) for spec, path in specs]
    con = con or duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("""
        CREATE OR REPLACE TEMP TABLE rejections (file VARCHAR, file_order INTEGER, row BIGINT, col VARCHAR,
                                                 col_order INTEGER, code VARCHAR, message VARCHAR)
    """)
    summaries = []
    for order, (spec, path, raw, fmt, malformed) in enumerate(raws):
        summary = _check_file(con, spec, raw, malformed, order)
        summary.path, summary.format = str(path), fmt
        summaries.append(summary)
        del raw
    for summary, kind in ((summaries[1], "jobs"), (summaries[2], "benefits")):
        summary.unlinked_rows = con.execute(
            f"SELECT count(*) FROM {kind} ANTI JOIN (SELECT DISTINCT pseudonym FROM participants) USING (pseudonym)"
        ).fetchall()[0][0]
    rejected = con.execute("SELECT count(*) FROM rejections").fetchall()[0][0]
    return Extract(con=con, summaries=summaries, rejected=rejected)
