"""Read the monitoring facts from the database in a handful of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from sectorplannen.finance.models import DeclarationLine, Settlement, SettlementLine
from sectorplannen.participants.models import Registration
from sectorplannen.plans.models import DecisionLine, GrantDecision, LineStatus, Plan, PlanStatus, ReferenceFact

from .facts import DocumentedTotal, MeasureFacts, PlanFacts, SettlementFacts

REPORTED_STATUSES = (PlanStatus.GRANTED, PlanStatus.RUNNING, PlanStatus.DECLARED, PlanStatus.SETTLED)


def load_facts(*, tranche: str | None = None) -> list[PlanFacts]:
    # Tranche 3 reused names of tranches 1–2: the tranche keeps the order of equal names stable.
    plans = list(Plan.objects.filter(status__in=REPORTED_STATUSES).order_by("name", "tranche_label", "pk"))
    if tranche:
        plans = [p for p in plans if p.tranche_label == tranche]
    ids = [p.pk for p in plans]
    versions = defaultdict(dict)
    for d in GrantDecision.objects.filter(plan_id__in=ids).values("id", "plan_id", "version"):
        versions[d["plan_id"]][d["version"]] = d["id"]
    first_ids = {pid: v[min(v)] for pid, v in versions.items()}
    latest_ids = {pid: v[max(v)] for pid, v in versions.items()}
    lines = defaultdict(dict)  # decision id -> measure id -> line
    wanted = set(first_ids.values()) | set(latest_ids.values())
    for line in DecisionLine.objects.filter(decision_id__in=wanted).select_related("measure"):
        lines[line.decision_id][line.measure_id] = line
    declared = {
        line.measure_id: line
        for line in DeclarationLine.objects.filter(declaration__plan_id__in=ids)
    }
    registered = _registry_counts(ids)
    by_group = _registry_target_groups(ids)
    settlements = _settlements(ids)
    published = defaultdict(list)
    for fact in ReferenceFact.objects.filter(plan_id__in=ids).order_by("key"):
        published[fact.plan_id].append((fact.key, fact.value))
    facts = []
    for plan in plans:
        if plan.pk not in latest_ids:
            continue
        first, latest = lines[first_ids[plan.pk]], lines[latest_ids[plan.pk]]
        measures = []
        for measure_id, line in sorted(latest.items(), key=lambda kv: kv[1].measure.code):
            m = line.measure
            initial = first.get(measure_id)
            dec = declared.get(measure_id)
            reg = registered.get(measure_id, (None, None))
            measures.append(MeasureFacts(
                code=m.code, category=m.category, measure_type=m.measure_type,
                counted_measures=m.counted_measures or 1, rate=line.rate,
                initial_participants=initial.planned_participants if initial else None,
                initial_costs_eur=initial.planned_costs_eur if initial else Decimal("0.00"),
                planned_participants=line.planned_participants,
                planned_youth_participants=line.planned_youth_participants,
                planned_costs_eur=line.planned_costs_eur, stopped=line.status == LineStatus.STOPPED,
                realised_participants=dec.realised_participants if dec else None,
                realised_youth_participants=dec.realised_youth_participants if dec else None,
                realised_costs_eur=dec.eligible_costs_eur if dec else None,
                registered_participants=reg[0], registered_youth_participants=reg[1],
                declared_bsn_participants=dec.bsn_participants if dec else None,
                registered_by_target_group=by_group.get(measure_id, ()),
                counted_measures_known=not plan.is_reference or m.counted_measures is not None,
                ambition_known=not plan.is_reference,
            ))
        facts.append(PlanFacts(
            name=plan.name, tranche=plan.tranche_label, kind=plan.kind, sectors=tuple(plan.sectors),
            status=plan.status, decision_versions=len(versions[plan.pk]), measures=tuple(measures),
            settlement=settlements.get(plan.pk), published=tuple(published[plan.pk]),
        ))
    return facts


def load_documented_totals() -> list[DocumentedTotal]:
    return [DocumentedTotal(f.tranche_label, f.key, f.value, f.precision, f.source)
            for f in ReferenceFact.objects.filter(plan__isnull=True).order_by("tranche_label", "key")]


def data_timestamp() -> dt.datetime | None:
    """The moment of the newest change the figures rest on."""
    stamps = [
        Plan.objects.aggregate(t=Max("updated_at"))["t"],
        GrantDecision.objects.aggregate(t=Max("decided_at"))["t"],
    ]
    stamps = [s for s in stamps if s is not None]
    return max(stamps) if stamps else None


def _registry_counts(plan_ids) -> dict[int, tuple[int, int]]:
    """Unique registered persons and youth per measure id."""
    rows = (Registration.objects.filter(plan_id__in=plan_ids).values("measure_id")
            .annotate(n=Count("person", distinct=True), young=Count("person", distinct=True, filter=Q(youth=True))))
    return {r["measure_id"]: (r["n"], r["young"]) for r in rows}


def _registry_target_groups(plan_ids) -> dict[int, tuple[tuple[str, int], ...]]:
    """Unique registered persons per measure id and target group at start."""
    rows = (Registration.objects.filter(plan_id__in=plan_ids).values("measure_id", "target_group")
            .annotate(n=Count("person", distinct=True)).order_by("measure_id", "target_group"))
    out: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for r in rows:
        out[r["measure_id"]].append((r["target_group"] or "", r["n"]))
    return {k: tuple(v) for k, v in out.items()}


def _settlements(plan_ids) -> dict[int, SettlementFacts]:
    """The figures of each plan's latest settlement version."""
    latest: dict[int, Settlement] = {}
    for st in Settlement.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "version"):
        latest[st.plan_id] = st
    lost = dict(SettlementLine.objects.filter(settlement__in=latest.values(), status="below_participant_threshold")
                .values("settlement_id").annotate(lost=Sum("gross_subsidy_eur")).values_list("settlement_id", "lost"))
    return {
        pid: SettlementFacts(
            eligible_costs_eur=st.eligible_costs_eur, measure_subsidy_eur=st.capped_measure_subsidy_eur,
            overhead_eur=st.overhead_eur, overhead_subsidy_eur=st.overhead_subsidy_eur,
            determined_subsidy_eur=st.determined_subsidy_eur, cap_applied=st.cap_applied,
            max_subsidy_eur=st.max_subsidy_eur, cost_threshold_met=st.cost_threshold_met,
            lost_below_participant_threshold_eur=lost.get(st.pk) or Decimal("0"),
        )
        for pid, st in latest.items()
    }
