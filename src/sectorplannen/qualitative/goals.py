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


@dataclass(frozen=True)
class StatedGoals:
    """What the application (or its latest revision) says a measure aims at: optional keys
    ``goals`` (codes of the theme's list) and ``mechanism`` on a measure of the document."""

    goals: tuple[str, ...]
    mechanism: str | None


def stated_goals(application: dict) -> dict[str, StatedGoals]:
    out = {}
    for m in application.get("measures") or []:
        if isinstance(m, dict) and (m.get("goals") or m.get("mechanism")):
            goals = m.get("goals") if isinstance(m.get("goals"), list) else []
            out[str(m.get("code"))] = StatedGoals(tuple(str(g) for g in goals), m.get("mechanism"))
    return out


def goal_problems(application: dict, book: Codebook) -> list[str]:
    """Goals and mechanisms that are not in the codebook's list for the measure's theme."""
    problems = []
    mechanisms = set(book.lists["mechanism"].codes)
    for m in application.get("measures") or []:
        if not isinstance(m, dict):
            continue
        code, theme = m.get("code"), m.get("category")
        allowed = set(book.goals[theme].codes) if theme in book.goals else set()
        goals = m.get("goals", [])
        if not isinstance(goals, list):
            problems.append(f"Maatregel {code}: 'goals' is een lijst van doelen.")
            continue
        problems += [f"Maatregel {code}: onbekend doel {g!r} voor thema {theme!r}." for g in goals if g not in allowed]
        if m.get("mechanism") not in (None, *mechanisms):
            problems.append(f"Maatregel {code}: onbekend mechanisme {m.get('mechanism')!r}.")
    return problems
