"""Participant upload (formats.md §3): stream a CSV or XLSX file, validate each row in plain
Python, and store the valid rows in bulk, all in one transaction.

Why not the ORM per row: a 300,000-row file must import at ≥ 20,000 rows/s. Rows are handled in
chunks; per chunk the known persons and registrations are fetched with a few queries and the new
ones inserted with ``executemany`` on SQLite, with one statement over arrays on PostgreSQL (ADR
005). Memory stays flat: only one chunk is held, plus the hashes of already-known registrations (to tell a repeated row
inside the file from one known from an earlier upload). See docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.db import connection, transaction

from sectorplannen.audit.services import record
from sectorplannen.common.dates import add_months

from .models import ImportBatch, ParticipantCount, Person, Registration
from .outcome import _SHOWN_ERRORS, ImportResult, _ErrorReport, duplicate_row, not_stored_row
from .plan_rules import UploadRefused, registration_refusal, upload_rules
from .reader import Table, UnusableInput, display_name, open_table
from .upload_lock import one_upload_at_a_time
from .validation import (
    RowError,
    RowValidator,
    ValidRow,
    map_header,
    missing_columns,
)
from .vault import get_vault

CHUNK_SIZE = 10_000
_IN_BATCH = 900  # parameters per IN (...) query; below SQLite's oldest limit of 999
_SQLITE_CACHE_KIB = -262_144  # negative: KiB, as SQLite's PRAGMA cache_size takes it
_ANALYZE_AFTER_ROWS = 10_000


# -- storing --------------------------------------------------------------------------------------

@contextmanager
def _bulk_cursor() -> Iterator:
    """The driver's cursor under Django's wrapper (parameter markers stay ``%s`` on every backend).
    Why: with DEBUG on (development), Django's wrapper keeps every statement with its quoted
    parameters in memory and on SQLite quotes them with an extra query: about 15 % of the import
    time, and hundreds of megabytes held for a large upload."""
    with connection.cursor() as cur:
        yield cur.cursor


class _SqlDates(dict):
    """Dates as the database driver takes them, each converted once. Why: the SQLite driver otherwise
    calls Django's date adapter for every date of every row (close to a million calls per upload)."""

    def __missing__(self, day: dt.date | None):
        value = self[day] = connection.ops.adapt_datefield_value(day)
        return value


