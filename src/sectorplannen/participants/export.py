"""The evaluator's participant file (formats.md §4): ``deelnemers.csv`` and ``deelnemers.parquet``.

Pseudonymised: no BSN and no birth date (only the birth year, which formats.md §8 needs for the age
bands of the matching cells), and this module does not import the BSN vault. Written in
chunks, so memory does not grow with the number of registrations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sectorplannen.audit.services import record
from sectorplannen.common.spreadsheet import safe_writer
from sectorplannen.plans.models import Measure, Plan

from .models import Registration

EVALUATOR_COLUMNS = ("pseudonym", "plan", "tranche", "plan_kind", "plan_sectors", "category", "measure",
                     "measure_type", "target_group", "age_at_start", "start_date", "end_date", "birth_year")
EVALUATOR_SCHEMA = pa.schema([
    ("pseudonym", pa.string()), ("plan", pa.string()), ("tranche", pa.string()), ("plan_kind", pa.string()),
    ("plan_sectors", pa.string()), ("category", pa.string()), ("measure", pa.string()),
    ("measure_type", pa.string()), ("target_group", pa.string()), ("age_at_start", pa.int16()),
    ("start_date", pa.date32()), ("end_date", pa.date32()), ("birth_year", pa.int16()),
])
CHUNK_SIZE = 10_000


@dataclass(frozen=True)
class EvaluatorExport:
    csv_path: Path
    parquet_path: Path
    registrations: int
    plans: int


def _rows(plans: list[Plan]) -> Iterator[list[tuple]]:
    """Chunks of output rows, ordered by plan, measure and registration."""
    plan_info = {p.id: (p.name, p.tranche_label, p.kind, ";".join(p.sectors or [])) for p in plans}
    measure_info = {m.id: (m.category, m.code, m.measure_type)
                    for m in Measure.objects.filter(plan__in=plans)}
    query = (Registration.objects.filter(plan__in=plans).order_by("plan_id", "measure_id", "id")
             .values_list("person__pseudonym", "plan_id", "measure_id", "target_group", "age_at_start",
                          "start_date", "end_date", "person__birth_date", "person__birth_year"))
    chunk: list[tuple] = []
    rows = query.iterator(chunk_size=CHUNK_SIZE)
    for pseudonym, plan_id, measure_id, group, age, start, end, born, kept_year in rows:
        year = born.year if born else kept_year  # after the retention period only the year is kept
        chunk.append((pseudonym, *plan_info[plan_id], *measure_info[measure_id], group, age, start, end, year))
        if len(chunk) >= CHUNK_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_evaluator_files(out_dir: Path, plans: list[Plan], *, actor=None) -> EvaluatorExport:
    """Write ``deelnemers.csv`` and ``deelnemers.parquet``: one row per registration of ``plans``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, parquet_path = out_dir / "deelnemers.csv", out_dir / "deelnemers.parquet"
    n = 0
    with open(csv_path, "w", encoding="utf-8", newline="") as fh, \
            pq.ParquetWriter(parquet_path, EVALUATOR_SCHEMA) as parquet:
        writer = safe_writer(fh)
        writer.writerow(EVALUATOR_COLUMNS)
        for chunk in _rows(plans):
            writer.writerows(
                (*r[:10], r[10].isoformat(), r[11].isoformat() if r[11] else "", r[12]) for r in chunk
            )
            columns = list(zip(*chunk, strict=True))
            parquet.write_table(pa.Table.from_arrays(
                [pa.array(col, type=f.type) for col, f in zip(columns, EVALUATOR_SCHEMA, strict=True)],
                schema=EVALUATOR_SCHEMA,
            ))
            n += len(chunk)
    record("participants_exported", actor=actor, registrations=n, plans=[p.id for p in plans],
           files=[csv_path.name, parquet_path.name])
    return EvaluatorExport(csv_path, parquet_path, n, len(plans))
