"""The workflow's entry points: ``transition`` (the only way a plan's status changes), the batch
settlement, and the four-eyes proposals and revision requests on top of it.

``actor`` is the person taking the step (for a four-eyes step: the one who drafted it, with the
second person as ``approved_by``), or None for the system itself (imports, the demo, batch runs
started by the operator). Refusals raise ``common.errors.Refused`` with reasons; a step asked for
too late (the plan moved on, the proposal was decided by someone else) raises ``Conflict``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Conflict, Reason, Refused
from sectorplannen.finance import services as finance
from sectorplannen.plans.models import Plan
from sectorplannen.plans.revisions import Refusal, apply_revision, diff
from sectorplannen.plans.revisions import RevisionRequest as PureRevisionRequest
from sectorplannen.plans.services import decision_state

from . import clock
from .definition import STATE_DEADLINES, TRANSITIONS, Transition, transition_for_proposal
from .models import Proposal, ProposalKind, ProposalStatus, RevisionRequest, RevisionStatus

__all__ = [
    "approve", "current_deadline", "preview_decision", "preview_revision", "preview_settlement", "propose",
    "refuse_revision", "request_revision", "send_back", "settle_many", "transition", "trial",
]

def _allowed(t: Transition, plan: Plan, actor, approved_by, data: dict, *, trial: bool = False) -> None:
    """Raise Conflict or Refused when the step may not be taken now; return when it may."""
    if plan.status not in t.sources:
        states = ", ".join(f"'{s.label}'" for s in t.sources)
        raise Conflict(Reason(t.wrong_state_code, f"Plan heeft status '{plan.get_status_display()}'; "
                                                  f"'{t.label}' kan alleen vanuit {states}."))
    if actor is not None:
        if t.system_only:
            raise Refused(Reason("not_allowed", perm.nobody(actor)[1]))
        ok, why = t.permission(actor, plan)
        if not ok:
            raise Refused(Reason("not_allowed", why))
        if t.four_eyes and not trial:
            if approved_by is None:
                raise Refused(Reason("four_eyes", "Dit besluit vraagt de goedkeuring van een tweede persoon."))
            if approved_by.pk == actor.pk:
                raise Refused(Reason("four_eyes", "Wie het besluit voorbereidt, kan het niet zelf goedkeuren."))
            ok, why = perm.can_approve(approved_by, t.four_eyes)
            if not ok:
                raise Refused(Reason("not_allowed", why))
    reasons = [r for check in t.checks for r in check(plan, data)]
    if reasons:
        raise Refused(reasons)


def _enter(plan: Plan, t: Transition, actor) -> str:
    """Write the new status (with a history row saying which step and who: the second person of a
    four-eyes step, who took it); return the old one."""
    before = plan.status
    if t.target is not None and t.target != before:
        plan.status = t.target
        plan._change_reason = t.label
        plan._history_user = actor
        plan.save(update_fields=["status", "updated_at"])
    return before


def _take(t: Transition, plan: Plan, actor, approved_by, data: dict, *, trial: bool = False):
    data.setdefault("on", clock.today())
    _allowed(t, plan, actor, approved_by, data, trial=trial)
    result = t.effect(plan, actor, approved_by, **data)
    before = _enter(plan, t, approved_by or actor)
    if not t.effect_audits:
        record(t.audit_event, actor=actor, plan=plan, transition=t.name, status_from=before, status_to=plan.status,
               approved_by=getattr(approved_by, "pk", None), reference=getattr(result, "reference", ""))
    return result


@transaction.atomic
def transition(plan: Plan, name: str, actor, *, approved_by=None, **data):
    """Take the step ``name`` (see ``definition.TRANSITIONS``) on the plan: check it, record what it
    records, move the status. Returns what the step recorded (a decision, settlement, …)."""
    if name not in TRANSITIONS:
        raise ValueError(f"unknown transition {name!r}")
    locked = Plan.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=plan.pk)
    result = _take(TRANSITIONS[name], locked, actor, approved_by, dict(data))
    plan.status, plan.updated_at = locked.status, locked.updated_at  # the caller's copy says where it is now
    return result


@transaction.atomic
def settle_many(plans: Iterable[Plan], settled_on: dt.date, actor=None) -> list[finance.RunOutcome]:
    """The batch settlement run (``settlement run``, the demo): settle every declared plan without a
    settlement in a few queries, then move each settled plan on by the ``settle`` transition's
    definition (status, history, one history row per plan)."""
    t = TRANSITIONS["settle"]
    outcomes = finance.run_settlements(list(plans), settled_on, actor)
    settled = [o.plan for o in outcomes if o.new]
    wrong = [p.name for p in settled if p.status not in t.sources]
    if wrong:
        raise Conflict(Reason(t.wrong_state_code, f"Niet gedeclareerd, dus niet vast te stellen: {', '.join(wrong)}."))
    now = timezone.now()
    for plan in settled:
        plan.status, plan.updated_at = t.target, now
    Plan.objects.filter(pk__in=[p.pk for p in settled]).update(status=t.target, updated_at=now)
    Plan.history.bulk_history_create(settled, update=True, default_user=actor, default_change_reason=t.label)
    return outcomes


def current_deadline(plan: Plan) -> tuple[str, dt.date] | None:
    """The deadline running in the plan's state: (label, date), or None."""
    deadline = STATE_DEADLINES.get(plan.status)
    due = deadline.due_on(plan) if deadline else None
    return (deadline.label, due) if due else None


