"""Settling plans: from the latest decision, the final declaration and the ledger to a settlement
version, its lines and its bookings (many plans in a handful of queries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.common.money import ZERO
from sectorplannen.participants.services import registered_counts
from sectorplannen.plans.models import DecisionLine, GrantDecision, Plan
from sectorplannen.schemes.rules import RulesError, SchemeRules

from . import ledger
from .bookings import check_bookings, grant_entries, label_of
from .ledger import Booking, LedgerBalance, ledger_balance
from .models import (
    DeclarationLine,
    FinalDeclaration,
    LedgerEntry,
    Settlement,
    SettlementLine,
)
from .settlement import MeasureInput, SettlementInput, SettlementResult, settle


@dataclass
class _PlanFacts:
    """What settling one plan reads, loaded for many plans at once (a handful of queries in all)."""

    plan: Plan
    decisions: list[GrantDecision] = field(default_factory=list)
    lines: list = field(default_factory=list)  # DecisionLine of the latest decision, with measure
    declaration: FinalDeclaration | None = None
    declared: dict = field(default_factory=dict)  # measure id → DeclarationLine
    previous: Settlement | None = None
    bookings: list[Booking] = field(default_factory=list)
    booked_decisions: set[int] = field(default_factory=set)


def _load(plans: list[Plan]) -> dict[int, _PlanFacts]:
    ids = [p.pk for p in plans]
    facts, schemes = {}, {}
    for p in Plan.objects.select_for_update().select_related("scheme").filter(pk__in=ids):
        p.scheme = schemes.setdefault(p.scheme_id, p.scheme)  # parse each scheme version's rules once
        facts[p.pk] = _PlanFacts(p)
    for d in GrantDecision.objects.filter(plan_id__in=ids).order_by("version"):
        facts[d.plan_id].decisions.append(d)
    latest = {f.decisions[-1].pk: f for f in facts.values() if f.decisions}
    for line in DecisionLine.objects.filter(decision_id__in=latest).select_related("measure").order_by("measure__code"):
        latest[line.decision_id].lines.append(line)
    declarations = {d.pk: d for d in FinalDeclaration.objects.filter(plan_id__in=ids)}
    for d in declarations.values():
        facts[d.plan_id].declaration = d
    for line in DeclarationLine.objects.filter(declaration_id__in=declarations).select_related("measure"):
        facts[declarations[line.declaration_id].plan_id].declared[line.measure_id] = line
    for s in Settlement.objects.filter(plan_id__in=ids).order_by("version"):
        facts[s.plan_id].previous = s
    entries = LedgerEntry.objects.filter(plan_id__in=ids).order_by("id")
    for plan_id, kind, amount, decision_id in entries.values_list("plan_id", "kind", "amount_eur", "decision_id"):
        facts[plan_id].bookings.append(Booking(kind, amount))
        if kind == ledger.GRANTED:
            facts[plan_id].booked_decisions.add(decision_id)
    return facts


def _settlement_input(f: _PlanFacts, balance: LedgerBalance, settled_on: dt.date) -> SettlementInput:
    unknown = set(f.declared) - {line.measure_id for line in f.lines}
    if unknown:
        codes = ", ".join(sorted(f.declared[m].measure.code for m in unknown))
        raise Refused([f"Gedeclareerd voor maatregel(en) die niet in de laatste beschikking staan: {codes}."])
    # Read only when the scheme counts them (off in the built-in versions: the batch run stays cheap).
    registered = registered_counts(f.plan) if f.plan.scheme.rules.registry_caps_declared else {}
    measures = []
    for line in f.lines:
        d = f.declared.get(line.measure_id)
        measures.append(MeasureInput(
            code=line.measure.code, measure_type=line.measure.measure_type,
            planned_participants=line.planned_participants,
            realised_participants=d.realised_participants if d else None,
            planned_costs_eur=line.planned_costs_eur, eligible_costs_eur=d.eligible_costs_eur if d else ZERO,
            registered_participants=registered.get(line.measure.code)
            if line.measure.individual_registration else None,
        ))
    return SettlementInput(tuple(measures), f.decisions[-1].max_subsidy_eur, balance.advanced_eur,
                           balance.earlier_payments_eur, tiers_on=settled_on)


def _basis(inp: SettlementInput, rules: SchemeRules, f: _PlanFacts) -> dict:
    """What the settlement rested on, kept with it: the input and the rules as applied."""
    return {
        "decision_version": f.decisions[-1].version,
        "declaration_id": f.declaration.pk,
        "input": {
            "max_subsidy_eur": str(inp.max_subsidy_eur), "advances_paid_eur": str(inp.advances_paid_eur),
            "earlier_payments_eur": str(inp.earlier_payments_eur),
            "measures": [{"code": m.code, "type": m.measure_type, "planned_participants": m.planned_participants,
                          "realised_participants": m.realised_participants,
                          "registered_participants": m.registered_participants,
                          "planned_costs_eur": str(m.planned_costs_eur),
                          "eligible_costs_eur": str(m.eligible_costs_eur)}
                         for m in inp.measures],
        },
        "rules": {
            "scheme": rules.code,
            "rates": {m.measure_type: str(rules.rate_for(m.measure_type)) for m in inp.measures},
            "participant_threshold": {"level": rules.participant_threshold.level,
                                      "min_ratio": str(rules.participant_threshold.min_ratio)},
            "cost_threshold": {"min_ratio": str(rules.cost_threshold.min_ratio),
                               "consequence": rules.cost_threshold.consequence},
            "overhead_tiers": [{"up_to": None if t.up_to is None else str(t.up_to), "rate": str(t.rate)}
                               for t in rules.overhead_tiers(inp.tiers_on)],
            "overhead_subsidy_rate": str(rules.overhead_subsidy_rate),
            "registry_caps_declared": rules.registry_caps_declared,
        },
    }


@dataclass
class _Prepared:
    settlement: Settlement
    result: SettlementResult
    lines: list[MeasureInput]
    entries: list[LedgerEntry]


def _prepare(f: _PlanFacts, settled_on: dt.date, actor, reason: str, approved_by=None) -> _Prepared:
    """Settle one plan in memory: the settlement version, its lines and its ledger bookings, checked."""
    plan = f.plan
    problems = []
    if not f.decisions:
        problems.append("Er is geen beschikking om vast te stellen.")
    if f.declaration is None:
        problems.append("Er is geen einddeclaratie: vaststellen kan pas daarna.")
    if f.previous is not None and not reason.strip():
        problems.append(f"Het plan is al vastgesteld (versie {f.previous.version}); een nieuwe vaststelling vraagt "
                        "een reden.")
    if problems:
        raise Refused(problems)
    entries = grant_entries(plan, f.decisions, f.booked_decisions, ledger_balance(f.bookings).granted_eur, actor)
    balance = ledger_balance(f.bookings + [Booking(e.kind, e.amount_eur) for e in entries])
    inp = _settlement_input(f, balance, settled_on)
    try:
        rules = plan.scheme.rules
        result = settle(inp, rules)
    except RulesError as exc:
        raise Refused([f"De regeling past niet op dit plan: {exc}."]) from exc
    settlement = Settlement(
        plan=plan, version=f.previous.version + 1 if f.previous else 1, previous=f.previous, reason=reason.strip(),
        decision=f.decisions[-1], declaration=f.declaration, scheme_code=rules.code, settled_on=settled_on,
        settled_by=actor, settled_by_label=label_of(actor), approved_by=approved_by,
        eligible_costs_eur=result.eligible_costs_eur, planned_costs_eur=result.planned_costs_eur,
        cost_threshold_met=result.cost_threshold_met, measure_subsidy_eur=result.measure_subsidy_eur,
        max_subsidy_eur=result.max_subsidy_eur, cap_applied=result.cap_applied,
        capped_measure_subsidy_eur=result.capped_measure_subsidy_eur, overhead_base_eur=result.overhead_base_eur,
        overhead_eur=result.overhead_eur, overhead_subsidy_eur=result.overhead_subsidy_eur,
        determined_subsidy_eur=result.determined_subsidy_eur, advances_paid_eur=result.advances_paid_eur,
        earlier_payments_eur=result.earlier_payments_eur, balance_eur=result.balance_eur,
        explanation=[{"rule": e.rule, "measure": e.measure, "text": e.text} for e in result.explanation],
        basis=_basis(inp, rules, f),
    )
    common = {"plan": plan, "booked_on": settled_on, "settlement": settlement, "booked_by": actor,
              "booked_by_label": label_of(actor)}
    entries.append(LedgerEntry(kind=ledger.SETTLED, amount_eur=result.determined_subsidy_eur - balance.settled_eur,
                               reference=f"vaststelling v{settlement.version}", **common))
    if result.balance_eur > 0:
        entries.append(LedgerEntry(kind=ledger.PAID, amount_eur=result.balance_eur, reference=settlement.reference,
                                   **common))
    elif result.balance_eur < 0:
        entries.append(LedgerEntry(kind=ledger.RECLAIMED, amount_eur=-result.balance_eur,
                                   reference=settlement.reference, **common))
    check_bookings(plan, f.bookings, entries)
    return _Prepared(settlement, result, list(inp.measures), entries)


@dataclass(frozen=True)
class RunOutcome:
    """What happened to one plan: ``new`` is a settlement made now; otherwise ``settlement`` is the
    existing one, or ``problems`` say why the plan could not be settled (nothing was written for it)."""

    plan: Plan
    settlement: Settlement | None
    new: bool
    problems: tuple[str, ...] = ()


@transaction.atomic
def settle_plans(
    plans: Iterable[Plan], settled_on: dt.date, actor=None, *, reason: str = "", approved_by=None
) -> list[RunOutcome]:
    """Settle each plan from its latest decision, its final declaration and the advances paid, and
    book the balance as a payment or a clawback (the plan's status is the workflow's business). An
    already settled plan gets a new version only with a reason (the earlier version stays as it
    was). Plans that cannot be settled are reported, not raised; the others are written together
    (a few queries for all plans, not per plan)."""
    plans = list(plans)
    facts = _load(plans)
    outcomes, prepared = [], []
    for plan in plans:
        try:
            p = _prepare(facts[plan.pk], settled_on, actor, reason, approved_by)
        except Refused as exc:
            outcomes.append(RunOutcome(plan, None, new=False, problems=exc.problems))
            continue
        prepared.append(p)
        outcomes.append(RunOutcome(facts[plan.pk].plan, p.settlement, new=True))
    if not prepared:
        return outcomes
    Settlement.objects.bulk_create([p.settlement for p in prepared])
    SettlementLine.objects.bulk_create([
        SettlementLine(
            settlement=p.settlement, measure=measure, measure_type=m.measure_type, rate=m.rate,
            planned_participants=m.planned_participants, realised_participants=m.realised_participants,
            planned_costs_eur=m.planned_costs_eur, eligible_costs_eur=m.eligible_costs_eur,
            gross_subsidy_eur=m.gross_subsidy_eur, subsidy_eur=m.subsidy_eur, status=m.status,
            participant_check=m.participant_check,
        )
        for p in prepared
        for m, measure in zip(p.result.measures, [line.measure for line in facts[p.settlement.plan_id].lines],
                              strict=True)
    ])
    LedgerEntry.objects.bulk_create([e for p in prepared for e in p.entries])
    for p in prepared:
        record("plan_settled", actor=actor, plan=p.settlement.plan, version=p.settlement.version,
               determined_subsidy_eur=str(p.result.determined_subsidy_eur), balance_eur=str(p.result.balance_eur))
    return outcomes


def settle_plan(
    plan: Plan, settled_on: dt.date, actor=None, *, reason: str = "", approved_by=None
) -> Settlement:
    """Settle one plan (see ``settle_plans``); raises ``Refused`` when it cannot be settled.
    ``approved_by`` records the second pair of eyes and must be someone other than ``actor``."""
    if actor is not None and approved_by is not None and actor.pk == approved_by.pk:
        raise Refused(["Wie de vaststelling voorbereidt, kan die niet zelf goedkeuren."])
    outcome = settle_plans([plan], settled_on, actor, reason=reason, approved_by=approved_by)[0]
    if outcome.problems:
        raise Refused(outcome.problems)
    return outcome.settlement


def preview_settlements(plans: Iterable[Plan], settled_on: dt.date) -> list[RunOutcome]:
    """The settlements as they would be taken on ``settled_on``, computed for many plans at once and
    not stored (nothing written, nothing audited): ``settlement`` unsaved, or the ``problems``."""
    plans = list(plans)
    with transaction.atomic():  # the loader locks the plans' rows while it reads them
        facts = _load(plans)
    outcomes = []
    for plan in plans:
        try:
            outcomes.append(RunOutcome(plan, _prepare(facts[plan.pk], settled_on, None, "").settlement, new=True))
        except Refused as exc:
            outcomes.append(RunOutcome(plan, None, new=False, problems=exc.problems))
    return outcomes


def plans_to_settle():
    """Plans with a final declaration and no settlement yet."""
    return Plan.objects.filter(final_declaration__isnull=False, settlements__isnull=True).order_by("name")


def run_settlements(plans: Iterable[Plan], settled_on: dt.date, actor=None) -> list[RunOutcome]:
    """Settle the plans that have no settlement yet; settled plans are reported as they are (idempotent)."""
    plans = list(plans)
    latest = {s.plan_id: s for s in Settlement.objects.filter(plan__in=plans).order_by("version")}
    todo = iter(settle_plans([p for p in plans if p.pk not in latest], settled_on, actor))
    return [RunOutcome(p, latest[p.pk], new=False) if p.pk in latest else next(todo) for p in plans]
