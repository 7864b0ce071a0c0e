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
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .extract import (
    MESSAGES as BASE_MESSAGES,
)
from .extract import Extract, FileSpec, FileSummary, InputError, read_extract, read_text_table
from .extract_files import _is_parquet, _normalise_name, parquet_files

COMPARISON = FileSpec("comparison", "vergelijkingsgroep", ("pseudonym", "birth_year"))

MESSAGES = {
    "also_participant": "pseudoniem staat ook in het deelnemersbestand; een deelnemer kan geen "
                        "vergelijkingspersoon zijn",
    "pseudonym_repeated": "pseudoniem staat eerder in het bestand met een ander geboortejaar",
}


def _message_sql() -> str:
    messages = {**BASE_MESSAGES, **MESSAGES}
    return "CASE code " + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in messages.items()) + " END"


def read_effect_inputs(participants: Path | str, comparison: Path | str, jobs: Path | str,
                       benefits: Path | str, con: duckdb.DuckDBPyConnection) -> Extract:
    """Read and check the four files; the valid rows become views `participants`, `comparison`,
    `jobs`, `benefits` in `con`. Raises `InputError` for unusable input (nothing computed then)."""
    if not _has_column(participants, "birth_year"):
        raise InputError("deelnemers: de kolom birth_year ontbreekt; de netto-effecten (formats §8) hebben het "
                         "geboortejaar nodig voor de leeftijdsklassen (linkage export schrijft het mee)")
    raw, fmt, malformed = read_text_table(comparison, COMPARISON)  # unusable: fail before the big reads
    extract = read_extract(participants, jobs, benefits, con)
    _reject_missing_birth_year(con, extract.summaries[0])
    summary = _check_comparison(con, raw, malformed)
    summary.path, summary.format = str(comparison), fmt
    summaries = [extract.summaries[0], summary, *extract.summaries[1:]]
    for s, kind in ((summaries[2], "jobs"), (summaries[3], "benefits")):
        s.unlinked_rows = con.execute(
            f"SELECT count(*) FROM {kind} ANTI JOIN (SELECT pseudonym FROM participants UNION "
            f"SELECT pseudonym FROM comparison) USING (pseudonym)").fetchall()[0][0]
    rejected = con.execute("SELECT count(*) FROM rejections").fetchall()[0][0]
    return Extract(con=con, summaries=summaries, rejected=rejected)


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


def _reject_missing_birth_year(con: duckdb.DuckDBPyConnection, summary: FileSummary) -> None:
    con.execute(f"""
        INSERT INTO rejections
        SELECT 'deelnemers', 0, _row, 'birth_year', 50, 'value_missing', {_message_sql()}
        FROM (SELECT _row, 'value_missing' AS code FROM participants WHERE birth_year IS NULL)
    """)
    missing = con.execute("SELECT count(*) FROM participants WHERE birth_year IS NULL").fetchall()[0][0]
    if missing:
        summary.rows_rejected += missing
        summary.problems = dict(sorted((Counter(summary.problems) + Counter(value_missing=missing)).items()))


def _check_comparison(con: duckdb.DuckDBPyConnection, raw: pa.Table, malformed: list[int]) -> FileSummary:
    raw = raw.append_column("pseudonym_ok", pc.fill_null(
        pc.match_substring_regex(raw.column("pseudonym"), "^[0-9a-f]{64}$"), False))
    con.register("raw_comparison", raw)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE checked_comparison AS
        SELECT _row, pseudonym, birth_year, birth_year_raw,
               CASE WHEN pseudonym_ok OR regexp_full_match(pseudonym, '[0-9a-f]{64}') THEN NULL
                    ELSE 'pseudonym_invalid' END AS code_0,
               CASE WHEN birth_year_raw = '' THEN 'value_missing'
                    WHEN coalesce(birth_year NOT BETWEEN 1900 AND 2100, true) THEN 'birth_year_invalid' END AS code_1
        FROM (SELECT _row, pseudonym_ok, lower(trim(pseudonym)) AS pseudonym, trim(birth_year) AS birth_year_raw,
                     try_cast(trim(birth_year) AS INTEGER) AS birth_year FROM raw_comparison)
    """)
    con.unregister("raw_comparison")
    # Among the otherwise valid rows: repeats (an identical row, or the same pseudonym with another
    # birth year: both after the first occurrence) and pseudonyms that are also participants.
    con.execute("""
        CREATE OR REPLACE TEMP TABLE comparison_status AS
        SELECT _row, pseudonym, birth_year,
               CASE WHEN pseudonym IN (SELECT pseudonym FROM participants) THEN 'also_participant'
                    WHEN row_number() OVER (PARTITION BY pseudonym, birth_year ORDER BY _row) > 1 THEN 'duplicate_row'
                    WHEN row_number() OVER (PARTITION BY pseudonym ORDER BY _row) > 1 THEN 'pseudonym_repeated'
               END AS code
        FROM checked_comparison WHERE code_0 IS NULL AND code_1 IS NULL
    """)
    con.execute("CREATE OR REPLACE TEMP VIEW comparison AS "
                "SELECT _row, pseudonym, birth_year FROM comparison_status WHERE code IS NULL")
    malformed_sql = "".join(f" UNION ALL SELECT {int(n)}, '', -1, 'row_malformed'" for n in malformed)
    con.execute(f"""
        INSERT INTO rejections
        SELECT 'vergelijkingsgroep', 3, _row, col, col_order, code, {_message_sql()}
        FROM (SELECT _row, 'pseudonym' AS col, 0 AS col_order, code_0 AS code FROM checked_comparison
              WHERE code_0 IS NOT NULL
              UNION ALL SELECT _row, 'birth_year', 1, code_1 FROM checked_comparison WHERE code_1 IS NOT NULL
              UNION ALL SELECT _row, 'pseudonym', 0, code FROM comparison_status WHERE code IS NOT NULL
              {malformed_sql})
    """)
    codes = con.execute("SELECT code, count(*) FROM rejections WHERE file_order = 3 GROUP BY code").fetchall()
    rejected_rows = con.execute("SELECT count(DISTINCT row) FROM rejections WHERE file_order = 3").fetchall()[0][0]
    return FileSummary(label=COMPARISON.label, path="", format="", rows_read=raw.num_rows + len(malformed),
                       rows_rejected=rejected_rows, problems=dict(sorted(codes)))
