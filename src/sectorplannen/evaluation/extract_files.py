"""The evaluator's three input files (formats.md §4 and §5) and reading them as text.

Every column is read as a string with pyarrow, so that nothing is silently coerced; extract.py types
and checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


class InputError(Exception):
    """The invocation or an input file cannot be used at all (exit code 2, nothing written)."""


@dataclass(frozen=True)
class FileSpec:
    kind: str  # internal name, also the DuckDB table name
    label: str  # how reports name the file
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


PARTICIPANTS = FileSpec(
    "participants",
    "deelnemers",
    ("pseudonym", "plan", "tranche", "plan_kind", "plan_sectors", "category", "measure", "measure_type",
     "target_group", "start_date"),
    ("age_at_start", "end_date", "birth_year"),  # birth_year: added for §8; files without it stay valid
)
JOBS = FileSpec(
    "jobs", "banen",
    ("pseudonym", "employer", "sector", "start_date", "end_date", "contract", "hours_per_week"),
)
BENEFITS = FileSpec("benefits", "uitkeringen", ("pseudonym", "type", "start_date", "end_date"))


# --------------------------------------------------------------------------------------------
# Reading as text


def _is_parquet(path: Path) -> bool:
    if path.is_dir() or path.suffix.lower() in (".parquet", ".pq"):
        return True
    with open(path, "rb") as fh:
        return fh.read(4) == b"PAR1"


def parquet_files(path: Path) -> list[Path]:
    """The Parquet files of a file or a directory (e.g. partitioned by year: `jaar=2019/…`), in path order."""
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".parquet", ".pq"))
    if not files:
        raise InputError(f"map bevat geen Parquet-bestanden: {path}")
    return files


def _read_parquet(path: Path) -> pa.Table:
    """One table from a Parquet file or every file of a directory; partition columns are not read
    (the rows carry their own dates)."""
    tables = [pq.read_table(f) for f in parquet_files(path)]
    return pa.concat_tables(tables, promote_options="permissive") if len(tables) > 1 else tables[0]


def _normalise_name(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().lower()


def read_text_table(path: Path | str, spec: FileSpec) -> tuple[pa.Table, str, list[int]]:
    """Read a CSV or Parquet file with every column as a string plus `_row`.

    `_row` is the line number in a CSV file (header = 1) or the record number in a Parquet file
    (first record = 1; in a directory of Parquet files: over the files in path order). Returns the
    table, the format and the line numbers of malformed CSV lines.
    """
    path = Path(path)
    if not path.is_file() and not path.is_dir():
        raise InputError(f"{spec.label}: bestand niet gevonden: {path}")
    malformed: list[int] = []
    try:
        if _is_parquet(path):
            fmt = "parquet"
            table = _read_parquet(path)
            table = table.rename_columns([_normalise_name(n) for n in table.column_names])
            first_row = 1
        else:
            fmt = "csv"
            table = _read_csv_as_text(path, spec, malformed)
            first_row = 2
    except InputError:
        raise
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{spec.label}: bestand kan niet worden gelezen als CSV of Parquet: {exc}") from exc
    missing = [c for c in spec.required if c not in table.column_names]
    if missing:
        raise InputError(f"{spec.label}: verplichte kolommen ontbreken: {', '.join(missing)}")
    wanted = [c for c in (*spec.required, *spec.optional) if c in table.column_names]
    columns = {name: _as_text(table.column(name)) for name in wanted}
    for name in spec.optional:
        columns.setdefault(name, pa.array([""] * table.num_rows, pa.string()))
    columns["_row"] = pa.array(range(first_row, first_row + table.num_rows), pa.int64())
    if malformed and fmt == "csv":
        # pyarrow skipped malformed lines: renumber so that `_row` stays the physical line number.
        columns["_row"] = pa.array(_line_numbers(table.num_rows, malformed), pa.int64())
    return pa.table(columns), fmt, malformed


def _line_numbers(count: int, skipped: list[int]) -> list[int]:
    out, line, skip = [], 2, set(skipped)
    while len(out) < count:
        if line not in skip:
            out.append(line)
        line += 1
    return out


def _read_csv_as_text(path: Path, spec: FileSpec, malformed: list[int]) -> pa.Table:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = fh.readline()
    if not header.strip():
        raise InputError(f"{spec.label}: bestand is leeg: {path}")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    names = [_normalise_name(n.strip('"')) for n in header.rstrip("\r\n").split(delimiter)]

    def read(use_threads: bool) -> pa.Table:
        malformed.clear()

        def on_invalid(row: pacsv.InvalidRow) -> str:
            malformed.append(row.number if row.number is not None else -1)
            return "skip"

        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding="utf8",
                                           use_threads=use_threads),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    table = read(use_threads=True)
    if -1 in malformed:
        # The parallel reader does not know line numbers; read again serially (only for broken files).
        table = read(use_threads=False)
    return table


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Any Parquet column type as text: dates ISO, timestamps as their date, nulls as ''."""
    kind = column.type
    if pa.types.is_timestamp(kind):
        column = pc.cast(column, pa.date32())
    elif pa.types.is_dictionary(kind):
        column = pc.cast(column, kind.value_type)
    if pa.types.is_floating(column.type):
        # 38.0 -> "38": whole hours written without a decimal point
        as_int = pc.cast(pc.cast(column, pa.int64(), safe=False), column.type)
        whole = pc.equal(as_int, column)
        text = pc.if_else(whole, pc.cast(pc.cast(column, pa.int64(), safe=False), pa.string()),
                          pc.cast(column, pa.string()))
    elif not pa.types.is_string(column.type):
        text = pc.cast(column, pa.string())
    else:
        text = column
    return pc.fill_null(text, "")
