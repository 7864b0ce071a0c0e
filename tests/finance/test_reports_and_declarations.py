"""Progress reports and their deadlines; the final declaration, its PDF, lateness and the registry."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from sectorplannen.audit.models import AuditEvent
from sectorplannen.finance.deadlines import declaration_due_on, progress_reports_due
from sectorplannen.finance.declarations import looks_like_pdf, participant_excess
from sectorplannen.finance.models import FinalDeclaration, validate_pdf
from sectorplannen.finance.services import (
    DeclaredMeasure,
    RealisedSoFar,
    Refused,
    overdue_progress_reports,
    reconcile_declaration,
    submit_final_declaration,
    submit_progress_report,
)
from sectorplannen.plans.models import PlanStatus
from sectorplannen.workflow.services import transition

from .factories import WORKED_EXAMPLE, declared_plan, revise, rules

START = dt.date(2014, 7, 1)
PDF = b"%PDF-1.4\n%fake but starts right\n"


@pytest.mark.parametrize(("end", "months"), [
    (dt.date(2016, 6, 30), [12]),  # 24 months: the final declaration covers month 24
    (dt.date(2016, 12, 31), [12, 24]),  # extended: also a report at 24 months
    (dt.date(2015, 6, 30), []),  # a one-year plan only declares
])
def test_progress_reports_due(end, months):
    due = progress_reports_due(START, end, rules())
    assert [d.month for d in due] == months
    if due:
        assert due[0].period_end == dt.date(2015, 7, 1)
        assert due[0].due_on == dt.date(2015, 7, 1) + dt.timedelta(weeks=8)


def test_declaration_due_13_weeks_after_the_end():
    assert declaration_due_on(dt.date(2016, 6, 30), rules()) == dt.date(2016, 9, 29)


def test_pdf_magic_bytes():
    assert looks_like_pdf(PDF)
    assert not looks_like_pdf(b"PK\x03\x04 a zip named .pdf")
    validate_pdf(ContentFile(PDF, name="a.pdf"))
    with pytest.raises(ValidationError):
        validate_pdf(ContentFile(b"<html>", name="verklaring.pdf"))


@pytest.mark.parametrize(("declared", "registered", "flagged"), [
    ({"A": 10}, {"A": 10}, []),
    ({"A": 11}, {"A": 10}, [("A", 11, 10)]),
    ({"A": 5, "B": 3}, {"A": 9}, [("B", 3, 0)]),  # nothing registered for B
    ({"A": None}, {}, []),
])
def test_participant_excess(declared, registered, flagged):
    assert [(e.measure, e.declared, e.registered) for e in participant_excess(declared, registered)] == flagged


def running_plan(**kwargs):
    return declared_plan(declared_on=None, status=PlanStatus.RUNNING, decided_on=START, start=START, **kwargs)


def realised(**override):
    lines = {code: RealisedSoFar(rp, D(ec) / 2) for code, _, _, _, _, rp, ec in WORKED_EXAMPLE}
    lines.update(override)
    return lines


@pytest.mark.django_db
class TestProgressReports:
    def test_overdue_until_submitted(self):
        plan = running_plan()
        due = dt.date(2015, 7, 1) + dt.timedelta(weeks=8)
        assert overdue_progress_reports(due) == []
        [late] = overdue_progress_reports(due + dt.timedelta(days=3))
        assert (late.plan, late.month, late.days_overdue) == (plan, 12, 3)
        assert "te laat" in late.message
        report = submit_progress_report(plan, 12, due + dt.timedelta(days=4), realised())
        assert report.is_late and report.lines.count() == 4
        assert overdue_progress_reports(due + dt.timedelta(days=5)) == []

    def test_declared_plans_are_not_chased(self):
        declared_plan(decided_on=START, start=START)
        assert overdue_progress_reports(dt.date(2020, 1, 1)) == []

    def test_extension_adds_the_24_month_report(self):
        plan = running_plan()
        revise(plan, max_subsidy=plan.latest_decision().max_subsidy_eur, decided_on=dt.date(2015, 9, 1),
               end=dt.date(2016, 12, 31))
        assert [o.month for o in overdue_progress_reports(dt.date(2017, 1, 1))] == [12, 24]

    @pytest.mark.parametrize(("month", "lines", "words"), [
        (6, realised(), "geen voortgangsrapportage voorzien"),
        (12, {"mobility": RealisedSoFar(1, D("1"))}, "ontbreekt"),
        (12, realised(extra=RealisedSoFar(1, D("1"))), "niet in de laatste beschikking"),
        (12, realised(mobility=RealisedSoFar(-1, D("1"))), "negatief"),
        (12, realised(mobility=RealisedSoFar(1, D("1.001"))), "centen"),
    ])
    def test_refused(self, month, lines, words):
        with pytest.raises(Refused) as exc:
            submit_progress_report(running_plan(), month, dt.date(2015, 8, 1), lines)
        assert any(words in p for p in exc.value.problems), exc.value.problems

    def test_only_once_per_month(self):
        plan = running_plan()
        submit_progress_report(plan, 12, dt.date(2015, 8, 1), realised())
        with pytest.raises(Refused, match="al ingediend"):
            submit_progress_report(plan, 12, dt.date(2015, 8, 2), realised())


def declared(**override):
    lines = {code: DeclaredMeasure(rp, D(ec), own_funding={"training_fund": D(ec) / 2})
             for code, _, _, _, _, rp, ec in WORKED_EXAMPLE}
    lines.update(override)
    return lines


@pytest.mark.django_db
class TestFinalDeclaration:
    def test_on_time(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        plan = running_plan()
        d = transition(plan, "declare", None, submitted_on=dt.date(2016, 9, 29), lines=declared(),
                       auditor_statement=ContentFile(PDF, name="x.pdf"))
        assert not d.is_late and d.due_on == dt.date(2016, 9, 29)
        assert d.auditor_statement.read().startswith(b"%PDF-")
        assert d.lines.count() == 4
        line = d.lines.get(measure__code="training")
        assert line.own_funding_realised == [{"source": "training_fund", "amount_eur": "867500.00"}]
        plan.refresh_from_db()
        assert plan.status == PlanStatus.DECLARED
        assert AuditEvent.objects.get(event="final_declaration_submitted").context["late"] is False

    def test_late_is_accepted_and_flagged(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        d = submit_final_declaration(running_plan(), dt.date(2016, 9, 30), declared(), ContentFile(PDF, name="x"))
        assert d.is_late
        assert AuditEvent.objects.get(event="final_declaration_submitted").context["late"] is True

    def test_an_extension_moves_the_deadline(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        plan = running_plan()
        revise(plan, max_subsidy=plan.latest_decision().max_subsidy_eur, decided_on=dt.date(2015, 9, 1),
               end=dt.date(2016, 12, 31))
        d = submit_final_declaration(plan, dt.date(2017, 3, 1), declared(), ContentFile(PDF, name="x"))
        assert not d.is_late

    @pytest.mark.parametrize(("statement", "lines", "words"), [
        (None, declared(), "accountantsverklaring ontbreekt"),
        (b"GIF89a", declared(), "PDF-bestand"),
        (PDF, declared(extra=DeclaredMeasure(1, D("1"))), "niet in de laatste beschikking"),
        (PDF, {"mobility": DeclaredMeasure(100, D("1"))}, "ontbreekt"),
        (PDF, declared(mobility=DeclaredMeasure(100, D("-1"))), "subsidiabele kosten"),
        (PDF, declared(mobility=DeclaredMeasure(10, D("1"), realised_youth_participants=11)), "meer jongeren"),
        (PDF, declared(mobility=DeclaredMeasure(10, D("1"), own_funding={"gemeente": D("5")})), "onbekende bron"),
    ])
    def test_refused(self, statement, lines, words):
        plan = running_plan()
        file = None if statement is None else ContentFile(statement, name="verklaring.pdf")
        with pytest.raises(Refused) as exc:
            submit_final_declaration(plan, dt.date(2016, 9, 1), lines, file)
        assert any(words in p for p in exc.value.problems), exc.value.problems
        assert not FinalDeclaration.objects.filter(plan=plan).exists()

    def test_only_one_declaration(self):
        with pytest.raises(Refused, match="al een einddeclaratie"):
            submit_final_declaration(declared_plan(), dt.date(2016, 9, 1), declared(), ContentFile(PDF, name="x"))

    def test_reconcile_with_the_registry(self):
        plan = declared_plan()
        flagged = reconcile_declaration(plan.final_declaration, {"mobility": 100, "training": 90})
        # work_placements has nothing registered; "other" has no individual registration
        assert [(e.measure, e.declared, e.registered) for e in flagged] == [("training", 95, 90),
                                                                            ("work_placements", 3400, 0)]
        assert "5 te veel" in flagged[0].message
