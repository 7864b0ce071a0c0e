"""The plans to replay, read from the database: every settled plan (from what its latest settlement
rested on) and every reference plan not yet settled (from its latest decision and final declaration)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from sectorplannen.common.money import ZERO
from sectorplannen.finance import ledger
from sectorplannen.finance.models import DeclarationLine, FinalDeclaration, LedgerEntry, Settlement
from sectorplannen.finance.settlement import MeasureInput, SettlementInput
from sectorplannen.plans.models import DecisionLine, GrantDecision, Plan
from sectorplannen.schemes.models import SchemeVersion, Tranche
from sectorplannen.schemes.rules import SchemeRules

from .cases import PlanCase

STORED_FIELDS = ("determined_subsidy_eur", "overhead_eur", "overhead_subsidy_eur", "measure_subsidy_eur",
                 "capped_measure_subsidy_eur", "balance_eur", "eligible_costs_eur")


def scheme_parameters() -> dict[str, dict]:
    return {v.code: v.parameters for v in SchemeVersion.objects.order_by("code")}


def scheme_rules() -> dict[str, SchemeRules]:
    return {v.code: v.rules for v in SchemeVersion.objects.order_by("code")}


def tranche_ceilings(keys: set[str]) -> dict[str, Decimal | None]:
    """Budget ceiling per tranche key; ``1-2`` (reference plans of tranches 1 and 2) is their sum."""
    by_number = dict(Tranche.objects.values_list("number", "budget_ceiling_eur"))
    result: dict[str, Decimal | None] = {}
    for key in keys:
        first, _, last = key.partition("-")
        try:
            numbers = range(int(first), int(last or first) + 1)
        except ValueError:
            result[key] = None
            continue
        values = [by_number.get(n) for n in numbers]
        result[key] = None if None in values else sum(values, ZERO)
    return result


def _group(plan: Plan) -> dict:
    return {"key": str(plan.pk), "name": plan.name,
            "tranche": str(plan.tranche.number) if plan.tranche_id else plan.tranche_label,
            "kind": plan.kind, "sector": plan.sectors[0] if plan.sectors else ""}


def _from_basis(basis: dict) -> SettlementInput | None:
    data = basis.get("input")
    if not data:
        return None
    cap = data.get("max_subsidy_eur")
    return SettlementInput(
        tuple(MeasureInput(m["code"], m["type"], m["planned_participants"], m["realised_participants"],
                           Decimal(m["planned_costs_eur"]), Decimal(m["eligible_costs_eur"]))
              for m in data["measures"]),
        None if cap in (None, "None") else Decimal(cap),
        Decimal(data["advances_paid_eur"]), Decimal(data.get("earlier_payments_eur", "0")),
    )


def load_cases() -> list[PlanCase]:
    """A handful of queries for all plans, in plan name order."""
    latest: dict[int, Settlement] = {}
    for s in Settlement.objects.order_by("plan_id", "version"):
        latest[s.plan_id] = s
    plans = list(Plan.objects.select_related("tranche", "scheme").filter(Q(pk__in=list(latest)) | Q(is_reference=True)))
    plans.sort(key=lambda p: p.name)
    unsettled = [p.pk for p in plans if p.pk not in latest]
    inputs = _unsettled_inputs(unsettled)
    cases = []
    for plan in plans:
        s = latest.get(plan.pk)
        inp = _from_basis(s.basis) if s is not None else inputs.get(plan.pk)
        if s is not None and inp is not None:
            inp = SettlementInput(inp.measures, inp.max_subsidy_eur, inp.advances_paid_eur, inp.earlier_payments_eur,
                                  tiers_on=s.settled_on)
        if inp is None:
            continue  # a reference plan without a decision or a declaration: nothing to settle
        stored = {f: str(getattr(s, f)) for f in STORED_FIELDS} if s is not None else None
        cases.append(PlanCase(**_group(plan), scheme=s.scheme_code if s else plan.scheme.code, input=inp,
                              stored=stored))
    return cases


def _unsettled_inputs(plan_ids: list[int]) -> dict[int, SettlementInput]:
    if not plan_ids:
        return {}
    decisions = {}
    for d in GrantDecision.objects.filter(plan_id__in=plan_ids).order_by("version"):
        decisions[d.plan_id] = d
    declarations = {d.pk: d.plan_id for d in FinalDeclaration.objects.filter(plan_id__in=plan_ids)}
    declared = {(declarations[d.declaration_id], d.measure_id): d
                for d in DeclarationLine.objects.filter(declaration_id__in=declarations)}
    plan_of = {d.pk: plan_id for plan_id, d in decisions.items()}
    lines = defaultdict(list)
    for line in DecisionLine.objects.filter(decision_id__in=plan_of).select_related("measure").order_by(
            "measure__code"):
        lines[plan_of[line.decision_id]].append(line)
    advances = defaultdict(lambda: ZERO)
    for plan_id, amount in LedgerEntry.objects.filter(plan_id__in=plan_ids, kind=ledger.ADVANCED).values_list(
            "plan_id", "amount_eur"):
        advances[plan_id] += amount
    result = {}
    has_declaration = set(declarations.values())
    for plan_id, decision in decisions.items():
        if plan_id not in has_declaration:
            continue
        measures = []
        for line in lines[plan_id]:
            d = declared.get((plan_id, line.measure_id))
            measures.append(MeasureInput(line.measure.code, line.measure.measure_type, line.planned_participants,
                                         d.realised_participants if d else None, line.planned_costs_eur,
                                         d.eligible_costs_eur if d else ZERO))
        result[plan_id] = SettlementInput(tuple(measures), decision.max_subsidy_eur, advances[plan_id])
    return result

