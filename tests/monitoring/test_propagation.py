"""Changing one reference figure changes every table that depends on it, and nothing else."""

import csv

import pytest
from django.db import transaction

from sectorplannen.monitoring.services import realisation_tables
from sectorplannen.workflow.reference import BUNDLED_FILES, import_reference

PLAN, TRAJECTORY = "Achterhoek", "ww_to_work"


def _tables(t3_file) -> dict:
    import_reference(BUNDLED_FILES[0])
    summary = import_reference(t3_file)
    assert not summary.rejected
    return {t.id: t for t in realisation_tables()}


def _changed_cells(before: dict, after: dict) -> dict[str, set]:
    changed: dict[str, set] = {}
    assert before.keys() == after.keys()
    for tid, t in before.items():
        other = after[tid]
        cells = {(row[0], t.columns[i].title) for row, new in zip(t.rows, other.rows, strict=True)
                 for i, (a, b) in enumerate(zip(row, new, strict=True)) if a != b}
        if [c.title for c in t.columns] != [c.title for c in other.columns] or len(t.rows) != len(other.rows):
            cells.add(("*", "structure"))
        if cells:
            changed[tid] = cells
    return changed


@pytest.mark.django_db
def test_one_realised_figure_moves_exactly_its_dependants(tmp_path):
    with BUNDLED_FILES[1].open() as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    row = next(r for r in rows if r["plan"] == PLAN and r["category"] == TRAJECTORY)
    row["realised_participants"] = str(int(row["realised_participants"]) + 4)
    changed_file = tmp_path / "t3.csv"
    with changed_file.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    with transaction.atomic():
        before = _tables(BUNDLED_FILES[1])
        transaction.set_rollback(True)
    after = _tables(changed_file)
    changed = _changed_cells(before, after)

    # the evaluation's tables that count realised tranche-3 participants, and our own that do
    assert set(changed) == {"S.1", "10.1", "6.1", "A.9", "M.1", "M.3b", "M.10", "M.11", "M.13"}
    assert changed["A.9"] == {(PLAN, "Vanuit WW-uitkering naar baan"), (PLAN, "Totaal"),
                              ("Totaal", "Vanuit WW-uitkering naar baan"), ("Totaal", "Totaal")}
    assert {r for r, _ in changed["S.1"]} == {"Aantal bereikte deelnemers",
                                              "Aantal bereikte deelnemers t.o.v. initiële ambitie"}
    assert {c for _, c in changed["S.1"]} == {"Tranche 3"}
    # the share of every trajectory in the realised total moves; planned figures do not
    assert {c for _, c in changed["6.1"]} == {"Gerealiseerd aantal deelnemers", "Percentage bereikt",
                                              "Percentage gerealiseerde deelnemers van totaal deelnemers"}
    assert {r for r, _ in changed["M.11"]} == {PLAN} and {r for r, _ in changed["M.13"]} == {PLAN}
