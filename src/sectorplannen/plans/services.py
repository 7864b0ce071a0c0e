"""Public interface of the plans app: writing and reading grant decision versions (the workflow
decides when; it alone moves a plan's status)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery, Sum

from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.schemes.rules import line_subsidy

from . import transfers
from .models import (
    DecisionKind,
    DecisionLine,
    GrantDecision,
    LabourMarketAnalysis,
    Measure,
    Plan,
    PlanStatus,
)
from .revisions import (
    DecisionState,
    LineState,
    Refusal,
    RevisionRequest,
    apply_revision,
    diff,
)
from .schedule import advance_schedule

GRANTED_STATUSES = (PlanStatus.GRANTED, PlanStatus.RUNNING, PlanStatus.DECLARED, PlanStatus.SETTLED)


@dataclass(frozen=True)
class MeasureAssessment:
    """The assessor's verdict on one measure: approve as applied, reduce, or refuse."""

    code: str
    verdict: str  # "approve", "reduce", "refuse"
    planned_participants: int | None = None
    planned_costs_eur: Decimal | None = None
    reason: str = ""


def find_plan(ref: str) -> Plan:
    """A plan by id or exact name (the CLI convention of formats.md)."""
    plan = None
    if ref.isdigit():
        plan = Plan.objects.filter(pk=int(ref)).first()
    if plan is None:
        named = list(Plan.objects.filter(name=ref).order_by("pk")[:5])
        if len(named) > 1:  # tranche 3 reused names of tranches 1-2 (formats.md §2)
            ids = ", ".join(f"{p.pk} (tranche {p.tranche_label})" for p in named)
            raise Plan.DoesNotExist(f"Er zijn meerdere plannen met de naam {ref!r}; noem het plan bij id: {ids}.")
        plan = named[0] if named else None
    if plan is None:
        raise Plan.DoesNotExist(f"Geen plan met id of naam {ref!r}.")
    return plan


def remaining_ceiling(tranche, *, exclude_plan: Plan | None = None) -> Decimal:
    """The window's budget ceiling minus the maximum subsidy of the latest decision of every
    plan already granted in that tranche."""
    latest = GrantDecision.objects.filter(plan=OuterRef("pk")).order_by("-version").values("max_subsidy_eur")[:1]
    plans = Plan.objects.filter(tranche=tranche, status__in=GRANTED_STATUSES)
    if exclude_plan is not None:
        plans = plans.exclude(pk=exclude_plan.pk)
    used = plans.annotate(latest_max=Subquery(latest)).aggregate(total=Sum("latest_max"))["total"] or Decimal("0")
    return tranche.budget_ceiling_eur - used


def decision_state(decision: GrantDecision) -> DecisionState:
    lines = tuple(
        LineState(
            code=line.measure.code, category=line.measure.category, measure_type=line.measure.measure_type,
            status=line.status, planned_participants=line.planned_participants,
            planned_youth_participants=line.planned_youth_participants,
            planned_costs_eur=line.planned_costs_eur, rate=line.rate, note=line.note,
            target_groups=tuple(line.measure.target_groups or ()),
        )
        for line in decision.lines.select_related("measure").order_by("measure__code")
    )
    first = decision.plan.decisions.order_by("version").first()
    # JSON containment look-ups differ between SQLite and PostgreSQL: count extensions in Python.
    used = sum(
        1 for changes in decision.plan.decisions.filter(version__lte=decision.version).values_list("changes", flat=True)
        if any(isinstance(c, dict) and c.get("op") == "extend" for c in changes)
    )
    return DecisionState(
        version=decision.version, granted_on=first.decided_on, decided_on=decision.decided_on,
        start_date=decision.start_date, end_date=decision.end_date, extension_months=decision.extension_months,
        extensions_used=used, max_subsidy_eur=decision.max_subsidy_eur, lines=lines,
    )


