"""The goals → indicators table as rows: per theme, each narrow goal beside the outcome that tests it."""

from __future__ import annotations

from dataclasses import dataclass

from .codebook import Codebook


@dataclass(frozen=True)
class GoalRow:
    theme: str
    goal: str
    goal_label: str
    indicators: tuple[tuple[str, str], ...]  # (table, outcome)


def goal_rows(book: Codebook, language: str = "nl") -> list[GoalRow]:
    out = []
    for theme, answer_list in book.goals.items():
        for c in answer_list.categories:
            refs = tuple(tuple(ref.split(":", 1)) for ref in book.indicators.get(c.code, ()))
            out.append(GoalRow(theme, c.code, c.label(language), refs))
    return out
