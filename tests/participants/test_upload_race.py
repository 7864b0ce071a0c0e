"""Two uploads of one plan at once on a real PostgreSQL server: one stores the file, the other gets
a clear conflict at once; every registration is stored once, never a 500."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from sectorplannen.common.errors import Conflict
from sectorplannen.participants.models import ImportBatch, Registration
from sectorplannen.participants.services import import_participants

from .conftest import row, write_csv

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (advisory locks); run with DATABASE_URL=postgres://…")


def test_a_second_upload_while_the_first_runs_gets_a_conflict_and_rows_are_stored_once(plan, tmp_path, new_bsns):
    path = write_csv(tmp_path / "u.csv", [row(b) for b in new_bsns(3000)])
    running, second_done, results = threading.Event(), threading.Event(), {}

    def hold(done, total):  # the first upload waits, in the middle of its file, for the second to be answered
        running.set()
        second_done.wait(30)

    def first():
        try:
            results["first"] = import_participants(plan, path, chunk_size=1000, progress=hold)
        finally:
            connections.close_all()

    def second():
        running.wait(30)
        try:
            results["second"] = import_participants(plan, path)
        except Exception as exc:  # the outcome to compare
            results["second"] = exc
        finally:
            second_done.set()
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert isinstance(results["second"], Conflict) and results["second"].codes == {"upload_running"}, results
    assert results["first"].stored == 3000
    assert Registration.objects.filter(plan=plan).count() == 3000 and ImportBatch.objects.filter(plan=plan).count() == 1
    again = import_participants(plan, path)  # after the first: the same file again finds every row known
    assert (again.stored, again.already_known) == (0, 3000)
