"""Finding 1 of the security review: nothing an upload answers may depend on another plan's data.

The same file is uploaded for a plan twice over: once for persons known only from another plan (with
other birth dates), once for fresh persons. Every count, line number, message and the stored upload
must be the same; a warning compares only with what this plan itself registered."""

from __future__ import annotations

import dataclasses

import pytest

from sectorplannen.participants.models import ImportBatch
from sectorplannen.participants.services import import_participants

from .conftest import make_plan, row, write_csv


def _rows(a: str, b: str) -> list[list[str]]:
    """Several rows per person with differing birth dates (the second person's true date is another's)."""
    return [row(a, birth="1980-02-01"), row(a, measure="M02", birth="1970-01-01"),
            row(a, start="2015-05-01", birth="1980-02-01"), row(b, birth="1985-03-03"),
            row(b, measure="M02", birth="1985-03-04"), row(a, start="2015-06-01", birth="1970-01-01")]


def _outcome(result) -> dict:
    seen = dataclasses.asdict(result)
    seen.pop("plan")
    seen.pop("file_name")
    seen.pop("batch_id")  # the upload's own row id, for the caller (an employer's upload); never shown
    return seen


@pytest.mark.parametrize("chunk_size", [1, 2, 10_000])
def test_upload_answers_do_not_depend_on_other_plans(db, tmp_path, new_bsns, chunk_size):
    other, mine = make_plan("Ander plan", sectors=["Zorg"]), make_plan("Mijn plan")
    known, fresh = new_bsns(2), new_bsns(2)
    # The other plan registered the first two persons with the dates that differ in "mine".
    import_participants(other, write_csv(tmp_path / "other.csv", [row(known[0], birth="1970-01-01"),
                                                                   row(known[1], birth="1985-03-04")]))
    outcomes = []
    for a, b in (known, fresh):
        path = write_csv(tmp_path / f"{a}.csv", _rows(a, b))
        first = import_participants(mine, path, chunk_size=chunk_size)
        again = import_participants(mine, path, chunk_size=chunk_size)  # unchanged re-import
        outcomes.append((_outcome(first), _outcome(again)))
    assert outcomes[0] == outcomes[1]
    first, again = outcomes[0]
    # Only this plan's own earlier dates count: row 3 (1970 vs this plan's 1980), row 6 and row 7.
    assert first["birth_date_conflict_rows"] == [3, 6, 7]
    assert again["birth_date_conflict_rows"] == first["birth_date_conflict_rows"]
    assert again["stored"] == 0 and again["already_known"] == 6
    batches = list(ImportBatch.objects.filter(plan=mine).order_by("id")
                   .values_list("rows_read", "stored", "already_known", "rejected", "birth_date_conflicts"))
    assert batches[:2] == batches[2:]
