"""Staging an input file as text Parquet, batch by batch (ADR 023).

Every input (CSV, a Parquet file or a directory of them) is opened and its columns checked first
(`open_source`, no rows read), then copied in batches to one Parquet file of text columns plus
`_row` (`stage`), which the engine (DuckDB or Spark) reads and checks (`engine_checks`). Memory is
one batch, whatever the size of the file. `_row` is the line number in a CSV file (header = 1) or
the record number in Parquet (first record = 1; in a directory: over the files in path order).

pyarrow's streaming CSV reader does not know the line of a malformed line; when a file has one,
it is staged again with Python's csv module, which does (only broken files pay for that).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .extract_files import FileSpec, InputError, _as_text, _is_parquet, _normalise_name, parquet_files

BATCH_ROWS = 262_144
CSV_BLOCK = 16 << 20


@dataclass
class Source:
    """An opened input: its format and columns are known, no row has been read."""

    spec: FileSpec
    path: Path
    format: str
    names: list[str]  # CSV: the header's (normalised) names, in file order
    delimiter: str = ","
    files: list[Path] = field(default_factory=list)  # Parquet: the files, in path order


@dataclass
class Staged:
    source: Source
    parquet: Path
    rows: int  # rows staged (malformed lines not included)
    malformed: list[int]


def open_source(path: Path | str, spec: FileSpec) -> Source:
    """Open `path` and check its columns (InputError when it cannot be used)."""
    path = Path(path)
    if not path.is_file() and not path.is_dir():
        raise InputError(f"{spec.label}: bestand niet gevonden: {path}")
    try:
        if _is_parquet(path):
            files = parquet_files(path)
            names: list[str] = []
            for f in files:
                names += [n for n in map(_normalise_name, pq.read_schema(f).names) if n not in names]
            source = Source(spec, path, "parquet", names, files=files)
        else:
            with open(path, encoding="utf-8-sig", newline="") as fh:
                header = fh.readline()
            if not header.strip():
                raise InputError(f"{spec.label}: bestand is leeg: {path}")
            delimiter = ";" if header.count(";") > header.count(",") else ","
            names = [_normalise_name(n.strip('"')) for n in header.rstrip("\r\n").split(delimiter)]
            source = Source(spec, path, "csv", names, delimiter)
    except InputError:
        raise
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{spec.label}: bestand kan niet worden gelezen als CSV of Parquet: {exc}") from exc
    missing = [c for c in spec.required if c not in source.names]
    if missing:
        raise InputError(f"{spec.label}: verplichte kolommen ontbreken: {', '.join(missing)}")
    return source


def stage(source: Source, dest: Path) -> Staged:
    """Copy the columns of `source.spec` as text (and `_row`) to the Parquet file `dest`."""
    columns = [*source.spec.required, *source.spec.optional]
    schema = pa.schema([*((c, pa.string()) for c in columns), ("_row", pa.int64())])
    try:
        if source.format == "parquet":
            return _stage_parquet(source, dest, schema)
        staged = _stage_csv(source, dest, schema)
        if staged.malformed:
            staged = _stage_csv_by_line(source, dest, schema)
        return staged
    except (pa.ArrowException, OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{source.spec.label}: bestand kan niet worden gelezen als CSV of Parquet: {exc}") from exc


def _batch(columns: dict[str, pa.Array], rows: range, schema: pa.Schema) -> pa.RecordBatch:
    n = len(rows)
    arrays = [columns[name] if name in columns else pa.array([""] * n, pa.string()) for name in schema.names[:-1]]
    return pa.RecordBatch.from_arrays([*arrays, pa.array(rows, pa.int64())], schema=schema)


def _stage_parquet(source: Source, dest: Path, schema: pa.Schema) -> Staged:
    wanted = set(schema.names[:-1])
    row = 1
    with pq.ParquetWriter(dest, schema) as writer:
        for f in source.files:
            file = pq.ParquetFile(f)
            names = {_normalise_name(n): n for n in file.schema_arrow.names}
            read = [names[n] for n in names if n in wanted]
            for batch in file.iter_batches(batch_size=BATCH_ROWS, columns=read):
                columns = {_normalise_name(n): _as_text(batch.column(n)) for n in batch.schema.names}
                writer.write_batch(_batch(columns, range(row, row + batch.num_rows), schema))
                row += batch.num_rows
    return Staged(source, dest, row - 1, [])


def _stage_csv(source: Source, dest: Path, schema: pa.Schema) -> Staged:
    malformed: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        malformed.append(row.number if row.number is not None else -1)
        return "skip"

    reader = pacsv.open_csv(
        source.path,
        read_options=pacsv.ReadOptions(column_names=source.names, skip_rows=1, encoding="utf8",
                                       block_size=CSV_BLOCK),
        parse_options=pacsv.ParseOptions(delimiter=source.delimiter, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(source.names, pa.string()),
                                             include_columns=[n for n in schema.names[:-1] if n in source.names],
                                             strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    row = 2
    with pq.ParquetWriter(dest, schema) as writer:
        for batch in reader:
            if malformed:
                break  # staged again line by line
            columns = {n: batch.column(n) for n in batch.schema.names}
            writer.write_batch(_batch(columns, range(row, row + batch.num_rows), schema))
            row += batch.num_rows
    return Staged(source, dest, row - 2, malformed)


def _stage_csv_by_line(source: Source, dest: Path, schema: pa.Schema) -> Staged:
    """The slow path for a file with malformed lines: Python's csv module knows every line's number.

    `_row` counts records as pyarrow does (header = 1, empty lines skipped); a line with another
    number of fields than the header is recorded as malformed."""
    index = {n: i for i, n in enumerate(source.names)}
    wanted = [n for n in schema.names[:-1] if n in index]
    malformed: list[int] = []
    values: dict[str, list[str]] = {n: [] for n in wanted}
    rows: list[int] = []
    staged = 0
    with open(source.path, encoding="utf-8-sig", newline="") as fh, pq.ParquetWriter(dest, schema) as writer:
        def flush() -> None:
            columns = {n: pa.array(v, pa.string()) for n, v in values.items()}
            writer.write_batch(pa.RecordBatch.from_arrays(
                [columns[n] if n in columns else pa.array([""] * len(rows), pa.string()) for n in schema.names[:-1]]
                + [pa.array(rows, pa.int64())], schema=schema))
            for v in values.values():
                v.clear()
            rows.clear()

        reader = csv.reader(fh, delimiter=source.delimiter)
        next(reader, None)
        record = 1
        for fields in reader:
            if not fields:
                continue
            record += 1
            if len(fields) != len(source.names):
                malformed.append(record)
                continue
            for n in wanted:
                values[n].append(fields[index[n]])
            rows.append(record)
            if len(rows) >= BATCH_ROWS:
                staged += len(rows)
                flush()
        staged += len(rows)
        flush()
    return Staged(source, dest, staged, malformed)
