"""Read the monitoring facts from the database in a handful of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Q

from sectorplannen.finance.models import DeclarationLine, Settlement
from sectorplannen.participants.models import Registration
from sectorplannen.plans.models import DecisionLine, GrantDecision, LineStatus, Plan, PlanStatus

from .facts import MeasureFacts, PlanFacts, SettlementFacts

REPORTED_STATUSES = (PlanStatus.GRANTED, PlanStatus.RUNNING, PlanStatus.DECLARED, PlanStatus.SETTLED)


def load_facts(*, tranche: str | None = None) -> list[PlanFacts]:
    plans = list(Plan.objects.filter(status__in=REPORTED_STATUSES).order_by("name"))
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
    settlements = _settlements(ids)
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
            ))
        facts.append(PlanFacts(
            name=plan.name, tranche=plan.tranche_label, kind=plan.kind, sectors=tuple(plan.sectors),
            status=plan.status, decision_versions=len(versions[plan.pk]), measures=tuple(measures),
            settlement=settlements.get(plan.pk),
        ))
    return facts


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


def _settlements(plan_ids) -> dict[int, SettlementFacts]:
    """The figures of each plan's latest settlement version."""
    latest: dict[int, Settlement] = {}
    for st in Settlement.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "version"):
        latest[st.plan_id] = st
    return {
        pid: SettlementFacts(
            eligible_costs_eur=st.eligible_costs_eur, measure_subsidy_eur=st.capped_measure_subsidy_eur,
            overhead_eur=st.overhead_eur, overhead_subsidy_eur=st.overhead_subsidy_eur,
            determined_subsidy_eur=st.determined_subsidy_eur,
        )
        for pid, st in latest.items()
    }