# -- four eyes ---------------------------------------------------------------------------------------

def _data(proposal: Proposal) -> dict:
    """What the transition of a proposal needs, from its payload (and revision request)."""
    today, payload = clock.today(), proposal.payload
    if proposal.kind == ProposalKind.GRANT:
        return {"assessments": payload.get("assessments", []), "decided_on": today, "reason": proposal.note}
    if proposal.kind == ProposalKind.REVISION:
        req = proposal.revision_request
        return {"changes": req.changes, "reason": req.reason, "analysis_date": req.analysis_date,
                "requested_on": req.requested_on, "first_progress_report_on": req.first_progress_report_on}
    if proposal.kind == ProposalKind.SETTLEMENT:
        return {"settled_on": today, "reason": proposal.note}
    if proposal.kind == ProposalKind.REFUSAL:
        return {"reasons": payload.get("reasons", [])}
    return {"reason": proposal.note}


def trial(proposal: Proposal) -> list[Refusal]:
    """What the decision would be refused for, tried in a transaction that is rolled back."""
    plan = Plan.objects.select_related("scheme").get(pk=proposal.plan_id)
    t = transition_for_proposal(proposal.kind, plan)
    try:
        with transaction.atomic():
            _take(t, plan, proposal.drafted_by, None, _data(proposal), trial=True)
            transaction.set_rollback(True)
    except Refused as refused:
        return list(refused.refusals)
    return []


def preview_decision(proposal: Proposal, render):
    """What approving the proposal would decide, taken as the approver would take it and rolled back.

    ``render(result)`` is called inside the rolled-back transaction with what the step records (a
    decision version, a settlement, a closing decision), so it can read the stored rows (lines,
    the previous version) and turn them into plain values or a letter; returns (rendered, refusals).
    """
    plan = Plan.objects.select_related("scheme").get(pk=proposal.plan_id)
    t = transition_for_proposal(proposal.kind, plan)
    try:
        with transaction.atomic():
            data = _data(proposal)
            data.setdefault("on", clock.today())
            _allowed(t, plan, proposal.drafted_by, None, data, trial=True)
            shown = render(t.effect(plan, proposal.drafted_by, None, **data))
            transaction.set_rollback(True)
    except Refused as refused:
        return None, list(refused.refusals)
    return shown, []


