"""The portal's own services: proposed decisions (four eyes), revision requests and the work queue.

A proposal stores what the first person drafted; approval by a second person with the right role
calls the domain service (``plans.services.grant`` / ``revise``, finance settlement) with
``actor=drafter, approved_by=approver``. A draft is tried in a rolled-back transaction first so
that the drafter sees refusals at once instead of the approver weeks later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.finance.services import Refused, settle_plan
from sectorplannen.plans.models import Plan, PlanStatus
from sectorplannen.plans.revisions import Refusal, apply_revision, diff
from sectorplannen.plans.revisions import RevisionRequest as PureRevisionRequest
from sectorplannen.plans.services import DecisionRefused, MeasureAssessment, decision_state, grant, revise

from . import clock
from .models import ProposedDecision, RevisionRequest


class _DryRun(Exception):
    """Raised to roll back a trial decision."""


def _assessments(payload: dict) -> list[MeasureAssessment]:
    return [
        MeasureAssessment(
            code=a["code"], verdict=a["verdict"], planned_participants=a.get("planned_participants"),
            planned_costs_eur=None if a.get("planned_costs_eur") is None else Decimal(a["planned_costs_eur"]),
            reason=a.get("reason", ""),
        )
        for a in payload.get("assessments", [])
    ]


def _take(proposal: ProposedDecision, approver):
    """Call the domain service for the proposal; raises DecisionRefused."""
    plan, payload = proposal.plan, proposal.payload
    if proposal.kind == "grant":
        return grant(plan, _assessments(payload), decided_on=clock.today(), actor=proposal.drafted_by,
                     approved_by=approver, reason=proposal.note)
    if proposal.kind == "revision":
        req = proposal.revision_request
        return revise(plan, req.changes, reason=req.reason, analysis_date=req.analysis_date,
                      requested_on=req.requested_on,
                      first_progress_report_on=req.first_progress_report_on,
                      actor=proposal.drafted_by, approved_by=approver)
    if proposal.kind == "settlement":
        try:
            return settle_plan(plan, clock.today(), actor=proposal.drafted_by, reason=proposal.note,
                               approved_by=approver)
        except Refused as refused:
            raise DecisionRefused([Refusal("settlement_refused", p) for p in refused.problems]) from refused
    raise ValueError(proposal.kind)


def trial(proposal: ProposedDecision) -> list[Refusal]:
    """What the decision would be refused for, without keeping anything."""
    try:
        with transaction.atomic():
            _take(proposal, approver=None)
            raise _DryRun
    except _DryRun:
        return []
    except DecisionRefused as refused:
        return list(refused.refusals)


@transaction.atomic
def propose(plan: Plan, kind: str, payload: dict, drafter, *, note: str = "",
            revision_request: RevisionRequest | None = None) -> ProposedDecision:
    """Store a drafted decision (after a trial run); raises DecisionRefused when it cannot be taken."""
    proposal = ProposedDecision(plan=plan, kind=kind, payload=payload, drafted_by=drafter, note=note,
                                revision_request=revision_request)
    refusals = trial(proposal)
    if refusals:
        raise DecisionRefused(refusals)
    proposal.save()
    if revision_request is not None:
        revision_request.status = "proposed"
        revision_request.save(update_fields=["status"])
    record("decision_proposed", actor=drafter, plan=plan, kind=kind, proposal=proposal.pk)
    return proposal


@transaction.atomic
def approve(proposal: ProposedDecision, approver):
    """The second pair of eyes: take the decision, or raise PermissionError/DecisionRefused."""
    proposal = ProposedDecision.objects.select_for_update().get(pk=proposal.pk)
    allowed, reason = perm.can_approve_proposal(approver, proposal)
    if not allowed:
        raise PermissionError(reason)
    taken = _take(proposal, approver)
    proposal.status, proposal.decided_by, proposal.decided_at = "approved", approver, timezone.now()
    proposal.outcome = f"version {getattr(taken, 'version', '')}".strip()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "outcome"])
    if proposal.revision_request_id:
        RevisionRequest.objects.filter(pk=proposal.revision_request_id).update(status="decided")
    record("decision_approved", actor=approver, plan=proposal.plan, kind=proposal.kind, proposal=proposal.pk)
    return taken


@transaction.atomic
def send_back(proposal: ProposedDecision, approver, outcome: str) -> None:
    proposal = ProposedDecision.objects.select_for_update().get(pk=proposal.pk)
    allowed, reason = perm.can_approve_proposal(approver, proposal)
    if not allowed:
        raise PermissionError(reason)
    proposal.status, proposal.decided_by, proposal.decided_at = "rejected", approver, timezone.now()
    proposal.outcome = outcome
    proposal.save(update_fields=["status", "decided_by", "decided_at", "outcome"])
    if proposal.revision_request_id:
        RevisionRequest.objects.filter(pk=proposal.revision_request_id).update(status="requested")
    record("decision_sent_back", actor=approver, plan=proposal.plan, kind=proposal.kind, proposal=proposal.pk)


# -- revisions -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RevisionPreview:
    refusals: tuple[Refusal, ...]
    rows: list  # plans.revisions.DiffRow


def preview_revision(plan: Plan, changes: list[dict], *, reason: str, analysis_date: dt.date | None,
                     requested_on: dt.date, first_progress_report_on: dt.date | None = None) -> RevisionPreview:
    """The outcome of a requested revision against the latest decision, as a diff (pure, nothing stored)."""
    latest = plan.latest_decision()
    previous = decision_state(latest)
    outcome = apply_revision(previous, PureRevisionRequest(
        changes=tuple(changes), reason=reason, analysis_date=analysis_date, requested_on=requested_on,
        first_progress_report_on=first_progress_report_on,
        previous_analysis_date=plan.analyses.aggregate(d=Max("date"))["d"],
    ), plan.scheme.rules)
    if not outcome.accepted:
        return RevisionPreview(outcome.refusals, [])
    return RevisionPreview((), diff(previous, outcome.state))


def request_revision(plan: Plan, user, *, changes: list[dict], reason: str, analysis_date: dt.date,
                     first_progress_report_on: dt.date | None = None) -> RevisionRequest:
    req = RevisionRequest.objects.create(plan=plan, requested_by=user, requested_on=clock.today(), reason=reason,
                                         analysis_date=analysis_date, changes=changes,
                                         first_progress_report_on=first_progress_report_on)
    record("revision_requested", actor=user, plan=plan, request=req.pk, changes=len(changes))
    return req


# -- work queue ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QueueItem:
    plan: Plan
    task: str  # Dutch description of what is to be done
    due_on: dt.date | None
    url_name: str
    url_arg: int

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < clock.today()


def work_queue() -> list[QueueItem]:
    """Everything waiting for the agency, earliest deadline first (deadlines from the scheme rules)."""
    items: list[QueueItem] = []
    pending = set(ProposedDecision.objects.filter(status="proposed").values_list("plan_id", "kind"))
    for plan in Plan.objects.filter(status=PlanStatus.SUBMITTED, is_reference=False).select_related("scheme"):
        due = plan.submitted_on + dt.timedelta(weeks=plan.scheme.rules.decision_weeks) if plan.submitted_on else None
        if (plan.pk, "grant") in pending:
            items.append(QueueItem(plan, "Besluit goedkeuren (vier ogen)", due, "portal:proposals", 0))
        else:
            items.append(QueueItem(plan, "Aanvraag beoordelen", due, "portal:assess", plan.pk))
    for req in RevisionRequest.objects.filter(status="requested").select_related("plan__scheme"):
        due = req.requested_on + dt.timedelta(weeks=req.plan.scheme.rules.decision_weeks)
        items.append(QueueItem(req.plan, "Herzieningsverzoek behandelen", due, "portal:revision_review", req.pk))
    for plan in Plan.objects.filter(status=PlanStatus.DECLARED, is_reference=False).select_related(
            "scheme", "final_declaration"):
        declared = getattr(plan, "final_declaration", None)
        due = declared.submitted_on + dt.timedelta(weeks=plan.scheme.rules.settlement_weeks) if declared else None
        task = ("Vaststelling goedkeuren (vier ogen)" if (plan.pk, "settlement") in pending
                else "Subsidie vaststellen")
        items.append(QueueItem(plan, task, due, "portal:settle", plan.pk))
    return sorted(items, key=lambda i: (i.due_on is None, i.due_on or dt.date.max, i.plan.name))


def decision_deadline(plan: Plan) -> dt.date | None:
    if plan.submitted_on is None:
        return None
    return plan.submitted_on + dt.timedelta(weeks=plan.scheme.rules.decision_weeks)


def refuse_revision(req: RevisionRequest, user) -> None:
    req.status = "rejected"
    req.save(update_fields=["status"])
    record("revision_refused", actor=user, plan=req.plan, request=req.pk)


def preview_settlement(plan: Plan):
    """The settlement as it would be taken today, computed and rolled back: (settlement, problems)."""
    try:
        with transaction.atomic():
            settlement = settle_plan(plan, clock.today(), actor=None)
            lines = list(settlement.lines.select_related("measure"))
            raise _Preview(settlement, lines)
    except _Preview as preview:
        return {"settlement": preview.settlement, "lines": preview.lines}, []
    except Refused as refused:
        return None, list(refused.problems)


class _Preview(Exception):
    def __init__(self, settlement, lines):
        super().__init__("preview")
        self.settlement, self.lines = settlement, lines
