"""The built-in codebook versions as JSON documents; a data migration loads them into the database.

From then on the database is the truth: an administrator adds a category by saving a new version
(admin action "new version from this one"), and every answer keeps the version it was given under.
"""

from __future__ import annotations

from . import codebook_lists, codebook_lists2
from .codebook_goals import GOALS, INDICATORS
from .codebook_questions import QUESTIONS

SOURCE = ("Final evaluation of the sector plans (SEO/ecbo), coding frames as consolidated in "
          "docs qualitative.md §1.1, §2, §3(a) and §3(b); L-numbers are lines of its plain text.")


def _categories(rows) -> list[dict]:
    return [{"code": c, "nl": nl, "en": en, "lines": lines} for c, nl, en, lines in rows]


def codebook_v1() -> dict:
    lists = {**codebook_lists.LISTS, **codebook_lists2.LISTS}
    return {
        "version": 1,
        "title": "Codeboek eindrapportage en partnerenquête, versie 1",
        "source": SOURCE,
        "lists": {key: {"nl": nl, "en": en, "lines": lines, "categories": _categories(rows)}
                  for key, (nl, en, lines, rows) in lists.items()},
        "goals": {theme: _categories(rows) for theme, rows in GOALS.items()},
        "indicators": {goal: list(v) for goal, v in INDICATORS.items()},
        "questions": [{"id": qid, "block": block, "level": level, "kind": kind, "list": answer_list,
                       "nl": nl, "en": en, **options}
                      for qid, block, level, kind, answer_list, nl, en, options in QUESTIONS],
    }


CODEBOOKS: dict[int, dict] = {1: codebook_v1()}
