"""The applicant's advance request and the decision on it (issue 18).

Two transitions of ``definition.TRANSITIONS`` carry it: ``request_advance`` (the main applicant;
stores an ``AdvanceRequest``) and ``grant_advance`` (the four-eyes decision of proposal kind
``advance``; books the advance and writes the immutable ``AdvanceDecision`` with its figures). What
the scheme allows comes from its advance rule (``SchemeRules.advance_*``, the schedule of the latest
decision) through ``finance.advance_room``; nothing here holds a share or an amount. The checks
return ``Reason`` objects with a code (for the API) and a sentence (gettext: Dutch and English).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sectorplannen.audit.services import record
from sectorplannen.common.concurrency import compare_and_set, stale
from sectorplannen.common.errors import Reason, Refused
from sectorplannen.common.money import format_eur, is_cents
from sectorplannen.finance import services as finance
from sectorplannen.notifications import services as notifications
from sectorplannen.plans.models import Plan

from .models import OPEN_ADVANCE_STATUSES, AdvanceDecision, AdvanceRequest, AdvanceRequestStatus, ProposalKind

__all__ = ["decide", "propose_advance", "refuse_request", "reopen", "request", "request_checks", "decision_checks"]


def _day(value) -> str:
    """A date as the pages write it (``1 augustus 2014``, in English ``1 August 2014``)."""
    return date_format(value, "j F Y")


def _amount(value) -> Decimal | None:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def asked_amount(plan: Plan, data: dict) -> Decimal | None:
    """The amount a request asks: the standard advance (what the rule allows on the day) or its own."""
    if data.get("standard"):
        room = finance.advance_room(plan, data["on"])
        return room.room_eur if room is not None else None
    return _amount(data.get("amount_eur"))


def _open_request(plan: Plan, data: dict) -> list[Reason]:
    waiting = plan.advance_requests.filter(status__in=OPEN_ADVANCE_STATUSES).order_by("pk").first()
    if waiting is not None:
        return [Reason("advance_pending", _(
            "Er loopt al een voorschotverzoek (ingediend op %(on)s, %(amount)s): wacht het besluit daarop af.")
            % {"on": _day(waiting.requested_on), "amount": format_eur(waiting.amount_eur)})]
    return []


def _within_rule(plan: Plan, amount: Decimal | None, on) -> list[Reason]:
    """The scheme's advance rule: at most what the schedule allows by ``on``, less what was advanced."""
    room = finance.advance_room(plan, on)
    if room is None:
        return [Reason("advance_no_decision", _("Er is nog geen beschikking: een voorschot kan pas na de verlening."))]
    if room.room_eur <= 0:
        later = (_(" Het volgende voorschot volgens het schema kan vanaf %(on)s.")
                 % {"on": _day(room.next_step.due_on)}) if room.next_step else ""
        return [Reason("advance_nothing_due", _(
            "Volgens het voorschotschema van de regeling is nu niets meer te vragen: tot %(on)s mag ten hoogste "
            "%(due)s zijn voorgeschoten en dat is al ontvangen.") % {"on": _day(on),
                                                                       "due": format_eur(room.due_eur)} + later)]
    if amount is None or not is_cents(amount) or amount <= 0:
        return [Reason("advance_amount", _("Vul een positief bedrag in euro's en centen in, of kies het "
                                           "standaardvoorschot."))]
    if amount > room.room_eur:
        return [Reason("advance_above_schedule", _(
            "U vraagt %(amount)s, meer dan de regeling toestaat: volgens het voorschotschema mag tot %(on)s ten "
            "hoogste %(due)s zijn voorgeschoten; al ontvangen %(advanced)s, dus nu ten hoogste %(room)s.") % {
            "amount": format_eur(amount), "on": _day(on), "due": format_eur(room.due_eur),
            "advanced": format_eur(room.advanced_eur), "room": format_eur(room.room_eur)})]
    return []


def _has_reason(plan: Plan, data: dict) -> list[Reason]:
    if not str(data.get("reason", "")).strip():
        return [Reason("advance_no_reason", _("Geef een reden voor het voorschot."))]
    return []


def _request_within_rule(plan: Plan, data: dict) -> list[Reason]:
    return _within_rule(plan, asked_amount(plan, data), data["on"])


def _the_request(plan: Plan, data: dict) -> AdvanceRequest:
    return AdvanceRequest.objects.get(pk=data["advance_request_id"], plan=plan)


