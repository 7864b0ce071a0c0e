"""Claims of employers for their costs, their payment after a complete dossier, and the partnership's
ledger (what each employer claimed, was paid, still awaits)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Q, Sum

from sectorplannen.audit.services import record
from sectorplannen.common.errors import Conflict, Reason, Refused
from sectorplannen.plans.models import DecisionLine
from sectorplannen.schemes.rules import line_subsidy

from . import dossiers
from .models import Claim, Dossier, PlanEmployer

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def _costs(value) -> Decimal:
    try:
        costs = Decimal(str(value).strip().replace(",", ".")).quantize(CENT, ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise Refused(Reason("claim_costs_invalid", "Vul de kosten in als bedrag in euro's.")) from None
    if costs <= 0:
        raise Refused(Reason("claim_costs_invalid", "De kosten moeten groter dan nul zijn."))
    return costs


@transaction.atomic
def submit_claim(dossier: Dossier, costs_eur, *, actor, on: dt.date) -> Claim:
    """The employer claims its costs of one participant. The plan's share is the measure's rate in the
    latest decision on these costs (``line_subsidy``); the employer's own contribution is the rest. The
    claims of a measure together stay within the measure's planned costs."""
    dossier = (Dossier.objects.select_for_update(of=("self",)).select_related("registration__measure__plan")
               .get(pk=dossier.pk))
    if hasattr(dossier, "claim"):
        raise Conflict(Reason("claim_exists", "Voor deze deelnemer is al een declaratie ingediend."))
    costs = _costs(costs_eur)
    measure, plan = dossier.registration.measure, dossier.registration.plan
    decision = plan.latest_decision()
    line = DecisionLine.objects.filter(decision=decision, measure=measure).first() if decision else None
    if line is None or line.status != "active":
        raise Refused(Reason("claim_measure_not_granted", f"Maatregel {measure.code} is niet (meer) verleend."))
    claimed = Claim.objects.filter(dossier__registration__measure=measure).aggregate(s=Sum("costs_eur"))["s"] or ZERO
    if claimed + costs > line.planned_costs_eur:
        raise Refused(Reason("claim_exceeds_measure", f"Met deze declaratie komen de gedeclareerde kosten van "
                                                      f"maatregel {measure.code} boven de geplande "
                                                      f"{line.planned_costs_eur} euro (al gedeclareerd: {claimed})."))
    share = line_subsidy(line.rate, costs)
    claim = Claim.objects.create(dossier=dossier, costs_eur=costs, rate=line.rate, plan_share_eur=share,
                                 own_share_eur=costs - share, decision_version=decision.version, claimed_by=actor,
                                 claimed_on=on)
    record("employer_claim_submitted", actor=actor, plan=plan, claim=claim.pk, costs_eur=str(costs),
           plan_share_eur=str(share))
    return claim


@transaction.atomic
def pay_claim(claim: Claim, *, actor, on: dt.date) -> Claim:
    """The plan's administrator pays the plan's share, only when the dossier is complete."""
    claim = Claim.objects.select_for_update(of=("self",)).select_related("dossier__registration__plan").get(pk=claim.pk)
    if claim.paid:
        raise Conflict(Reason("claim_paid", "Deze declaratie is al betaald."))
    state = dossiers.state(claim.dossier)
    if not state.complete:
        raise Refused(Reason("dossier_incomplete", "Het dossier is niet compleet; er ontbreekt: "
                                                   + ", ".join(state.blocking()) + "."))
    claim.paid_by, claim.paid_on = actor, on
    claim.save(update_fields=["paid_by", "paid_on"])
    record("employer_claim_paid", actor=actor, plan=claim.dossier.registration.plan, claim=claim.pk,
           amount_eur=str(claim.plan_share_eur))
    return claim


@dataclass(frozen=True)
class LedgerRow:
    employer: PlanEmployer
    dossiers: int
    claims: int
    costs_eur: Decimal
    claimed_eur: Decimal  # the plan's share of every claim
    paid_eur: Decimal
    own_share_eur: Decimal

    @property
    def awaiting_eur(self) -> Decimal:
        return self.claimed_eur - self.paid_eur


def ledger(plan, employer: PlanEmployer | None = None) -> list[LedgerRow]:
    """Per employer of the plan (or just ``employer``): claimed, paid and still awaited."""
    employers = PlanEmployer.objects.filter(plan=plan).select_related("organisation")
    if employer is not None:
        employers = employers.filter(pk=employer.pk)
    paid = Q(dossiers__claim__paid_on__isnull=False)
    rows = employers.annotate(
        n_dossiers=Count("dossiers", distinct=True), n_claims=Count("dossiers__claim"),
        costs=Sum("dossiers__claim__costs_eur"), claimed=Sum("dossiers__claim__plan_share_eur"),
        paid=Sum("dossiers__claim__plan_share_eur", filter=paid), own=Sum("dossiers__claim__own_share_eur"))
    return [LedgerRow(e, e.n_dossiers, e.n_claims, e.costs or ZERO, e.claimed or ZERO, e.paid or ZERO, e.own or ZERO)
            for e in rows]