def _as_date(value) -> dt.date:
    """A date column as read through the driver's cursor (SQLite may give ISO text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


class _Store:
    """Writes one chunk of valid rows at a time; see the module docstring for why raw SQL."""

    def __init__(self, plan_id: int, batch_id: int, own_employer: str | None = None):
        self.plan_id, self.batch_id = plan_id, batch_id
        self.own_batches = None if own_employer is None else set(ImportBatch.objects.filter(
            plan_id=plan_id, own_employer=own_employer).values_list("pk", flat=True))
        self.vault = get_vault()
        q = connection.ops.quote_name
        self.person_table = q(Person._meta.db_table)
        self.registration_table = q(Registration._meta.db_table)
        self.known_hashes: set[int] = set()  # already-known registrations met in this file
        self.counts: Counter = Counter()  # (measure id, month) -> rows, for measures counted in heads
        self.expect_new = True  # see _persons
        self.sql_date = _SqlDates()
        # PostgreSQL: each chunk as one statement over arrays (executemany would send one statement per
        # row: twice as slow, measured); SQLite runs executemany in-process with one prepared statement.
        # See docs/adr/005.
        self.arrays = connection.vendor == "postgresql"

    def _select(self, sql: str, fixed: list, values: list) -> list[tuple]:
        """Rows of ``sql`` whose ``{}`` is a membership test for ``values``: one array parameter on
        PostgreSQL, batches of ``IN (…)`` on SQLite."""
        found: list[tuple] = []
        with _bulk_cursor() as cur:
            if self.arrays:
                cur.execute(sql.format("= ANY(%s)"), [*fixed, values])
                return cur.fetchall()
            for i in range(0, len(values), _IN_BATCH):
                part = values[i:i + _IN_BATCH]
                cur.execute(sql.format("IN ({})".format(", ".join(["%s"] * len(part)))), fixed + part)
                found.extend(cur.fetchall())
        return found

    def _known_persons(self, pseudonyms: list[str]) -> dict[str, tuple[int, dt.date]]:
        """(id, birth date) of the stored persons among ``pseudonyms``."""
        sql = f"SELECT pseudonym, id, birth_date FROM {self.person_table} WHERE pseudonym {{}}"
        return {p: (pk, _as_date(born)) for p, pk, born in self._select(sql, [], pseudonyms)}

    def flush(self, rows: list[ValidRow]) -> tuple[int, int, list[RowError], list[int]]:
        """Store ``rows``; returns (stored, already known, duplicate-in-file errors, line numbers of
        rows whose birth date differs from the one this plan gave the person before)."""
        pseudonym = self.vault.pseudonym
        first: dict[str, ValidRow] = {}  # bsn -> its first row in this chunk
        individual: list[ValidRow] = []
        for r in rows:
            if r.bsn is None:
                self.counts[r.measure.id, r.start_date.replace(day=1)] += 1
            else:
                individual.append(r)
                first.setdefault(r.bsn, r)
        by_bsn = {bsn: pseudonym(bsn) for bsn in first}
        ids, known_persons = self._persons(by_bsn, first)

        existing: dict[tuple, int | None] = {}
        # The birth date each row is held against: the one this plan gave the person before (its
        # earliest registration), else the person's first row in this chunk. Never the person's stored
        # date nor anything else of another plan: no message, count or line number may tell the
        # applicant that a BSN takes part elsewhere (docs/privacy.md).
        born: dict[int, dt.date] = {}
        own = self.own_batches  # an employer's uploads: only theirs are known to it (docs/partnership.md)
        if known_persons:
            sql = (f"SELECT measure_id, person_id, start_date, import_batch_id, birth_date FROM "
                   f"{self.registration_table} WHERE plan_id = %s AND person_id {{}} ORDER BY id")
            for measure_id, person_id, start, batch, day in self._select(sql, [self.plan_id], list(known_persons)):
                existing[measure_id, person_id, start] = batch
                if day is not None and (own is None or batch in own or batch == self.batch_id):
                    born.setdefault(person_id, _as_date(day))
        for bsn, p in by_bsn.items():
            born.setdefault(ids[p], first[bsn].birth_date)

        inserts, seen, duplicates, known, conflicts = [], set(), [], 0, []
        plan_id, batch_id, known_hashes, sql_date = self.plan_id, self.batch_id, self.known_hashes, self.sql_date
        for r in individual:
            key = (r.measure.id, ids[by_bsn[r.bsn]], r.start_date)
            if key in seen:
                duplicates.append(duplicate_row(r.row))
                continue
            if key in existing:
                if existing[key] == batch_id or hash(key) in known_hashes:
                    duplicates.append(duplicate_row(r.row))
                    continue
                if own is not None and existing[key] not in own:
                    duplicates.append(not_stored_row(r.row))
                    continue
                known += 1
                known_hashes.add(hash(key))
            else:
                seen.add(key)
                inserts.append((plan_id, key[0], key[1], sql_date[r.start_date], sql_date[r.end_date],
                                r.target_group, r.employer, r.age, r.youth, sql_date[r.birth_date], batch_id))
            if r.birth_date != born[key[1]]:
                conflicts.append(r.row)
        if inserts:
            self._insert_registrations(inserts)
        return len(inserts), known, duplicates, conflicts

    def _persons(self, by_bsn: dict[str, str], first: dict[str, ValidRow]
                 ) -> tuple[dict[str, int], dict[int, dt.date]]:
        """Ids of the chunk's persons by pseudonym (new ones inserted), and the stored birth dates of
        those that existed before, by id. While the upload brings new persons (a first upload), the chunk is
        inserted straight away and the new ids are read back as the ids above the previous maximum
        (a range scan, not an index probe per person; ids only grow); otherwise (a re-upload) the known
        are looked up first and only the rest is inserted. Both give the same result."""
        pairs = list(by_bsn.items())
        if self.expect_new:
            with _bulk_cursor() as cur:
                cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.person_table}")
                highest = cur.fetchone()[0]
                self._insert_persons(cur, pairs, first)
                cur.execute(f"SELECT pseudonym, id FROM {self.person_table} WHERE id > %s", [highest])
                wanted = set(by_bsn.values())  # on PostgreSQL another upload's new persons may show up too
                ids = {p: pk for p, pk in cur.fetchall() if p in wanted}
            known = self._known_persons([p for _, p in pairs if p not in ids])
        else:
            known = self._known_persons([p for _, p in pairs])
            new = [(b, p) for b, p in pairs if p not in known]
            with _bulk_cursor() as cur:
                self._insert_persons(cur, new, first)
            ids = {p: pk for p, (pk, _) in self._known_persons([p for _, p in new]).items()}
        ids.update((p, pk) for p, (pk, _) in known.items())
        self.expect_new = len(known) * 2 < len(pairs)  # mostly new persons: insert first next time
        return ids, dict(known.values())

    def _insert_persons(self, cur, pairs: list[tuple[str, str]], first: dict[str, ValidRow]) -> None:
        """Insert persons for (bsn, pseudonym) pairs. ON CONFLICT skips persons that exist already (or
        that another upload inserted meanwhile)."""
        if not pairs:
            return
        ciphertexts = self.vault.encrypt_many(pairs)
        rows = [(p, c, self.sql_date[first[bsn].birth_date]) for (bsn, p), c in zip(pairs, ciphertexts, strict=True)]
        insert = f"INSERT INTO {self.person_table} (pseudonym, bsn_ciphertext, birth_date) "
        if self.arrays:
            self._insert_arrays(insert + "SELECT * FROM unnest(%b::text[], %b::bytea[], %b::date[]) "
                                "ON CONFLICT DO NOTHING", rows)
        else:
            cur.executemany(insert + "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", rows)

    def _insert_registrations(self, rows: list[tuple]) -> None:
        columns = (f"INSERT INTO {self.registration_table} (plan_id, measure_id, person_id, start_date, end_date, "
                   "target_group, employer_number, age_at_start, youth, birth_date, import_batch_id) ")
        if self.arrays:
            self._insert_arrays(columns + "SELECT * FROM unnest(%b::bigint[], %b::bigint[], %b::bigint[], %b::date[], "
                                "%b::date[], %b::text[], %b::text[], %b::int[], %b::bool[], %b::date[], %b::bigint[])",
                                rows)
            return
        with _bulk_cursor() as cur:
            cur.executemany(columns + "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)

    @staticmethod
    def _insert_arrays(sql: str, rows: list[tuple]) -> None:
        """PostgreSQL: ``sql`` with one binary array parameter (``%b``) per column of ``rows``, on a
        server-side binding cursor of the import's connection. Why: Django's client-side binding quotes
        every array element into the statement text; binary arrays take half the time (measured)."""
        from psycopg import Cursor

        with Cursor(connection.connection) as cur:
            cur.execute(sql, [list(column) for column in zip(*rows, strict=True)])

    def refresh_statistics(self, stored: int) -> None:
        """On PostgreSQL, after a large upload, refresh the planner's statistics of the two tables at once.
        Why: until autovacuum gets to it (a minute or more later), the planner takes the look-ups of the
        next upload for scans of small tables: a re-import straight after a 300,000-row upload took 52 s
        instead of 7 s (measured). SQLite's planner needs no statistics for these indexed look-ups."""
        if self.arrays and stored >= _ANALYZE_AFTER_ROWS:
            with _bulk_cursor() as cur:
                cur.execute(f"ANALYZE {self.person_table}, {self.registration_table}")

    def store_counts(self) -> tuple[int, int]:
        """Head counts per measure and month of start. The file's count for a month replaces the
        stored one, so that uploading the same file again changes nothing."""
        stored = known = 0
        for (measure_id, month), n in sorted(self.counts.items()):
            current = ParticipantCount.objects.filter(measure_id=measure_id, period_start=month).first()
            if current is not None and current.count == n:
                known += n
                continue
            ParticipantCount.objects.update_or_create(
                measure_id=measure_id, period_start=month,
                defaults={"period_end": add_months(month, 1) - dt.timedelta(days=1), "count": n,
                          "import_batch_id": self.batch_id},
            )
            stored += n
        return stored, known


