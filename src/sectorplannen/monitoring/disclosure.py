"""No output of the realisation tables shows fewer than 10 people: for readers outside the agency (the
API's ``/rapportages/realisatie``) a count of people between 0 and the disclosure threshold is
suppressed, as the evaluation's outcome tables are (formats §6, the same threshold).

A cell counts people when its column (or, in a column of mixed kinds, its row) holds whole numbers
(``int``, ``k_persons``) and its title does not name plans, measures or decision versions: counts of
those are not people. A suppressed cell is ``None``, shown as the column's "missing" mark (–), and
the table says so in a note."""

from __future__ import annotations

import dataclasses

from sectorplannen.evaluation.definitions import DISCLOSURE_THRESHOLD

from .tables import Table

PERSON_KINDS = ("int", "k_persons")
NOT_PEOPLE = ("plan", "maatregel", "versie", "weggelaten")  # words in the titles of counts of things
NOTE = f"Aantallen van minder dan {DISCLOSURE_THRESHOLD} personen zijn onderdrukt (–)."


def _counts_people(kind: str, title: str) -> bool:
    return kind in PERSON_KINDS and not any(word in str(title).lower() for word in NOT_PEOPLE)


def _small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < abs(value) < DISCLOSURE_THRESHOLD


def protect(table: Table) -> tuple[Table, int]:
    """``table`` with every small count of people suppressed, and how many cells were."""
    suppressed = 0
    rows = []
    for i, row in enumerate(table.rows):
        cells = list(row)
        for j, column in enumerate(table.columns):
            kind, title = column.kind, column.title
            if kind == "mixed" and i < len(table.row_kinds):
                kind, title = table.row_kinds[i], row[0]
            if j < len(cells) and _counts_people(kind, title) and _small(cells[j]):
                cells[j] = None
                suppressed += 1
        rows.append(tuple(cells))
    if not suppressed:
        return table, 0
    return dataclasses.replace(table, rows=tuple(rows), notes=(*table.notes, NOTE)), suppressed
