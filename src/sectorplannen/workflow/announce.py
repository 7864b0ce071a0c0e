"""Who hears of a step: the notifications each transition sends to the plan's applicant users
(inbox and e-mail), once per event. The messages are stored in the step's transaction (so a step
that is rolled back, such as a proposal's trial run, tells nobody) and mailed after it commits."""

from __future__ import annotations

from collections.abc import Callable

from sectorplannen.notifications import services as notifications


def _revised(plan, decision, data: dict):
    request_id = data.get("revision_request_id")
    if request_id is None:  # a revision taken at the command line, without an applicant's request
        return notifications.decision_taken(decision)
    return notifications.revision_decided(plan, request_id=request_id, approved=True, decision=decision)


#: transition name → (plan, what the step recorded, its data) → the messages made.
EVENTS: dict[str, Callable] = {
    "grant": lambda plan, decision, data: notifications.decision_taken(decision),
    "revise": _revised,
    "settle": lambda plan, settlement, data: notifications.settlement_taken(settlement),
    "resettle": lambda plan, settlement, data: notifications.settlement_taken(settlement),
    "refuse": lambda plan, closing, data: notifications.plan_closed(closing),
    "withdraw": lambda plan, closing, data: notifications.plan_closed(closing),
    "lapse": lambda plan, closing, data: notifications.plan_closed(closing),
    "grant_advance": lambda plan, decision, data: notifications.advance_decided(
        plan, request_id=decision.request_id, approved=True, amount=decision.amount_eur,
        reference=decision.reference, decided_on=decision.decided_on),
}


def announce(transition: str, plan, result, data: dict) -> list:
    event = EVENTS.get(transition)
    return event(plan, result, data) if event is not None and result is not None else []


def announce_revision_refused(req) -> list:
    return notifications.revision_decided(req.plan, request_id=req.pk, approved=False)