def _request_still_open(plan: Plan, data: dict) -> list[Reason]:
    req = _the_request(plan, data)
    if req.status not in OPEN_ADVANCE_STATUSES:
        return [Reason("advance_request_closed", _("Over dit voorschotverzoek is al beslist (%(status)s).")
                       % {"status": req.get_status_display()})]
    return []


def _decision_within_rule(plan: Plan, data: dict) -> list[Reason]:
    """Checked again when the decision is taken: the agency may have booked advances since."""
    return _within_rule(plan, _the_request(plan, data).amount_eur, data["on"])


request_checks = (_open_request, _has_reason, _request_within_rule)
decision_checks = (_request_still_open, _decision_within_rule)


def request(plan: Plan, actor, approved_by, *, on, reason: str, amount_eur=None, standard: bool = False,
            **_) -> AdvanceRequest:
    """The effect of ``request_advance``: the request as asked (the standard advance as its amount)."""
    amount = asked_amount(plan, {"on": on, "amount_eur": amount_eur, "standard": standard})
    return AdvanceRequest.objects.create(plan=plan, requested_by=actor, requested_on=on, amount_eur=amount,
                                         standard=bool(standard), reason=reason.strip())


def _move(req: AdvanceRequest, status: str, sources: tuple[str, ...], expected_version: int | None = None,
          **changes) -> None:
    """Compare-and-set of the request's status: Conflict when someone else moved it first."""
    current = AdvanceRequest.objects.select_for_update(of=("self",)).get(pk=req.pk)
    if current.status not in sources or (expected_version is not None and current.lock_version != expected_version):
        raise stale(_("Over dit voorschotverzoek is intussen beslist of het is gewijzigd (status nu "
                      "'%(status)s').") % {"status": current.get_status_display()})
    compare_and_set(AdvanceRequest, req.pk, current.lock_version, status=status, **changes,
                    on_stale=lambda now: stale(_("Het voorschotverzoek is gewijzigd terwijl u het behandelde.")))
    req.refresh_from_db(fields=["status", "lock_version", *changes])  # the caller's copy says where it is now


def decide(plan: Plan, actor, approved_by, *, on, advance_request_id: int, **_) -> AdvanceDecision:
    """The effect of ``grant_advance``: book the advance and write the decision with its figures."""
    req = _the_request(plan, {"advance_request_id": advance_request_id})
    room = finance.advance_room(plan, on)
    number = plan.advance_decisions.count() + 1
    reference = f"VO-{plan.pk}-{number}"
    entry = finance.record_advance(plan, req.amount_eur, on, actor=approved_by or actor, reference=reference)
    decision = AdvanceDecision.objects.create(
        plan=plan, request=req, number=number, decided_on=on, decided_by=actor, approved_by=approved_by,
        amount_eur=req.amount_eur, max_subsidy_eur=room.max_subsidy_eur, initial_share=room.initial_share,
        interval_months=room.interval_months, max_cumulative_share=room.max_cumulative_share,
        due_eur=room.due_eur, advanced_before_eur=room.advanced_eur, ledger_entry=entry)
    _move(req, AdvanceRequestStatus.GRANTED, OPEN_ADVANCE_STATUSES)
    return decision


@transaction.atomic
def propose_advance(req: AdvanceRequest, drafter, *, note: str = "", expected_version: int | None = None):
    """An assessor drafts the decision on the request; a second person approves it (``services.approve``)."""
    from .services import propose  # the four-eyes machinery sits on top of this module

    _move(req, AdvanceRequestStatus.PROPOSED, (AdvanceRequestStatus.REQUESTED,), expected_version)
    return propose(req.plan, ProposalKind.ADVANCE, {"advance_request_id": req.pk}, drafter, note=note)


@transaction.atomic
def refuse_request(req: AdvanceRequest, user, *, reason: str, expected_version: int | None = None) -> None:
    """An assessor refuses the request with a reason; the applicant is told."""
    if not reason.strip():
        raise Refused(Reason("advance_no_reason", _("Geef een reden waarom het voorschot niet wordt verleend.")))
    _move(req, AdvanceRequestStatus.REFUSED, (AdvanceRequestStatus.REQUESTED,), expected_version,
          refusal_reason=reason.strip())
    record("advance_request_refused", actor=user, plan=req.plan, request=req.pk)
    notifications.advance_decided(req.plan, request_id=req.pk, approved=False, amount=req.amount_eur,
                                  reason=req.refusal_reason)


def reopen(proposal) -> None:
    """A proposal sent back: its request waits for the assessor again."""
    req = AdvanceRequest.objects.get(pk=proposal.payload["advance_request_id"])
    _move(req, AdvanceRequestStatus.REQUESTED, (AdvanceRequestStatus.PROPOSED,))
