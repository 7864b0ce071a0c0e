"""Budget moved between the plans of neighbouring regions (the regional care plans did this).

A transfer is one revision of the sending plan (a ``transfer_out`` change naming the receiving
plan and measure) that revises the receiving plan in the same transaction (``transfer_in``): both
decisions change together or neither does. What may move is scheme data
(``revision.budget_transfer``: the plan kinds, sectors and neighbouring regions); the receiving
plan's maximum subsidy rises by at most what the sending plan gives up, and the tranche ceiling
of the receiving plan's tranche still holds afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from sectorplannen.common.errors import Refused

from .models import Plan, PlanStatus
from .revisions import DiffRow, Refusal

RUNNING = (PlanStatus.GRANTED, PlanStatus.RUNNING)


def _transfer_changes(changes: list[dict]) -> list[dict]:
    return [c for c in changes if isinstance(c, dict) and c.get("op") == "transfer_out"]


def _refused(code: str, message: str) -> Refused:
    return Refused([Refusal(code, message)])


def receiver_of(sender: Plan, changes: list[dict], rules) -> Plan | None:
    """The plan that receives the budget of ``changes`` (None when they move none), after the checks
    that concern the two plans; raises ``Refused`` with the scheme's reason otherwise."""
    moves = _transfer_changes(changes)
    if not moves:
        return None
    if len({c["to_plan"] for c in moves}) != 1:
        raise _refused("transfer_to_several_plans", "Eén herziening hevelt budget over naar één ander plan.")
    transfer = rules.budget_transfer
    receiver = Plan.objects.select_for_update(of=("self",)).select_related("scheme", "tranche").filter(
        pk=moves[0]["to_plan"]).first()
    if receiver is None or receiver.pk == sender.pk:
        raise _refused("transfer_unknown_plan", "Het ontvangende plan bestaat niet of is hetzelfde plan.")
    if receiver.is_reference or receiver.status not in RUNNING:
        raise _refused("transfer_plan_not_running", f"Plan {receiver.name} is niet verleend of lopend; het kan "
                                                    "geen budget ontvangen.")
    if receiver.scheme_id != sender.scheme_id:
        raise _refused("transfer_other_scheme", "Budget schuift alleen tussen plannen onder dezelfde regeling.")
    for plan in (sender, receiver):
        if plan.kind not in transfer.plan_kinds or not set(plan.sectors or []) & set(transfer.sectors):
            raise _refused("transfer_not_allowed_for_plan",
                           f"Plan {plan.name} is geen plan waartussen de regeling budget laat schuiven "
                           f"(alleen {', '.join(transfer.plan_kinds)} plannen in {', '.join(transfer.sectors)}).")
    if not any(transfer.are_neighbours(a, b) for a in sender.regions or [] for b in receiver.regions or []):
        raise _refused("transfer_not_neighbours",
                       f"De regio's van {sender.name} en {receiver.name} grenzen niet aan elkaar; budget schuift "
                       "alleen naar een buurregio.")
    return receiver


def revise_receiver(sender: Plan, receiver: Plan, changes: list[dict], *, freed: Decimal, revise,
                    reason: str, analysis_date: dt.date | None, requested_on: dt.date, actor, approved_by) -> None:
    """The receiving plan's revision: the same costs added to its measure, its maximum subsidy raised
    by at most ``freed`` (what the sender gave up), the tranche ceiling checked afterwards."""
    from .services import remaining_ceiling  # services imports this module

    incoming = [{"op": "transfer_in", "measure": c["to_measure"], "amount_eur": c["amount_eur"],
                 "from_plan": sender.pk, "from_measure": c.get("measure")} for c in _transfer_changes(changes)]
    if freed <= 0:
        raise _refused("transfer_frees_nothing", "Het afgevende plan staat geen subsidie af.")
    revise(receiver, incoming, reason=f"{reason} (budget van {sender.name})", analysis_date=analysis_date,
           requested_on=requested_on, actor=actor, approved_by=approved_by, incoming_transfer_eur=freed)
    if receiver.tranche is not None and remaining_ceiling(receiver.tranche) < 0:
        raise _refused("ceiling_exceeded", f"Het subsidieplafond van tranche {receiver.tranche.number} zou worden "
                                           "overschreden.")


def neighbour_plans(sender: Plan):
    """The plans ``sender`` may move budget to, as the scheme's data says: running plans of the same
    scheme, of the plan kinds and sectors it names, in a neighbouring region. Empty when ``sender`` is
    no such plan itself."""
    transfer = sender.scheme.rules.budget_transfer
    if not may_transfer(sender):
        return []
    candidates = (Plan.objects.filter(scheme=sender.scheme, status__in=RUNNING, is_reference=False)
                  .exclude(pk=sender.pk).select_related("tranche").order_by("name"))
    return [p for p in candidates if may_transfer(p, transfer) and any(
        transfer.are_neighbours(a, b) for a in sender.regions or [] for b in p.regions or [])]


def may_transfer(plan: Plan, transfer=None) -> bool:
    """Whether the scheme lets ``plan`` move budget to (or take it from) another plan at all."""
    transfer = transfer or plan.scheme.rules.budget_transfer
    return transfer is not None and plan.kind in transfer.plan_kinds and bool(
        set(plan.sectors or []) & set(transfer.sectors))


@dataclass(frozen=True)
class TransferSide:
    """One plan's decision before and after the transfer."""

    plan: Plan
    old_version: int
    new_version: int
    old_max_subsidy_eur: Decimal
    new_max_subsidy_eur: Decimal
    rows: tuple[DiffRow, ...]


@dataclass(frozen=True)
class TransferPreview:
    refusals: tuple[Refusal, ...]
    sides: tuple[TransferSide, ...] = ()
    ceiling_before_eur: Decimal | None = None  # what the receiving tranche's ceiling leaves, before and after
    ceiling_after_eur: Decimal | None = None


def preview(sender: Plan, changes: list[dict], *, reason: str, analysis_date: dt.date | None,
            requested_on: dt.date) -> TransferPreview:
    """Both plans' new decision versions, the caps and the receiving tranche's ceiling, as the revision
    would take them now: computed by the one ``revise`` and rolled back (nothing stays)."""
    from .services import remaining_ceiling, revise, version_diff  # services imports this module

    moves = _transfer_changes(changes)
    receiver = Plan.objects.filter(pk=moves[0].get("to_plan")).select_related("tranche").first() if moves else None
    tranche = receiver.tranche if receiver is not None else None
    before = remaining_ceiling(tranche) if tranche is not None else None
    sides, after = [], None
    try:
        with transaction.atomic():
            plans = [sender, receiver] if receiver is not None else [sender]
            old = {p.pk: p.latest_decision() for p in plans}
            revise(sender, changes, reason=reason, analysis_date=analysis_date, requested_on=requested_on)
            for plan in plans:
                new = plan.latest_decision()
                sides.append(TransferSide(plan, old[plan.pk].version, new.version, old[plan.pk].max_subsidy_eur,
                                          new.max_subsidy_eur, tuple(version_diff(plan, old[plan.pk].version,
                                                                                  new.version))))
            after = remaining_ceiling(tranche) if tranche is not None else None
            transaction.set_rollback(True)
    except Refused as refused:
        return TransferPreview(tuple(Refusal(r.code, r.message) for r in refused.refusals), (), before)
    return TransferPreview((), tuple(sides), before, after)