@transaction.atomic
def grant_decision(
    plan: Plan,
    assessments: list[MeasureAssessment] | None = None,
    *,
    decided_on: dt.date,
    actor=None,
    approved_by=None,
    reason: str = "",
) -> GrantDecision:
    """Take the first decision (version 1, the initial ambition) on a submitted plan; the workflow's
    ``grant`` transition calls this and moves the plan on."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    refusals: list[Refusal] = []
    if plan.status != PlanStatus.SUBMITTED:
        refusals.append(Refusal("not_submitted", f"Plan heeft status '{plan.get_status_display()}', niet 'ingediend'."))
    if actor is not None and approved_by is not None and actor.pk == approved_by.pk:
        refusals.append(Refusal("four_eyes", "Wie het besluit voorbereidt, kan het niet zelf goedkeuren."))
    rules = plan.scheme.rules
    verdicts = {a.code: a for a in (assessments or [])}
    measures = list(plan.measures.order_by("code"))
    unknown = set(verdicts) - {m.code for m in measures}
    if unknown:
        refusals.append(Refusal("unknown_measure", f"Onbekende maatregel(en): {', '.join(sorted(unknown))}."))
    lines = []
    for m in measures:
        verdict = verdicts.get(m.code, MeasureAssessment(m.code, "approve"))
        if verdict.verdict == "refuse":
            continue
        participants, costs = m.planned_participants, m.planned_costs_eur
        if verdict.verdict == "reduce":
            participants = verdict.planned_participants if verdict.planned_participants is not None else participants
            costs = verdict.planned_costs_eur if verdict.planned_costs_eur is not None else costs
            if costs > m.planned_costs_eur or (participants or 0) > (m.planned_participants or 0):
                refusals.append(Refusal("not_a_reduction", f"Maatregel {m.code}: verlagen kan niet hoger uitkomen."))
        elif verdict.verdict != "approve":
            refusals.append(Refusal("invalid_verdict", f"Maatregel {m.code}: onbekend oordeel {verdict.verdict!r}."))
        rate = rules.rate_for(m.measure_type)
        lines.append((m, participants, costs, rate, line_subsidy(rate, costs), verdict))
    if not lines:
        refusals.append(Refusal("nothing_granted", "Er is geen maatregel toegekend; wijs het plan dan af."))
    max_subsidy = sum((s for *_, s, _ in lines), Decimal("0.00"))
    if plan.tranche is not None:
        remaining = remaining_ceiling(plan.tranche, exclude_plan=plan)
        if max_subsidy > remaining:
            refusals.append(Refusal(
                "ceiling_exceeded",
                f"De gevraagde subsidie ({max_subsidy}) is hoger dan het resterende subsidieplafond van "
                f"tranche {plan.tranche.number} ({remaining}). Verleen ten hoogste het restant of wijs af.",
            ))
    if refusals:
        raise Refused(refusals)
    analysis = plan.analyses.order_by("-date").first()
    decision = GrantDecision.objects.create(
        plan=plan, version=1, kind=DecisionKind.GRANT, decided_on=decided_on, decided_by=actor,
        approved_by=approved_by, reason=reason, analysis_date=analysis.date if analysis else None,
        start_date=plan.start_date, end_date=plan.end_date, max_subsidy_eur=max_subsidy,
        advance_schedule=_advance_schedule(max_subsidy, decided_on, plan.end_date, rules),
        basis={"application": plan.application, "assessments": [_assessment_json(a) for *_, a in lines]},
    )
    DecisionLine.objects.bulk_create([
        DecisionLine(decision=decision, measure=m, planned_participants=p,
                     planned_youth_participants=m.planned_youth_participants, planned_costs_eur=c, rate=r,
                     subsidy_eur=s, note=v.reason)
        for m, p, c, r, s, v in lines
    ])
    record("decision_taken", actor=actor, plan=plan, version=1, max_subsidy_eur=str(max_subsidy))
    return decision


def _assessment_json(a: MeasureAssessment) -> dict:
    return {"code": a.code, "verdict": a.verdict, "planned_participants": a.planned_participants,
            "planned_costs_eur": None if a.planned_costs_eur is None else str(a.planned_costs_eur),
            "reason": a.reason}


def _advance_schedule(max_subsidy: Decimal, granted_on: dt.date, end_date: dt.date, rules) -> list[dict]:
    """The decision's advance schedule (finance owns the calculation), stored as plain JSON."""
    return [{"due_on": a.due_on.isoformat(), "amount_eur": str(a.amount_eur)}
            for a in advance_schedule(max_subsidy, granted_on, end_date, rules)]


