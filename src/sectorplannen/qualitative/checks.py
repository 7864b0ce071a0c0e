"""Checks of answers against a codebook: required answers and consistent combinations (no database).

A question is *asked* when its tranche matches and its condition holds (``when``); an answer to a
question that is not asked is an error, not silently kept: a reason for under-realisation given
for a measure that reached its target would be counted in the tabulations otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .codebook import Codebook, Question, valid_number


@dataclass(frozen=True)
class Context:
    """What decides which questions are asked: the tranche group, and for a measure its theme and
    whether it fell short of the latest decision (computed, never asked)."""

    tranche_group: str
    theme: str | None = None
    below_plan: bool | None = None


@dataclass(frozen=True)
class Problem:
    question: str
    code: str
    message: str
    measure: str | None = None


def asked(question: Question, answers: dict, ctx: Context) -> bool:
    if question.tranches and question.tranches != ctx.tranche_group:
        return False
    for other, codes in question.when.items():
        if other == "_below_plan":
            if ctx.below_plan not in codes:
                return False
            continue
        given = answers.get(other)
        given = given if isinstance(given, list) else [given]
        if not any(g in codes for g in given):
            return False
    return not (question.list == "goals" and ctx.theme is None)


def is_blank(value) -> bool:
    return value is None or value == "" or value == []


def check_answers(codebook: Codebook, questions: list[Question], answers: dict, ctx: Context,
                  *, measure: str | None = None, complete: bool = True) -> list[Problem]:
    """Problems of ``answers`` for ``questions``; with ``complete`` a missing required answer is one."""
    problems: list[Problem] = []

    def problem(q: Question, code: str, message: str) -> None:
        problems.append(Problem(q.id, code, message, measure))

    for q in questions:
        value = answers.get(q.id)
        if not asked(q, answers, ctx):
            if not is_blank(value):
                if "_below_plan" in q.when:
                    problem(q, "not_below_plan", _("Een reden voor achterblijvende realisatie hoort alleen bij een "
                                                   "maatregel die de beschikking niet haalde."))
                else:
                    problem(q, "not_asked", _("Deze vraag hoort niet bij uw eerdere antwoord; laat haar leeg."))
            continue
        if is_blank(value):
            if complete and q.required and (q.list != "goals" or codebook.answer_list(q, ctx.theme)):
                problem(q, "required", _("Beantwoord deze vraag."))
            continue
        problems += [Problem(q.id, code, msg, measure) for code, msg in _value_problems(codebook, q, value, ctx)]
    return problems


def _value_problems(codebook: Codebook, q: Question, value, ctx: Context) -> list[tuple[str, str]]:
    if q.kind in ("int", "eur", "pct"):
        return [] if valid_number(q.kind, value) else [("number", _("Vul een geldig, niet-negatief getal in."))]
    if q.kind == "text":
        return [] if isinstance(value, str) else [("text", _("Vul tekst in."))]
    answer_list = codebook.answer_list(q, ctx.theme)
    codes = set(answer_list.codes) if answer_list else set()
    chosen = value if q.kind == "multi" else [value]
    if q.kind == "multi" and not isinstance(value, list):
        return [("unknown_code", _("Kies uit de lijst."))]
    if q.kind == "single" and not isinstance(value, str):
        return [("unknown_code", _("Kies één antwoord uit de lijst."))]
    out = []
    if any(c not in codes for c in chosen):
        out.append(("unknown_code", _("Kies uit de lijst.")))
    if q.max and len(chosen) > q.max:
        out.append(("too_many", _("Kies er ten hoogste %(max)d.") % {"max": q.max}))
    if q.exclusive and q.exclusive in chosen and len(chosen) > 1:
        label = codebook.label(q.list, q.exclusive)
        out.append(("exclusive", _("‘%(label)s’ gaat niet samen met een ander antwoord.") % {"label": label}))
    return out
