"""Goals beside the figures that test them: per theme, each narrow goal of the codebook (docs
qualitative.md §1.1) with the share its indicator (the goals → indicators table, codebook data) has
in the evaluation's outcome tables by theme, on their latest measurement date. A goal the register
cannot test is listed with "–", so a reader sees which goals the figures say nothing about."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from sectorplannen.evaluation.definitions import TABLE_BY_NAME
from sectorplannen.qualitative.goals import goal_rows
from sectorplannen.qualitative.present import THEMES
from sectorplannen.qualitative.reports import current_codebook

from .tables import Column, Table

NOT_TESTED = "–"


def _by_theme(directory: Path, table: str) -> dict[tuple[str, str], Decimal | None]:
    """(theme, outcome) → share on the latest date of ``table``'s rows by theme (None: suppressed)."""
    path = directory / f"{table}.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["dimension"] == "category"]
    if not rows:
        return {}
    latest = max(r["measurement_date"] for r in rows)
    return {(r["group"], r["outcome"]): None if r["suppressed"].strip().lower() == "true" or r["share"] == ""
            else Decimal(r["share"]) for r in rows if r["measurement_date"] == latest}


def indicator_label(table: str, outcome: str) -> str:
    spec = TABLE_BY_NAME.get(table)
    return f"{spec.title}: {spec.label(outcome)}" if spec and outcome in spec.outcomes else f"{table}: {outcome}"


def goal_figure_rows(directory: Path, language: str = "nl") -> list[tuple[str, str, str, Decimal | None | str]]:
    """(theme, goal, indicator, share) per goal and indicator; share ``NOT_TESTED`` where the goal has no
    indicator or the outcome table is not there, None where the cell is suppressed."""
    version = current_codebook()
    if version is None:
        return []
    shares: dict[str, dict] = {}
    out = []
    for g in goal_rows(version.codebook, language):
        theme = THEMES.get(g.theme, (g.theme, g.theme))[1 if language == "en" else 0]
        if not g.indicators:
            out.append((theme, g.goal_label, NOT_TESTED, NOT_TESTED))
        for table, outcome in g.indicators:
            found = shares.setdefault(table, _by_theme(directory, table))
            key = (g.theme, outcome)
            out.append((theme, g.goal_label, indicator_label(table, outcome),
                        found.get(key, NOT_TESTED) if found else NOT_TESTED))
    return out


def goal_figure_table(directory: Path, table_id: str = "U.D") -> Table | None:
    """The rows as a report table (Dutch), or None when no outcome table by theme exists yet."""
    rows = goal_figure_rows(directory)
    if not any(isinstance(share, Decimal) or share is None for *_, share in rows):
        return None
    return Table(table_id, "Doelen per thema naast de uitkomst die ze toetst (laatste meetmoment)", (
        Column("Thema", "text"), Column("Doel", "text"), Column("Indicator (tabel: uitkomst)", "text"),
        Column("Aandeel deelnemers", "mixed")),
        tuple(rows), ("Welk doel welke uitkomst toetst, staat als gegevens in het codeboek (doelen → indicatoren); "
                      "–: het register toetst dit doel niet, de tabel ontbreekt of de cel is onderdrukt (minder "
                      "dan 10 personen).",),
        tuple("pct" if isinstance(share, Decimal) or share is None else "text" for *_, share in rows))