@transaction.atomic
def propose(plan: Plan, kind: str, payload: dict, drafter, *, note: str = "",
            revision_request: RevisionRequest | None = None) -> Proposal:
    """Store a drafted decision (after a trial run); raises Refused when it cannot be taken."""
    proposal = Proposal(plan=plan, kind=kind, payload=payload, drafted_by=drafter, note=note,
                        revision_request=revision_request)
    refusals = trial(proposal)
    if refusals:
        raise Refused(refusals)
    proposal.save()
    if revision_request is not None:
        revision_request.status = RevisionStatus.PROPOSED
        revision_request.save(update_fields=["status"])
    record("decision_proposed", actor=drafter, plan=plan, kind=kind, proposal=proposal.pk)
    return proposal


def _decided(proposal: Proposal, approver) -> Proposal:
    """The proposal locked for deciding; Conflict when someone else decided it first."""
    locked = (Proposal.objects.select_for_update(of=("self",)).select_related("plan", "revision_request")
              .get(pk=proposal.pk))
    ok, reason = perm.can_approve(approver, locked.kind)
    if not ok:
        raise Refused(Reason("not_allowed", reason))
    if locked.status != ProposalStatus.PROPOSED:
        raise Conflict(Reason("already_decided", f"Over dit voorstel is al beslist ({locked.get_status_display()})."))
    ok, reason = perm.can_approve_proposal(approver, locked)
    if not ok:
        raise Refused(Reason("not_allowed", reason))
    return locked


@transaction.atomic
def approve(proposal: Proposal, approver):
    """The second pair of eyes: take the decision. Refused (role, four eyes, rules) or Conflict
    (decided already, plan moved on); two approvers at once give one decision and one Conflict."""
    proposal = _decided(proposal, approver)
    t = transition_for_proposal(proposal.kind, proposal.plan)
    taken = transition(proposal.plan, t.name, proposal.drafted_by, approved_by=approver, **_data(proposal))
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.APPROVED, approver, timezone.now()
    proposal.outcome = f"version {getattr(taken, 'version', '')}".strip() if hasattr(taken, "version") else (
        getattr(taken, "reference", "") or "")
    proposal.save(update_fields=["status", "decided_by", "decided_at", "outcome"])
    if proposal.revision_request_id:
        _set_revision_status(proposal.revision_request, RevisionStatus.DECIDED)
    record("decision_approved", actor=approver, plan=proposal.plan, kind=proposal.kind, proposal=proposal.pk)
    return taken


@transaction.atomic
def send_back(proposal: Proposal, approver, outcome: str) -> None:
    proposal = _decided(proposal, approver)
    proposal.status, proposal.decided_by, proposal.decided_at = ProposalStatus.REJECTED, approver, timezone.now()
    proposal.outcome = outcome
    proposal.save(update_fields=["status", "decided_by", "decided_at", "outcome"])
    if proposal.revision_request_id:
        _set_revision_status(proposal.revision_request, RevisionStatus.REQUESTED)
    record("decision_sent_back", actor=approver, plan=proposal.plan, kind=proposal.kind, proposal=proposal.pk)


def _set_revision_status(req: RevisionRequest, status: str) -> None:
    req.status = status
    req.save(update_fields=["status"])


# -- revision requests ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class RevisionPreview:
    refusals: tuple[Refusal, ...]
    rows: list  # plans.revisions.DiffRow


def preview_revision(plan: Plan, changes: list[dict], *, reason: str, analysis_date: dt.date | None,
                     requested_on: dt.date, first_progress_report_on: dt.date | None = None) -> RevisionPreview:
    """The outcome of a requested revision against the latest decision, as a diff (pure, nothing stored)."""
    previous = decision_state(plan.latest_decision())
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


def refuse_revision(req: RevisionRequest, user) -> None:
    _set_revision_status(req, RevisionStatus.REJECTED)
    record("revision_refused", actor=user, plan=req.plan, request=req.pk)


def preview_settlement(plan: Plan):
    """The settlement as it would be taken today, computed and rolled back: (settlement, problems)."""
    try:
        with transaction.atomic():
            settlement = finance.settle_plan(plan, clock.today(), actor=None)
            preview = {"settlement": settlement, "lines": list(settlement.lines.select_related("measure"))}
            transaction.set_rollback(True)
    except Refused as refused:
        return None, list(refused.problems)
    return preview, []
