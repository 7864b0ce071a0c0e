"""What each transition writes besides the status: decision versions, declarations, settlements,
closing decisions and their ledger bookings. Each effect takes ``(plan, actor, approved_by, **data)``
and calls the app that owns the records; ``services.transition`` calls them, nothing else does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from sectorplannen.finance import services as finance
from sectorplannen.plans import services as plans
from sectorplannen.plans.models import Plan
from sectorplannen.qualitative.goals import store_revised_goals

from . import partner_survey
from .models import ClosingDecision, ClosingKind


def assessments_from(payload: dict) -> list[plans.MeasureAssessment]:
    """The assessor's verdicts as stored in a proposal (JSON) back into the domain's dataclass."""
    return [
        plans.MeasureAssessment(
            code=a["code"], verdict=a["verdict"], planned_participants=a.get("planned_participants"),
            planned_costs_eur=None if a.get("planned_costs_eur") is None else Decimal(a["planned_costs_eur"]),
            reason=a.get("reason", ""),
        )
        for a in payload.get("assessments", [])
    ]


def grant(plan: Plan, actor, approved_by, *, decided_on: dt.date, assessments=None, reason: str = "", **_):
    if assessments and isinstance(assessments[0], dict):
        assessments = assessments_from({"assessments": assessments})
    return plans.grant_decision(plan, assessments, decided_on=decided_on, actor=actor, approved_by=approved_by,
                                reason=reason)


def revise(plan: Plan, actor, approved_by, *, changes, reason: str, analysis_date, requested_on,
           first_progress_report_on=None, **_):
    decision = plans.revise(plan, changes, reason=reason, analysis_date=analysis_date, requested_on=requested_on,
                            first_progress_report_on=first_progress_report_on, actor=actor, approved_by=approved_by)
    store_revised_goals(plan, changes)
    return decision


def declare(plan: Plan, actor, approved_by, *, submitted_on: dt.date, lines, auditor_statement, **_):
    declaration = finance.submit_final_declaration(plan, submitted_on, lines, auditor_statement, actor=actor)
    # the partner survey opens with the declaration; its messages go out once the step is committed
    transaction.on_commit(lambda: partner_survey.invite(plan, submitted_on, actor=actor))
    return declaration


def settle(plan: Plan, actor, approved_by, *, settled_on: dt.date, reason: str = "", **_):
    return finance.settle_plan(plan, settled_on, actor, reason=reason, approved_by=approved_by)


def nothing(plan: Plan, actor, approved_by, **_):
    return None


def _close(kind: str, plan: Plan, actor, approved_by, on: dt.date, reasons: list[dict]) -> ClosingDecision:
    closing = ClosingDecision(plan=plan, kind=kind, decided_on=on, decided_by=actor, approved_by=approved_by,
                              reasons=reasons)
    closed = finance.close_without_subsidy(plan, on, reference=closing.reference, actor=actor)
    closing.granted_eur, closing.advanced_eur, closing.reclaimed_eur = (
        closed.granted_eur, closed.advanced_eur, closed.reclaimed_eur)
    closing.save()
    return closing


def refuse(plan: Plan, actor, approved_by, *, on: dt.date, reasons: list[dict], **_):
    return _close(ClosingKind.REFUSAL, plan, actor, approved_by, on, _clean(reasons))


def withdraw(plan: Plan, actor, approved_by, *, on: dt.date, reason: str = "", **_):
    reasons = [{"ground": "applicant", "text": reason.strip()}] if reason.strip() else []
    return _close(ClosingKind.WITHDRAWAL, plan, actor, approved_by, on, reasons)


def lapse(plan: Plan, actor, approved_by, *, on: dt.date, reason: str = "", **_):
    from .lapse import lapse_ground

    ground = lapse_ground(plan, on)
    reasons = [{"ground": ground.code, "text": ground.message}]
    if reason.strip():
        reasons.append({"ground": "note", "text": reason.strip()})
    return _close(ClosingKind.LAPSE, plan, actor, approved_by, on, reasons)


def reference(plan: Plan, actor, approved_by, *, write, **_):
    """The reference import writes the published decision and declaration itself."""
    return write(plan)


def _clean(reasons: list[dict]) -> list[dict]:
    return [{"ground": str(r.get("ground", "")), "text": str(r["text"]).strip()}
            for r in reasons if str(r.get("text", "")).strip()]
