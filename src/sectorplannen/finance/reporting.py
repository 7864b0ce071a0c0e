"""Progress reports and the final declaration: what the applicant reports after the grant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.common.money import CENT, is_cents
from sectorplannen.plans.models import GrantDecision, Plan, PlanStatus

from .deadlines import progress_reports_due
from .declarations import ParticipantExcess, participant_excess
from .models import (
    DeclarationLine,
    FinalDeclaration,
    ProgressReport,
    ProgressReportLine,
    validate_pdf,
)


@dataclass(frozen=True)
class RealisedSoFar:
    participants: int | None
    costs_eur: Decimal


@dataclass(frozen=True)
class OverdueProgressReport:
    plan: Plan
    month: int
    due_on: dt.date
    days_overdue: int

    @property
    def message(self) -> str:
        return (f"{self.plan}: voortgangsrapportage na {self.month} maanden had uiterlijk {self.due_on:%d-%m-%Y} "
                f"binnen moeten zijn ({self.days_overdue} dagen te laat).")


def _lines_of(decision: GrantDecision):
    return {line.measure.code: line for line in decision.lines.select_related("measure")}


@transaction.atomic
def submit_progress_report(
    plan: Plan, month: int, submitted_on: dt.date, lines: Mapping[str, RealisedSoFar], *, actor=None
) -> ProgressReport:
    """Store a progress report covering every measure of the latest decision."""
    decision = plan.latest_decision()
    if decision is None:
        raise Refused(["Er is nog geen beschikking: er valt niets te rapporteren."])
    due = {d.month: d for d in progress_reports_due(decision.start_date, decision.end_date, plan.scheme.rules)}
    problems = []
    if month not in due:
        expected = ", ".join(str(m) for m in due) or "geen"
        problems.append(f"Na {month} maanden is geen voortgangsrapportage voorzien (wel na: {expected}).")
    elif plan.progress_reports.filter(month=month).exists():
        problems.append(f"De voortgangsrapportage na {month} maanden is al ingediend.")
    granted = _lines_of(decision)
    problems += _coverage_problems(granted, lines)
    for code, r in lines.items():
        if r.participants is not None and r.participants < 0:
            problems.append(f"Maatregel {code}: het aantal deelnemers mag niet negatief zijn.")
        if not is_cents(r.costs_eur) or r.costs_eur < 0:
            problems.append(f"Maatregel {code}: de kosten moeten een niet-negatief bedrag in centen zijn.")
    if problems:
        raise Refused(problems)
    report = ProgressReport.objects.create(plan=plan, month=month, period_end=due[month].period_end,
                                           due_on=due[month].due_on, submitted_on=submitted_on, submitted_by=actor)
    ProgressReportLine.objects.bulk_create([
        ProgressReportLine(report=report, measure=granted[code].measure, realised_participants=r.participants,
                           realised_costs_eur=r.costs_eur)
        for code, r in lines.items()
    ])
    record("progress_report_submitted", actor=actor, plan=plan, month=month, late=report.is_late)
    return report


def _coverage_problems(granted: Mapping[str, Any], lines: Mapping[str, Any]) -> list[str]:
    problems = [f"Maatregel {code} staat niet in de laatste beschikking." for code in sorted(set(lines) - set(granted))]
    problems += [f"Maatregel {code} ontbreekt." for code in sorted(set(granted) - set(lines))]
    return problems


def overdue_progress_reports(today: dt.date) -> list[OverdueProgressReport]:
    """Progress reports of running plans whose deadline has passed without a report, oldest first."""
    overdue = []
    plans = (Plan.objects.filter(status__in=[PlanStatus.GRANTED, PlanStatus.RUNNING])
             .select_related("scheme").prefetch_related("decisions", "progress_reports"))
    for plan in plans:
        decisions = sorted(plan.decisions.all(), key=lambda d: d.version)
        if not decisions:
            continue
        latest = decisions[-1]
        submitted = {r.month for r in plan.progress_reports.all()}
        for due in progress_reports_due(latest.start_date, latest.end_date, plan.scheme.rules):
            if due.due_on < today and due.month not in submitted:
                overdue.append(OverdueProgressReport(plan, due.month, due.due_on, (today - due.due_on).days))
    return sorted(overdue, key=lambda o: (o.due_on, o.plan.name))


# -- final declaration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclaredMeasure:
    realised_participants: int | None
    eligible_costs_eur: Decimal
    realised_youth_participants: int | None = None
    own_funding: Mapping[str, Decimal] = field(default_factory=dict)


@transaction.atomic
def submit_final_declaration(
    plan: Plan, submitted_on: dt.date, lines: Mapping[str, DeclaredMeasure], auditor_statement: File | None,
    *, actor=None,
) -> FinalDeclaration:
    """Store the final declaration with the auditor's statement (a PDF); the workflow's ``declare``
    transition calls this and moves the plan on. A late declaration is
    accepted and flagged (``is_late``, audit event); the assessor decides what follows."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    decision = plan.latest_decision()
    if decision is None:
        raise Refused(["Er is geen beschikking: er valt niets te declareren."])
    if FinalDeclaration.objects.filter(plan=plan).exists():
        raise Refused(["Voor dit plan is al een einddeclaratie ingediend."])
    problems = []
    if auditor_statement is None:
        problems.append("De accountantsverklaring ontbreekt.")
    else:
        try:
            validate_pdf(auditor_statement)
        except ValidationError as exc:
            problems += exc.messages
    granted = _lines_of(decision)
    problems += _coverage_problems(granted, lines)
    sources = plan.scheme.rules.own_funding_sources
    for code, d in lines.items():
        problems += _declared_problems(code, d, sources)
    if problems:
        raise Refused(problems)
    declaration = FinalDeclaration(plan=plan, submitted_on=submitted_on, submitted_by=actor)
    declaration.auditor_statement.save(f"accountantsverklaring-plan-{plan.pk}.pdf", auditor_statement, save=False)
    declaration.save()
    DeclarationLine.objects.bulk_create([
        DeclarationLine(
            declaration=declaration, measure=granted[code].measure, realised_participants=d.realised_participants,
            realised_youth_participants=d.realised_youth_participants, eligible_costs_eur=d.eligible_costs_eur,
            own_funding_realised=[{"source": s, "amount_eur": str(a.quantize(CENT))}
                                  for s, a in sorted(d.own_funding.items())],
        )
        for code, d in lines.items()
    ])
    record("final_declaration_submitted", actor=actor, plan=plan, late=declaration.is_late,
           due_on=declaration.due_on.isoformat())
    return declaration


