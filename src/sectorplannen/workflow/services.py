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
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.concurrency import compare_and_set, stale
from sectorplannen.common.errors import Conflict, Reason, Refused
from sectorplannen.finance import services as finance
from sectorplannen.plans.models import Plan
from sectorplannen.plans.revisions import Refusal, apply_revision, diff
from sectorplannen.plans.revisions import RevisionRequest as PureRevisionRequest
from sectorplannen.plans.services import decision_state
from sectorplannen.qualitative.goals import revision_goal_reasons

from . import advances, clock
from .advances import propose_advance
from .advances import refuse_request as refuse_advance_request
from .announce import announce, announce_revision_refused
from .definition import STATE_DEADLINES, TRANSITIONS, Transition, transition_for_proposal
from .models import Proposal, ProposalKind, ProposalStatus, RevisionRequest, RevisionStatus
from .versions import check_version, display_name, stale_plan

__all__ = [
    "propose_advance", "refuse_advance_request",
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
    """Write the new status and version (with a history row saying which step and who: the second
    person of a four-eyes step, who took it); return the old one."""
    before = plan.status
    touch_plan(plan, t.label, actor, status=t.target or before)
    return before


def touch_plan(plan: Plan, label: str, user, *, status: str | None = None) -> None:
    """Raise the plan's version by compare-and-set (and write its status), with a history row that
    says which step and who: the 409 page of a stale form lists these rows."""
    now, status = timezone.now(), status or plan.status
    plan.lock_version = compare_and_set(Plan, plan.pk, plan.lock_version, status=status, updated_at=now,
                                        on_stale=lambda _now: stale_plan(plan, plan.lock_version))
    plan.status, plan.updated_at = status, now
    Plan.history.bulk_history_create([plan], update=True, default_user=user, default_change_reason=label)


def _take(t: Transition, plan: Plan, actor, approved_by, data: dict, *, trial: bool = False,
          expected_version: int | None = None):
    data.setdefault("on", clock.today())
    check_version(plan, expected_version)
    _allowed(t, plan, actor, approved_by, data, trial=trial)
    result = t.effect(plan, actor, approved_by, **data)
    before = _enter(plan, t, approved_by or actor)
    if not trial:
        announce(t.name, plan, result, data)
    if not t.effect_audits:
        record(t.audit_event, actor=actor, plan=plan, transition=t.name, status_from=before, status_to=plan.status,
               approved_by=getattr(approved_by, "pk", None), reference=getattr(result, "reference", ""))
    return result


@transaction.atomic
def transition(plan: Plan, name: str, actor, *, approved_by=None, expected_version: int | None = None, **data):
    """Take the step ``name`` (see ``definition.TRANSITIONS``) on the plan: check it, record what it
    records, move the status. Returns what the step recorded (a decision, settlement, …).
    ``expected_version``: the plan's ``lock_version`` the asker saw; another one is a ``Conflict``
    (code ``stale``) listing what changed since."""
    if name not in TRANSITIONS:
        raise ValueError(f"unknown transition {name!r}")
    locked = Plan.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=plan.pk)
    result = _take(TRANSITIONS[name], locked, actor, approved_by, dict(data), expected_version=expected_version)
    # the caller's copy says where the plan is now
    plan.status, plan.updated_at, plan.lock_version = locked.status, locked.updated_at, locked.lock_version
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
        plan.status, plan.updated_at, plan.lock_version = t.target, now, plan.lock_version + 1
    Plan.objects.filter(pk__in=[p.pk for p in settled]).update(status=t.target, updated_at=now,
                                                               lock_version=F("lock_version") + 1)
    Plan.history.bulk_history_create(settled, update=True, default_user=actor, default_change_reason=t.label)
    for o in outcomes:
        if o.new:
            announce(t.name, o.plan, o.settlement, {})
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
        return {"revision_request_id": req.pk, "changes": req.changes, "reason": req.reason,
                "analysis_date": req.analysis_date, "requested_on": req.requested_on,
                "first_progress_report_on": req.first_progress_report_on}
    if proposal.kind == ProposalKind.SETTLEMENT:
        return {"settled_on": today, "reason": proposal.note}
    if proposal.kind == ProposalKind.REFUSAL:
        return {"reasons": payload.get("reasons", [])}
    if proposal.kind == ProposalKind.ADVANCE:
        return {"advance_request_id": payload["advance_request_id"]}
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
            revision_request: RevisionRequest | None = None, expected_version: int | None = None,
            expected_request_version: int | None = None) -> Proposal:
    """Store a drafted decision (after a trial run); raises Refused when it cannot be taken, and
    Conflict when the plan changed since ``expected_version`` (the revision request since
    ``expected_request_version``) or a proposal of this kind already waits (two assessors on one
    plan: one proposal, one conflict)."""
    locked = Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    check_version(locked, expected_version)
    waiting = locked.proposals.filter(kind=kind, status=ProposalStatus.PROPOSED).select_related("drafted_by").first()
    if waiting is not None:
        raise Conflict(Reason("already_proposed", _(
            "Er wacht al een voorgesteld besluit (%(kind)s, voorbereid door %(who)s) op goedkeuring.")
            % {"kind": waiting.get_kind_display(), "who": display_name(waiting.drafted_by)}))
    if revision_request is not None:
        revision_request = _revision_moved(revision_request, RevisionStatus.PROPOSED, (RevisionStatus.REQUESTED,),
                                           expected_request_version)
    proposal = Proposal(plan=plan, kind=kind, payload=payload, drafted_by=drafter, note=note,
                        revision_request=revision_request)
    refusals = trial(proposal)
    if refusals:
        raise Refused(refusals)
    proposal.save()
    touch_plan(locked, f"Voorstel {proposal.get_kind_display()}", drafter)
    record("decision_proposed", actor=drafter, plan=plan, kind=kind, proposal=proposal.pk)
    return proposal


