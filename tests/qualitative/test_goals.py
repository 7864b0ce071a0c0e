"""Narrow goals per measure (§1.1): in the application checks, in revisions, stored with the measure."""

from __future__ import annotations

import datetime as dt

import pytest

from sectorplannen.common.errors import Refused
from sectorplannen.plans.application import assess, submit_application
from sectorplannen.plans.examples import FORMATS, load
from sectorplannen.plans.models import Measure
from sectorplannen.qualitative.goals import current_goal_lists, goal_labels
from sectorplannen.schemes.models import SchemeVersion
from sectorplannen.workflow.services import transition

pytestmark = pytest.mark.django_db


def doc(**measure) -> dict:
    d = load(FORMATS)
    d["measures"][0].update(measure)
    return d


def codes(assessment, path_start="measures[0]") -> dict[str, str]:
    return {f.code: f.severity for f in assessment.findings if f.path.startswith(path_start)}


def require_goals(on: bool = True) -> None:
    for version in SchemeVersion.objects.all():
        version.parameters = {**version.parameters, "narrow_goals": {"required": on}}
        version.save()


def test_goals_from_the_themes_list_pass_and_missing_goals_are_a_warning():
    assert codes(assess(doc(goals=["human_capital", "up_to_date"], mechanism="skills"))) == {}
    assert codes(assess(doc())) == {"goals_missing": "warning"}
    finding = next(f for f in assess(doc()).findings if f.code == "goals_missing")
    assert finding.path == "measures[0].goals" and "Om- en bijscholing" in finding.message


def test_missing_goals_are_an_error_where_the_scheme_requires_them():
    require_goals()
    assert codes(assess(doc())) == {"goals_missing": "error"}


def test_a_goal_of_another_theme_or_an_unknown_mechanism_is_an_error():
    found = assess(doc(goals=["human_capital", "prevent_ww"], mechanism="telepathy"))
    assert codes(found) == {"unknown_goal": "error", "unknown_mechanism": "error"}
    wrong = next(f for f in found.findings if f.code == "unknown_goal")
    assert wrong.path == "measures[0].goals[1]" and "'prevent_ww'" in wrong.message
    assert codes(assess(doc(goals="human_capital"))) == {"invalid_value": "error"}


def test_english_message(settings):
    from django.utils import translation

    with translation.override("en"):
        finding = next(f for f in assess(doc()).findings if f.code == "goals_missing")
    assert finding.message.startswith("Measure 'M01' names no goals")


def test_goals_are_stored_with_the_measure_and_the_codebook_version():
    plan = submit_application(doc(goals=["human_capital"], mechanism="skills"))
    measure = plan.measures.get()
    assert (measure.goals, measure.mechanism, measure.goals_codebook) == (["human_capital"], "skills",
                                                                         current_goal_lists().version)
    labels, mechanism = goal_labels(measure)
    assert labels == ["Menselijk kapitaal in de sector vergroten"] and mechanism and mechanism != "skills"


@pytest.fixture
def granted(db):
    from sectorplannen.accounts.services import create_user

    assessor = create_user("a", role="assessor", password="x-correct-horse-1")
    officer = create_user("p", role="policy_officer", password="x-correct-horse-2")
    plan = submit_application(doc(goals=["human_capital"], mechanism="skills"))
    transition(plan, "grant", assessor, approved_by=officer, decided_on=dt.date(2014, 7, 1))
    return plan, assessor, officer


def revise(granted, changes):
    plan, assessor, officer = granted
    return transition(plan, "revise", assessor, approved_by=officer, changes=changes, reason="doelen bijgesteld",
                      analysis_date=dt.date(2014, 8, 1), requested_on=dt.date(2014, 9, 1))


def test_a_revision_naming_a_goal_outside_the_themes_list_is_refused(granted):
    with pytest.raises(Refused) as refused:
        revise(granted, [{"op": "set", "measure": "M01", "planned_participants": 400, "goals": ["prevent_ww"]}])
    assert {r.code for r in refused.value.refusals} == {"unknown_goal"}


def test_a_revision_changes_the_goals_and_split_parts_inherit_them(granted):
    revise(granted, [{"op": "set", "measure": "M01", "planned_participants": 450,
                      "goals": ["human_capital", "up_to_date"], "mechanism": "skills"}])
    plan = granted[0]
    assert Measure.objects.get(plan=plan, code="M01").goals == ["human_capital", "up_to_date"]
    revise(granted, [{"op": "split", "measure": "M01", "into": [
        {"code": "M01", "planned_participants": 200, "planned_costs_eur": "300000"},
        {"code": "M01b", "planned_participants": 200, "planned_costs_eur": "300000", "goals": ["future_insight"]}]}])
    parts = {m.code: m.goals for m in Measure.objects.filter(plan=plan)}
    assert parts == {"M01": ["human_capital", "up_to_date"], "M01b": ["future_insight"]}