def _declared_problems(code: str, d: DeclaredMeasure, sources: tuple[str, ...]) -> list[str]:
    problems = []
    for label, count in (("deelnemers", d.realised_participants), ("jongeren", d.realised_youth_participants)):
        if count is not None and count < 0:
            problems.append(f"Maatregel {code}: het aantal {label} mag niet negatief zijn.")
    if (d.realised_youth_participants or 0) > (d.realised_participants or 0):
        problems.append(f"Maatregel {code}: meer jongeren dan deelnemers gedeclareerd.")
    if not is_cents(d.eligible_costs_eur) or d.eligible_costs_eur < 0:
        problems.append(f"Maatregel {code}: de subsidiabele kosten moeten een niet-negatief bedrag in centen zijn.")
    for source, amount in d.own_funding.items():
        if source not in sources:
            problems.append(f"Maatregel {code}: onbekende bron van eigen financiering {source!r}.")
        if not is_cents(amount) or amount < 0:
            problems.append(f"Maatregel {code}: eigen financiering uit {source} moet een niet-negatief bedrag zijn.")
    return problems


def reconcile_declaration(declaration: FinalDeclaration, registered: Mapping[str, int]) -> list[ParticipantExcess]:
    """Measures (with individual registration) for which more participants were declared than the
    participant registry holds; ``registered`` maps measure code → registered count."""
    declared = {line.measure.code: line.realised_participants
                for line in declaration.lines.select_related("measure") if line.measure.individual_registration}
    return participant_excess(declared, registered)