# -- the import -----------------------------------------------------------------------------------

@contextmanager
def _sqlite_page_cache() -> Iterator[None]:
    """On SQLite, a page cache big enough for the person index (256 MiB at most, only what is used).
    Why: with the default 2 MiB, random inserts into the pseudonym index spill pages to the WAL again
    and again inside the one long transaction (4 times the system time, measured)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA cache_size")
        previous = cur.fetchone()[0]
        cur.execute(f"PRAGMA cache_size = {_SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector. Why: a chunk of rows stays alive while millions of
    small objects are made, so the collector rescans the whole heap again and again (it doubled the
    validation time, measured); the import makes no reference cycles worth collecting meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_participants(
    plan,
    path: Path | BinaryIO,
    *,
    file_name: str | None = None,
    errors_path: Path | None = None,
    all_or_nothing: bool = False,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int | None], None] | None = None,
    actor=None,
    on_chunk: Callable[[ImportResult], None] | None = None,
    own_employer: str | None = None,
) -> ImportResult:
    """Import an upload file for ``plan``: a path, or a binary file object (an upload held in memory,
    named by ``file_name``). ``own_employer``: an employer registers its own staff, every row is its own
    (another employer's number is an error). Raises ``UnusableInput`` (nothing stored) when the plan takes no
    registrations, or the file cannot be read, exceeds a limit or lacks a required column; the error
    report then lists the missing columns only. ``progress(done, total)`` and ``on_chunk(result so far)``
    are called after every chunk (a background job shows rows read, stored and rejected as it goes)."""
    refusal = registration_refusal(plan)
    if refusal:
        raise UploadRefused(refusal)
    file_name = display_name(path, file_name)
    result = ImportResult(plan=plan.name, file_name=file_name)
    rules = upload_rules(plan, own_employer)
    report = _ErrorReport(errors_path, result)
    try:
        with open_table(path, file_name) as table:
            positions, labels, result.ignored_columns = map_header(table.header)
            missing = missing_columns(rules, positions)
            if missing:
                report.add(missing)
                raise UnusableInput("Verplichte kolom ontbreekt: " + ", ".join(e.column for e in missing) + ".",
                                    missing)
            validator = RowValidator(rules, positions, labels)
            try:
                with _sqlite_page_cache(), transaction.atomic(), _without_cyclic_gc():
                    one_upload_at_a_time(plan)
                    batch = ImportBatch.objects.create(plan=plan, file_name=file_name, actor=actor,
                                                       all_or_nothing=all_or_nothing, own_employer=own_employer or "")
                    store = _Store(plan.id, batch.id, own_employer)
                    _run(table, validator, store, report, result, chunk_size, progress, on_chunk)
                    stored, known = store.store_counts()
                    result.stored += stored
                    result.already_known += known
                    if all_or_nothing and result.rejected:
                        transaction.set_rollback(True)
                        result.rolled_back, result.stored = True, 0
                    else:
                        result.batch_id = batch.pk
                        store.refresh_statistics(result.stored)
                        ImportBatch.objects.filter(pk=batch.pk).update(
                            rows_read=result.rows_read, stored=result.stored,
                            already_known=result.already_known, rejected=result.rejected,
                            birth_date_conflicts=result.birth_date_conflicts)
            except UnusableInput:
                report.discard()  # nothing is stored, so no row's error applies
                raise
    finally:
        report.close()
    record("participants_imported", actor=actor, plan=plan, file=file_name, rows_read=result.rows_read,
           stored=result.stored, already_known=result.already_known,
           rejected=result.rejected, birth_date_conflicts=result.birth_date_conflicts,
           all_or_nothing=all_or_nothing, rolled_back=result.rolled_back)
    return result


def _run(table: Table, validator: RowValidator, store: _Store, report: _ErrorReport, result: ImportResult,
         chunk_size: int, progress, on_chunk) -> None:
    validate = validator.validate
    valid: list[ValidRow] = []
    errors: list[RowError] = []
    in_chunk = 0

    def flush() -> None:
        stored, known, duplicates, conflicts = store.flush(valid)
        result.stored += stored
        result.already_known += known
        result.rejected += len(duplicates)
        result.birth_date_conflicts += len(conflicts)
        room = _SHOWN_ERRORS - len(result.birth_date_conflict_rows)
        if room > 0:
            result.birth_date_conflict_rows.extend(conflicts[:room])
        errors.extend(duplicates)
        if errors:
            report.add(errors)
        valid.clear()
        errors.clear()
        if progress:
            progress(table.position(), table.total)
        if on_chunk:
            on_chunk(result)

    for row, cells in table.rows:
        if not any(cells):
            continue  # blank line
        in_chunk += 1
        ok, row_errors = validate(row, cells)
        if row_errors is None:
            valid.append(ok)
        else:
            errors.extend(row_errors)
            result.rejected += 1
        if in_chunk >= chunk_size:
            result.rows_read += in_chunk
            in_chunk = 0
            flush()
    result.rows_read += in_chunk
    flush()