def _decided(proposal: Proposal, approver, expected_version: int | None) -> Proposal:
    """The proposal locked for deciding; Conflict when someone else decided it first."""
    locked = (Proposal.objects.select_for_update(of=("self",)).select_related("plan", "revision_request", "decided_by")
              .get(pk=proposal.pk))
    ok, reason = perm.can_approve(approver, locked.kind)
    if not ok:
        raise Refused(Reason("not_allowed", reason))
    if locked.status != ProposalStatus.PROPOSED:
        raise Conflict(Reason("already_decided", _("Over dit voorstel is al beslist (%(status)s door %(who)s, "
                                                   "%(when)s).") % {
            "status": locked.get_status_display(), "who": display_name(locked.decided_by),
            "when": f"{timezone.localtime(locked.decided_at):%d-%m-%Y %H:%M}" if locked.decided_at else "–"}))
    if expected_version is not None and locked.lock_version != expected_version:
        raise _stale_proposal(expected_version, locked.lock_version)
    ok, reason = perm.can_approve_proposal(approver, locked)
    if not ok:
        raise Refused(Reason("not_allowed", reason))
    return locked


def _stale_proposal(seen: int, now: int | None) -> Conflict:
    return stale(_("Het voorstel is gewijzigd nadat u het opende (versie %(seen)s, nu %(now)s).")
                 % {"seen": seen, "now": now})


def _decide(proposal: Proposal, **changes) -> None:
    """Compare-and-set of the proposal's decision (its status, who, when, outcome)."""
    seen = proposal.lock_version
    proposal.lock_version = compare_and_set(Proposal, proposal.pk, seen, **changes,
                                            on_stale=lambda now: _stale_proposal(seen, now))
    for name, value in changes.items():
        setattr(proposal, name, value)


