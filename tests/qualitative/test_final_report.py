"""The final report in the database: prefilled figures, drafts, checks, submission, and the gate of
the final declaration where the scheme requires it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from sectorplannen.common.errors import Refused
from sectorplannen.finance.services import DeclaredMeasure, RealisedSoFar, submit_progress_report
from sectorplannen.plans.models import PlanStatus
from sectorplannen.qualitative.models import ReportStatus
from sectorplannen.qualitative.prefill import plan_frame
from sectorplannen.qualitative.reports import (
    ReportRefused,
    current_codebook,
    final_report_complete,
    progress,
    report_for,
    save_block,
    submit_report,
)
from sectorplannen.workflow.services import transition

from ..finance.factories import WORKED_EXAMPLE, declared_plan
from .answers import PLAN_ANSWERS, measure_answers

pytestmark = pytest.mark.django_db
START = dt.date(2014, 7, 1)
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def plan():
    plan = declared_plan(declared_on=None, status=PlanStatus.RUNNING, decided_on=START, start=START)
    # training reaches 50 of 95 planned: below the 98 % of the decision; the others reach theirs
    lines = {code: RealisedSoFar(rp if code != "training" else 50, Decimal(ec) / 2)
             for code, _, _, _, _, rp, ec in WORKED_EXAMPLE}
    submit_progress_report(plan, 12, dt.date(2015, 8, 1), lines)
    return plan


def require_report(plan, required=True):
    scheme = plan.scheme
    scheme.parameters = {**scheme.parameters, "final_report": {"required": required}}
    scheme.save()
    plan.scheme.refresh_from_db()


def fill(report):
    frame = plan_frame(report.plan)
    per_measure = {m.measure_id: measure_answers(m.below_plan) for m in frame.measures}
    save_block(report, "B", {}, per_measure)
    for block, answers in PLAN_ANSWERS.items():
        save_block(report, block, answers, {})


def declare(plan):
    lines = {code: DeclaredMeasure(rp, Decimal(ec)) for code, _, _, _, _, rp, ec in WORKED_EXAMPLE}
    return transition(plan, "declare", None, submitted_on=dt.date(2016, 8, 1), lines=lines,
                      auditor_statement=ContentFile(PDF, name="a.pdf"))


def test_gehaald_is_computed_from_the_latest_decision_and_the_latest_progress_report(plan):
    figures = {m.code: m for m in plan_frame(plan).measures}
    assert figures["training"].reached is False and figures["training"].realised == 50
    assert figures["mobility"].reached is True and figures["mobility"].realised_source == "progress_report"
    assert figures["other"].reached is None  # no planned number: nothing to reach


def test_a_reason_for_shortfall_only_where_the_measure_fell_short(plan):
    report = report_for(plan)
    frame = plan_frame(plan)
    ids = {m.code: m.measure_id for m in frame.measures}
    problems = save_block(report, "B", {}, {ids["mobility"]: {**measure_answers(False), "B6": ["preparation"]}})
    assert [(p.measure, p.code) for p in problems] == [("mobility", "not_below_plan")]
    assert report.measures.get(measure_id=ids["mobility"]).answers["B6"] == ["preparation"]  # kept as draft
    full = {"B": {m.measure_id: measure_answers(m.below_plan) for m in frame.measures}}
    del full["B"][ids["training"]]["B6"]
    save_block(report, "B", {}, full["B"])
    assert {(p.measure, p.question) for p in progress_problems(report)} == {("training", "B6")}


def progress_problems(report):
    from sectorplannen.qualitative.reports import block_problems

    return block_problems(report, "B")


def test_draft_progress_and_submission(plan):
    report = report_for(plan)
    assert progress(report) == {"A": True, "B": False, "C": False, "D": False}
    with pytest.raises(ReportRefused):
        submit_report(report)
    fill(report)
    assert all(progress(report).values())
    submit_report(report)
    report.refresh_from_db()
    assert report.state == ReportStatus.SUBMITTED and report.codebook.version == 1
    with pytest.raises(ReportRefused):
        save_block(report, "C", PLAN_ANSWERS["C"], {})


def test_declaration_refused_without_the_report_where_the_scheme_requires_it(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    require_report(plan)
    assert final_report_complete(plan)[0] is False
    with pytest.raises(Refused) as refused:
        declare(plan)
    assert "eindrapportage" in str(refused.value)
    report = report_for(plan)
    fill(report)
    with pytest.raises(Refused, match="concept"):
        declare(plan)
    submit_report(report)
    assert final_report_complete(plan) == (True, "")
    assert declare(plan).lines.count() == 4


def test_declaration_not_held_up_where_the_scheme_does_not_require_it(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    require_report(plan, required=False)
    assert final_report_complete(plan) == (True, "")
    assert declare(plan) is not None


def test_goals_named_in_the_application_are_the_reports_starting_point():
    plan = declared_plan(declared_on=None, status=PlanStatus.RUNNING, decided_on=START, start=START)
    measures = list(plan.measures.order_by("code"))
    first, second = measures[0], measures[1]
    allowed = current_codebook().codebook.goals[first.category].codes
    first.goals, first.mechanism = [allowed[0], "not_a_goal"], "skills"
    first.save()
    second.goals, second.mechanism = ["not_a_goal"], "telepathy"
    second.save()
    report = report_for(plan)
    answers = {m.measure.code: m.answers for m in report.measures.select_related("measure")}
    assert answers[first.code] == {"B4": [allowed[0]], "B4m": "skills"}
    assert second.code not in answers  # nothing valid to carry over