@transaction.atomic
def revise(
    plan: Plan,
    changes: list[dict],
    *,
    reason: str,
    analysis_date: dt.date | None,
    requested_on: dt.date,
    first_progress_report_on: dt.date | None = None,
    actor=None,
    approved_by=None,
    incoming_transfer_eur: Decimal = Decimal("0"),
) -> GrantDecision:
    """Take a new decision version from the latest one, or raise ``Refused``. A budget transfer to
    another plan revises that plan too, in the same transaction (plans/transfers.py)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    latest = plan.latest_decision()
    if latest is None:
        raise Refused([Refusal("not_granted", "Er is nog geen beschikking om te herzien.")])
    if plan.status not in (PlanStatus.GRANTED, PlanStatus.RUNNING):
        raise Refused([Refusal("not_running", "Alleen een verleend, lopend plan kan worden herzien.")])
    if actor is not None and approved_by is not None and actor.pk == approved_by.pk:
        raise Refused([Refusal("four_eyes", "Wie het besluit voorbereidt, kan het niet zelf goedkeuren.")])
    rules = plan.scheme.rules
    previous = decision_state(latest)
    outcome = apply_revision(previous, RevisionRequest(
        changes=tuple(changes), reason=reason, analysis_date=analysis_date, requested_on=requested_on,
        first_progress_report_on=first_progress_report_on,
        previous_analysis_date=plan.analyses.aggregate(d=Max("date"))["d"],
        incoming_transfer_eur=incoming_transfer_eur,
    ), rules)
    if not outcome.accepted:
        raise Refused(outcome.refusals)
    new = outcome.state
    receiver = transfers.receiver_of(plan, changes, rules)
    if analysis_date is not None:
        LabourMarketAnalysis.objects.create(plan=plan, date=analysis_date,
                                            bottlenecks=_latest_bottlenecks(plan), summary=f"Geactualiseerd: {reason}")
    decision = GrantDecision.objects.create(
        plan=plan, version=new.version, previous=latest, kind=DecisionKind.REVISION, decided_on=requested_on,
        decided_by=actor, approved_by=approved_by, reason=reason, analysis_date=analysis_date,
        start_date=new.start_date, end_date=new.end_date, extension_months=new.extension_months,
        max_subsidy_eur=new.max_subsidy_eur, advance_schedule=latest.advance_schedule, changes=changes,
        basis={"previous_version": latest.version},
    )
    for line in outcome.new_measures:
        template = plan.measures.filter(category=line.category, measure_type=line.measure_type).first()
        Measure.objects.create(
            plan=plan, code=line.code, category=line.category, measure_type=line.measure_type,
            description=line.note, target_groups=template.target_groups if template else [],
            bottlenecks=template.bottlenecks if template else [],
            planned_participants=line.planned_participants,
            planned_youth_participants=line.planned_youth_participants,
            planned_costs_eur=line.planned_costs_eur,
            individual_registration=template.individual_registration if template else True,
            created_by_revision=decision,
        )
    measures = {m.code: m for m in plan.measures.all()}
    DecisionLine.objects.bulk_create([
        DecisionLine(decision=decision, measure=measures[line.code], status=line.status,
                     planned_participants=line.planned_participants,
                     planned_youth_participants=line.planned_youth_participants,
                     planned_costs_eur=line.planned_costs_eur, rate=line.rate, subsidy_eur=line.subsidy_eur,
                     note=line.note)
        for line in new.lines
    ])
    for line in new.lines:  # a widened target group is the measure's from now on (the decision keeps the change)
        if line.target_groups and list(line.target_groups) != list(measures[line.code].target_groups or []):
            Measure.objects.filter(pk=measures[line.code].pk).update(target_groups=list(line.target_groups))
    record("decision_revised", actor=actor, plan=plan, version=decision.version, changes=len(changes))
    if receiver is not None:
        transfers.revise_receiver(plan, receiver, changes, freed=latest.max_subsidy_eur - new.max_subsidy_eur,
                                  revise=revise, reason=reason, analysis_date=analysis_date,
                                  requested_on=requested_on, actor=actor, approved_by=approved_by)
    return decision


def _latest_bottlenecks(plan: Plan) -> list[str]:
    analysis = plan.analyses.order_by("-date").first()
    return analysis.bottlenecks if analysis else []


def version_diff(plan: Plan, old_version: int, new_version: int):
    """The differences between any two decision versions of a plan."""
    old = plan.decisions.get(version=old_version)
    new = plan.decisions.get(version=new_version)
    return diff(decision_state(old), decision_state(new))


def initial_and_latest(plan: Plan) -> tuple[GrantDecision | None, GrantDecision | None]:
    return plan.initial_decision(), plan.latest_decision()


