"""Narrow goals per measure (docs qualitative.md §1.1): the lists the application checks use, the
check of the goals a revision names, and the goals → indicators table as rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sectorplannen.common.errors import Reason
from sectorplannen.plans.checks import GoalLists
from sectorplannen.plans.models import Measure

from .codebook import Codebook
from .models import CodebookVersion
from .present import THEMES


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


def lists_of(version: CodebookVersion) -> GoalLists:
    book = version.codebook
    return GoalLists(version.version, {theme: lst.codes for theme, lst in book.goals.items()},
                     book.lists["mechanism"].codes, {code: nl for code, (nl, _en) in THEMES.items()})


def current_goal_lists() -> GoalLists | None:
    """The lists of the current codebook version (registered as the application checks' provider)."""
    version = CodebookVersion.objects.order_by("-version").first()
    return lists_of(version) if version is not None else None


def labels_of(category: str, goals, language: str = "nl") -> list[str]:
    """Labels of goal codes of a theme under the current codebook (a code not in it is shown as given)."""
    version = CodebookVersion.objects.order_by("-version").first()
    book = version.codebook if version else None
    if book is None or category not in book.goals:
        return [str(g) for g in goals]
    return [book.label(f"goals.{category}", g, language) for g in goals]


def goal_labels(measure, language: str = "nl") -> tuple[list[str], str]:
    """The labels of a measure's goals and mechanism under the codebook version they were chosen in."""
    return goal_labels_of([measure], language)[0]


def goal_labels_of(measures, language: str = "nl") -> list[tuple[list[str], str]]:
    """``goal_labels`` of many measures (a plan page), with one query for the codebook versions they
    name (and one more for the current version where a measure names one that is gone)."""
    named = [m for m in measures if m.goals or m.mechanism]
    wanted = {m.goals_codebook for m in named}
    versions = {v.version: v for v in CodebookVersion.objects.filter(version__in=wanted - {None})} if named else {}
    latest = CodebookVersion.objects.order_by("-version").first() if wanted - set(versions) else None
    return [_labels(m, (versions.get(m.goals_codebook) or latest).codebook, language) if m.goals or m.mechanism
            else ([], "") for m in measures]


def _labels(measure, book: Codebook, language: str) -> tuple[list[str], str]:
    goals = ([book.label(f"goals.{measure.category}", g, language) for g in measure.goals]
             if measure.category in book.goals else list(measure.goals))
    mechanism = book.label("mechanism", measure.mechanism, language) if measure.mechanism else ""
    return goals, mechanism


# -- revisions ----------------------------------------------------------------------------------------

def _measure_specs(change: dict) -> list[tuple[str | None, str, dict]]:
    """(code of the measure whose theme applies, code named, the part of the change with its goals)."""
    op = change.get("op")
    if op == "set":
        return [(change.get("measure"), str(change.get("measure")), change)]
    if op == "split" and isinstance(change.get("into"), list):
        return [(change.get("measure"), str(p.get("code")), p) for p in change["into"] if isinstance(p, dict)]
    if op == "merge" and isinstance(change.get("into"), dict) and isinstance(change.get("measures"), list):
        first = change["measures"][0] if change["measures"] else None
        return [(first, str(change["into"].get("code")), change["into"])]
    if op == "add" and isinstance(change.get("measure"), dict):
        return [(None, str(change["measure"].get("code")), change["measure"])]
    return []


def revision_goal_reasons(plan, changes: list[dict]) -> list[Reason]:
    """The goals a revision names for the measures it changes or creates: from the theme's list.
    A measure a revision creates (split, merge) keeps the goals of the measure it came from unless it
    names its own; one added from nothing must name them where the scheme requires it."""
    goals = current_goal_lists()
    if goals is None:
        return []
    rules = plan.scheme.rules
    themes = dict(plan.measures.values_list("code", "category"))
    out: list[Reason] = []
    for change in changes:
        if not isinstance(change, dict):
            continue
        for source, code, spec in _measure_specs(change):
            new_type = spec.get("type")
            theme = themes.get(source) if source is not None else (
                rules.category_of(new_type) if new_type in rules.measure_types else None)
            named = spec.get("goals")
            if named is None and "mechanism" not in spec:
                if source is None and rules.narrow_goals_required and theme in goals.by_theme:
                    out.append(Reason("goals_missing", _(
                        "De nieuwe maatregel %(code)s noemt geen doelen; kies ze uit de lijst van het thema "
                        "%(theme)s.") % {"code": code, "theme": goals.theme_labels.get(theme, theme)}))
                continue
            out += _named_reasons(code, theme, named, spec.get("mechanism"), rules, goals)
    return out


def _named_reasons(code: str, theme, named, mechanism, rules, goals: GoalLists) -> list[Reason]:
    label = goals.theme_labels.get(theme, theme)
    allowed = goals.by_theme.get(theme)
    if named is not None and not isinstance(named, list):
        return [Reason("invalid_change", _("Maatregel %(code)s: 'goals' is een lijst van doelen.") % {"code": code})]
    out = []
    if allowed is None and named:
        out.append(Reason("unknown_goal", _("Het thema of traject %(theme)s heeft geen lijst van doelen; laat de "
                                            "doelen van maatregel %(code)s leeg.") % {"theme": label, "code": code}))
    elif allowed is not None:
        if not named and rules.narrow_goals_required:
            out.append(Reason("goals_missing", _("Maatregel %(code)s noemt geen doelen; kies ze uit de lijst van het "
                                                 "thema %(theme)s.") % {"code": code, "theme": label}))
        out += [Reason("unknown_goal", _("Doel %(goal)s van maatregel %(code)s staat niet in de lijst van het thema "
                                         "%(theme)s (codeboek versie %(version)s).")
                       % {"goal": repr(g), "code": code, "theme": label, "version": goals.version})
                for g in named or [] if g not in allowed]
    if mechanism not in (None, "", *goals.mechanisms):
        out.append(Reason("unknown_mechanism", _("Onbekend mechanisme %(mechanism)r bij maatregel %(code)s.")
                          % {"mechanism": mechanism, "code": code}))
    return out


def revised_goals(changes: list[dict], current: dict[str, tuple[list, str]]) -> dict[str, tuple[list, str]]:
    """The goals and mechanism per measure code after a revision: named ones, else inherited from the
    measure a new one came from (a split part from the split measure, a merge from all merged ones)."""
    out: dict[str, tuple[list, str]] = {}
    for change in changes:
        if not isinstance(change, dict):
            continue
        if change.get("op") == "merge" and isinstance(change.get("measures"), list):
            merged = [g for c in change["measures"] for g in current.get(c, ([], ""))[0]]
            inherited = (list(dict.fromkeys(merged)), next((current[c][1] for c in change["measures"]
                                                            if current.get(c, ([], ""))[1]), ""))
        else:
            inherited = current.get(change.get("measure"), ([], "")) if isinstance(change.get("measure"), str) \
                else ([], "")
        for _source, code, spec in _measure_specs(change):
            if "goals" in spec or "mechanism" in spec:
                out[code] = (list(spec.get("goals") or []), spec.get("mechanism") or "")
            elif change.get("op") in ("split", "merge") and code not in current:
                out[code] = inherited
    return out


def store_revised_goals(plan, changes: list[dict]) -> None:
    """After a revision is decided: keep each changed or new measure's goals, with the codebook version."""
    goals = current_goal_lists()
    measures = {m.code: m for m in Measure.objects.filter(plan=plan)}
    current = {code: (list(m.goals), m.mechanism) for code, m in measures.items()}
    for code, (named, mechanism) in revised_goals(changes, current).items():
        if code in measures:
            Measure.objects.filter(pk=measures[code].pk).update(
                goals=named, mechanism=mechanism, goals_codebook=goals.version if goals else None)
