"""Block A and the figures of block B, prefilled from the decisions, the declaration and the registry.

Nothing here is asked: "gehaald" (target reached) is realised ≥ the scheme's threshold × the latest
decision. Before the declaration exists the realised number is provisional: the latest progress
report, else the participant registry, which is also what the declaration is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from sectorplannen.finance.models import FinalDeclaration
from sectorplannen.participants.services import registered_counts
from sectorplannen.plans.models import Plan

from .frame import TRANCHE_GROUPS, sector_cluster


@dataclass(frozen=True)
class MeasureFigures:
    code: str
    measure_id: int
    theme: str
    type_label: str
    description: str
    initial_planned: int | None
    planned: int | None
    realised: int | None
    realised_source: str  # "declaration", "progress_report", "registry" or ""
    stopped: bool
    reached: bool | None

    @property
    def below_plan(self) -> bool | None:
        return None if self.reached is None else not self.reached

    @property
    def source_text(self) -> str:
        return source_label(self.realised_source)


@dataclass(frozen=True)
class Revision:
    version: int
    decided_on: object
    reason: str


@dataclass(frozen=True)
class PlanFrame:
    plan_id: int
    name: str
    tranche_label: str
    tranche_group: str
    kind: str
    cluster: str
    start_date: object
    end_date: object
    lead_applicant_kind: str
    revisions: tuple[Revision, ...]
    measures: tuple[MeasureFigures, ...]
    threshold: Decimal


def source_label(source: str) -> str:
    return {"declaration": _("einddeclaratie"), "progress_report": _("laatste voortgangsrapportage"),
            "registry": _("deelnemersregister")}.get(source, "–")


def _realised(plan: Plan) -> tuple[dict[str, int | None], str]:
    declaration = FinalDeclaration.objects.filter(plan=plan).first()
    if declaration is not None:
        return {line.measure.code: line.realised_participants
                for line in declaration.lines.select_related("measure")}, "declaration"
    report = plan.progress_reports.order_by("-month").first()
    if report is not None:
        return {line.measure.code: line.realised_participants for line in report.lines.select_related("measure")}, \
            "progress_report"
    return dict(registered_counts(plan)), "registry"


def plan_frame(plan: Plan) -> PlanFrame:
    rules = plan.scheme.rules
    decisions = list(plan.decisions.order_by("version").prefetch_related("lines__measure"))
    latest = {line.measure.code: line for line in decisions[-1].lines.all()} if decisions else {}
    first = {line.measure.code: line for line in decisions[0].lines.all()} if decisions else {}
    realised, source = _realised(plan)
    ratio = rules.target_reached_ratio
    measures = []
    for m in plan.measures.order_by("code"):
        line = latest.get(m.code)
        planned = line.planned_participants if line else m.planned_participants
        got = realised.get(m.code)
        reached = None if not planned or got is None else Decimal(got) >= ratio * planned
        label = rules.type_info(m.measure_type).label if rules.knows_type(m.measure_type) else m.measure_type
        measures.append(MeasureFigures(
            m.code, m.pk, m.category, label, m.description,
            first[m.code].planned_participants if m.code in first else None, planned, got,
            source if got is not None else "", bool(line and line.status == "stopped"), reached))
    lead = next((p.kind for p in plan.partners.all() if "main_applicant" in p.roles), "")
    return PlanFrame(
        plan.pk, plan.name, plan.tranche_label, TRANCHE_GROUPS.get(plan.tranche_label, "T1/2"), plan.kind,
        sector_cluster(plan.sectors or []), decisions[-1].start_date if decisions else plan.start_date,
        decisions[-1].end_date if decisions else plan.end_date, lead,
        tuple(Revision(d.version, d.decided_on, d.reason) for d in decisions[1:]), tuple(measures), ratio)
