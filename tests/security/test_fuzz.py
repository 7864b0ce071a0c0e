"""Fuzzing the upload reader and the JSON readers (hypothesis): whatever the bytes, the answer is a
result or a clear ``UnusableInput``/``UnusableJson`` (never another exception), and an unusable file
writes nothing (no row, no upload record, an error report with its header only)."""

from __future__ import annotations

import contextlib
import csv
import io
import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sectorplannen.common.jsonfile import UnusableJson, parse_json
from sectorplannen.participants.models import ImportBatch, Person, Registration
from sectorplannen.participants.services import UnusableInput, import_participants
from tests.participants.conftest import DUTCH_HEADER, ENGLISH_HEADER, make_plan

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

cell = st.one_of(st.text(max_size=30), st.sampled_from(["M01", "M02", "M03", "999990019", "123 456 782", "1980-02-01",
                                                         "2015-04-01", "01-04-2015", "student", "", "=1+1", "\x00"]))
header = st.one_of(st.just(ENGLISH_HEADER), st.just(DUTCH_HEADER), st.lists(st.text(max_size=12), max_size=9))
table = st.tuples(header, st.lists(st.lists(cell, max_size=10), max_size=25), st.sampled_from([",", ";", "\t"]),
                  st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))


def _csv_bytes(head, rows, delimiter, encoding) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(head)
    writer.writerows(rows)
    return buf.getvalue().encode(encoding, errors="replace")


def _import(plan, data: bytes, tmp_path):
    """Import inside a savepoint that is rolled back, so that every example starts empty."""
    errors = tmp_path / "e.csv"
    with transaction.atomic():
        before = (Person.objects.count(), Registration.objects.count(), ImportBatch.objects.count())
        try:
            result = import_participants(plan, io.BytesIO(data), file_name="fuzz.csv", errors_path=errors)
        except UnusableInput:
            after = (Person.objects.count(), Registration.objects.count(), ImportBatch.objects.count())
            assert after == before  # nothing written
            lines = errors.read_text(encoding="utf-8").splitlines() if errors.exists() else []
            assert lines[:1] in ([], ["row,column,code,message"])
            assert all(line.startswith("1,") for line in lines[1:])  # at most the missing columns
        else:
            assert Registration.objects.count() - before[1] <= result.stored
            assert result.stored + result.already_known + result.rejected == result.rows_read
        transaction.set_rollback(True)


@pytest.fixture
def plan(db):
    return make_plan()


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(plan, tmp_path, data):
    _import(plan, data, tmp_path)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_behind_a_zip_or_csv_header(plan, tmp_path, data):
    _import(plan, b"PK\x03\x04" + data, tmp_path)
    _import(plan, (b"measure,bsn,birth_date,start_date,target_group\n") + data, tmp_path)


@FUZZ
@given(shape=table)
def test_random_csv_shapes(plan, tmp_path, shape):
    _import(plan, _csv_bytes(*shape), tmp_path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=30)


@FUZZ
@given(data=st.binary(max_size=500))
def test_json_random_bytes(data):
    with contextlib.suppress(UnusableJson):
        parse_json(data)


@FUZZ
@given(value=json_values, depth=st.integers(0, 3000), brackets=st.sampled_from(["[]", "{}"]))
def test_json_random_nesting(value, depth, brackets):
    opening, closing = (("[", "]") if brackets == "[]" else ('{"a":', "}"))
    text = opening * depth + json.dumps(value) + closing * depth
    try:
        parse_json(text)
    except UnusableJson as exc:
        assert str(exc)


@FUZZ
@given(value=json_values)
def test_settle_and_plans_check_answer_any_json_with_0_1_or_2(tmp_path_factory, value):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path_factory.mktemp("doc") / "doc.json"
    path.write_text(json.dumps(value))
    for command in (("settle", str(path)), ("plans", "check", str(path))):
        try:
            call_command(*command, stdout=io.StringIO(), stderr=io.StringIO())
        except SystemExit as exc:
            assert exc.code in (1, 2)
        except CommandError as exc:
            assert exc.returncode in (1, 2)