@transaction.atomic
def approve(proposal: Proposal, approver, *, expected_version: int | None = None):
    """The second pair of eyes: take the decision. Refused (role, four eyes, rules) or Conflict
    (decided already, plan moved on, the proposal is not at ``expected_version`` any more); two
    approvers at once give one decision and one Conflict."""
    proposal = _decided(proposal, approver, expected_version)
    t = transition_for_proposal(proposal.kind, proposal.plan)
    taken = transition(proposal.plan, t.name, proposal.drafted_by, approved_by=approver, **_data(proposal))
    outcome = f"version {getattr(taken, 'version', '')}".strip() if hasattr(taken, "version") else (
        getattr(taken, "reference", "") or "")
    _decide(proposal, status=ProposalStatus.APPROVED, decided_by=approver,
            decided_at=timezone.now(), outcome=outcome)
    if proposal.revision_request_id:
        _revision_moved(proposal.revision_request, RevisionStatus.DECIDED, (RevisionStatus.PROPOSED,))
    record("decision_approved", actor=approver, plan=proposal.plan, kind=proposal.kind, proposal=proposal.pk)
    return taken


@transaction.atomic
def send_back(proposal: Proposal, approver, outcome: str, *, expected_version: int | None = None) -> None:
    proposal = _decided(proposal, approver, expected_version)
    _decide(proposal, status=ProposalStatus.REJECTED, decided_by=approver,
            decided_at=timezone.now(), outcome=outcome)
    if proposal.revision_request_id:
        _revision_moved(proposal.revision_request, RevisionStatus.REQUESTED, (RevisionStatus.PROPOSED,))
    if proposal.kind == ProposalKind.ADVANCE:
        advances.reopen(proposal)
    record("decision_sent_back", actor=approver, plan=proposal.plan, kind=proposal.kind, proposal=proposal.pk)


def _revision_moved(req: RevisionRequest, status: str, sources: tuple[str, ...],
                    expected_version: int | None = None) -> RevisionRequest:
    """Move a revision request on with a compare-and-set on its status and version: Conflict when
    someone else moved it first (two assessors on one request)."""
    current = RevisionRequest.objects.select_for_update(of=("self",)).get(pk=req.pk)
    if current.status not in sources or (expected_version is not None and current.lock_version != expected_version):
        raise stale(_("Over dit herzieningsverzoek is intussen beslist of het is gewijzigd (status nu "
                      "'%(status)s').") % {"status": current.get_status_display()})
    compare_and_set(RevisionRequest, req.pk, current.lock_version, status=status,
                    on_stale=lambda now: stale(_("Het herzieningsverzoek is gewijzigd terwijl u het behandelde.")))
    req.status, req.lock_version = status, current.lock_version + 1
    return req


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
    goals = tuple(Refusal(r.code, r.message) for r in revision_goal_reasons(plan, changes))
    if not outcome.accepted or goals:
        return RevisionPreview(tuple(outcome.refusals) + goals, [])
    return RevisionPreview((), diff(previous, outcome.state))


@transaction.atomic
def request_revision(plan: Plan, user, *, changes: list[dict], reason: str, analysis_date: dt.date,
                     first_progress_report_on: dt.date | None = None,
                     expected_version: int | None = None) -> RevisionRequest:
    """Store an applicant's revision request; Conflict when the plan (its decision) changed since
    the applicant loaded the form at ``expected_version``."""
    check_version(Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk), expected_version)
    req = RevisionRequest.objects.create(plan=plan, requested_by=user, requested_on=clock.today(), reason=reason,
                                         analysis_date=analysis_date, changes=changes,
                                         first_progress_report_on=first_progress_report_on)
    record("revision_requested", actor=user, plan=plan, request=req.pk, changes=len(changes))
    return req


@transaction.atomic
def refuse_revision(req: RevisionRequest, user, *, expected_version: int | None = None) -> None:
    _revision_moved(req, RevisionStatus.REJECTED, (RevisionStatus.REQUESTED,), expected_version)
    record("revision_refused", actor=user, plan=req.plan, request=req.pk)
    announce_revision_refused(req)


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
