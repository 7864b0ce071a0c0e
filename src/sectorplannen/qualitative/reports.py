"""The final report (eindrapportage): draft, check, submit, and the gate of the final declaration."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplannen.audit.services import record
from sectorplannen.common.errors import Reason, Refused
from sectorplannen.plans.models import Plan

from .checks import Context, Problem, check_answers, is_blank
from .codebook import Codebook, Question
from .models import CodebookVersion, FinalReport, MeasureReport, ReportStatus
from .prefill import MeasureFigures, PlanFrame, plan_frame

BLOCKS = ("A", "B", "C", "D")


class ReportRefused(Refused):
    """Answers that do not pass the checks; ``findings`` keep the question and measure of each."""

    def __init__(self, problems: list[Problem]):
        super().__init__([Reason(p.code, p.message) for p in problems])
        self.findings = problems


def current_codebook() -> CodebookVersion:
    return CodebookVersion.objects.order_by("-version").first()


def report_for(plan: Plan) -> FinalReport:
    """The plan's report, created as a draft under the current codebook the first time, with the goals
    and mechanism each measure named in its application or revisions (B4, B4m) filled in where they
    are in the current codebook's lists."""
    report, created = FinalReport.objects.get_or_create(plan=plan, defaults={"codebook": current_codebook()})
    if created:
        book = report.codebook.codebook
        rows = []
        for measure in plan.measures.all():
            allowed = book.goals[measure.category].codes if measure.category in book.goals else ()
            answers = {"B4": [g for g in measure.goals if g in allowed]}
            if measure.mechanism in book.lists["mechanism"].codes:
                answers["B4m"] = measure.mechanism
            answers = {k: v for k, v in answers.items() if v}
            if answers:
                rows.append(MeasureReport(report=report, measure=measure, answers=answers))
        MeasureReport.objects.bulk_create(rows)
    return report


def measure_answers(report: FinalReport) -> dict[int, dict]:
    return {mr.measure_id: mr.answers for mr in report.measures.all()}


def _context(frame: PlanFrame, figures: MeasureFigures | None = None) -> Context:
    if figures is None:
        return Context(frame.tranche_group)
    return Context(frame.tranche_group, figures.theme, figures.below_plan)


def _clean(book: Codebook, questions: list[Question], data: dict) -> dict:
    known = {q.id for q in questions}
    return {k: v for k, v in data.items() if k in known and not is_blank(v)}


@transaction.atomic
def save_block(report: FinalReport, block: str, plan_answers: dict, per_measure: dict[int, dict], *, actor=None
               ) -> list[Problem]:
    """Save one block as a draft (nothing is lost: answers are stored even with problems) and
    return the problems of that block, without counting missing answers."""
    if report.state == ReportStatus.SUBMITTED:
        raise ReportRefused([Problem("", "submitted", _("De eindrapportage is al ingediend."))])
    book = report.codebook.codebook
    frame = plan_frame(report.plan)
    if block == "B":
        existing = {mr.measure_id: mr for mr in report.measures.all()}
        for figures in frame.measures:
            answers = _clean(book, book.questions_of("measure"), per_measure.get(figures.measure_id, {}))
            row = existing.get(figures.measure_id) or MeasureReport(report=report, measure_id=figures.measure_id)
            row.answers = answers
            row.save()
    else:
        questions = book.questions_of("plan", block)
        kept = {k: v for k, v in report.answers.items() if k not in {q.id for q in questions}}
        report.answers = {**kept, **_clean(book, questions, plan_answers)}
        report.save()
    record("final_report_saved", actor=actor, plan=report.plan, block=block)
    return block_problems(report, block, frame, complete=False)


def block_problems(report: FinalReport, block: str, frame: PlanFrame | None = None, *, complete: bool = True
                   ) -> list[Problem]:
    book = report.codebook.codebook
    frame = frame or plan_frame(report.plan)
    if block != "B":
        return check_answers(book, book.questions_of("plan", block), report.answers, _context(frame),
                             complete=complete)
    answers = measure_answers(report)
    problems = []
    for figures in frame.measures:
        problems += check_answers(book, book.questions_of("measure"), answers.get(figures.measure_id, {}),
                                  _context(frame, figures), measure=figures.code, complete=complete)
    return problems


def progress(report: FinalReport, frame: PlanFrame | None = None) -> dict[str, bool]:
    """Per block whether it is complete and consistent."""
    frame = frame or plan_frame(report.plan)
    return {block: not block_problems(report, block, frame) for block in BLOCKS}


@transaction.atomic
def submit_report(report: FinalReport, *, actor=None) -> FinalReport:
    report = FinalReport.objects.select_for_update().get(pk=report.pk)
    if report.state == ReportStatus.SUBMITTED:
        raise ReportRefused([Problem("", "submitted", _("De eindrapportage is al ingediend."))])
    frame = plan_frame(report.plan)
    problems = [p for block in BLOCKS for p in block_problems(report, block, frame)]
    if problems:
        raise ReportRefused(problems)
    report.state, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, timezone.now(), actor
    report.save()
    record("final_report_submitted", actor=actor, plan=report.plan, codebook=report.codebook.version)
    return report


def final_report_complete(plan: Plan) -> tuple[bool, str]:
    """The gate of the final declaration: (True, "") when the scheme does not require a final report
    or the plan's report is submitted; otherwise (False, the reason for the applicant)."""
    if not plan.scheme.rules.final_report_required:
        return True, ""
    report = FinalReport.objects.filter(plan=plan).first()
    if report is None:
        return False, _("Vul eerst de eindrapportage in: de regeling vraagt haar bij de einddeclaratie.")
    if report.state != ReportStatus.SUBMITTED:
        return False, _("Rond eerst de eindrapportage af en dien haar in: zij is nog een concept.")
    return True, ""
