"""Between the database and the pure frame: load submitted answers, store synthetic ones."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sectorplannen.finance.models import DeclarationLine
from sectorplannen.plans.models import DecisionLine, Plan

from .frame import TRANCHE_GROUPS, MeasureRecord, PlanRecord, sector_cluster
from .interviews import reconciled
from .models import FinalReport, InterviewNote, MeasureReport, ReportStatus
from .reports import current_codebook
from .specs import published_specs
from .synth import synthesise


def _measure_facts(plan_ids: list[int]) -> dict[int, list[tuple[int, str, int | None, int | None]]]:
    """(measure id, theme, planned in the latest decision, realised in the declaration) per plan."""
    latest: dict[int, tuple[int, int | None]] = {}
    for mid, version, planned in DecisionLine.objects.filter(decision__plan_id__in=plan_ids).values_list(
            "measure_id", "decision__version", "planned_participants"):
        if mid not in latest or version > latest[mid][0]:
            latest[mid] = (version, planned)
    realised = dict(DeclarationLine.objects.filter(declaration__plan_id__in=plan_ids)
                    .values_list("measure_id", "realised_participants"))
    out: dict[int, list] = {}
    for plan in Plan.objects.filter(pk__in=plan_ids).prefetch_related("measures"):
        out[plan.pk] = [(m.pk, m.category, latest.get(m.pk, (0, m.planned_participants))[1], realised.get(m.pk))
                        for m in plan.measures.all()]
    return out


def _records(plans: list[Plan], answers: dict[int, dict], per_measure: dict[int, dict]) -> list[PlanRecord]:
    facts = _measure_facts([p.pk for p in plans])
    records = []
    for plan in plans:
        ratio = plan.scheme.rules.target_reached_ratio
        record = PlanRecord(str(plan.pk), plan.name, TRANCHE_GROUPS.get(plan.tranche_label, "T1/2"), plan.kind,
                            sector_cluster(plan.sectors or []), answers=dict(answers.get(plan.pk, {})))
        for mid, theme, planned, realised in facts[plan.pk]:
            record.measures.append(MeasureRecord.with_shortfall(str(mid), theme, planned, realised, ratio,
                                                                per_measure.get(mid, {})))
        records.append(record)
    return records


def load_frame() -> list[PlanRecord]:
    """Every submitted final report, with the figures of its plan; a plan-level question the report
    left blank is taken from the plan's coded project-leader or group interviews (where the coders
    agree), and a plan with coded interviews but no report counts with those answers."""
    reports = list(FinalReport.objects.filter(state=ReportStatus.SUBMITTED).select_related("plan__scheme"))
    per_measure = dict(MeasureReport.objects.filter(report__in=reports).values_list("measure_id", "answers"))
    answers = {r.plan_id: dict(r.answers) for r in reports}
    plans = [r.plan for r in reports]
    coded = reconciled(list(InterviewNote.objects.filter(plan__isnull=False).values_list("plan_id", flat=True)))
    for plan in Plan.objects.filter(pk__in=set(coded) - set(answers)).select_related("scheme"):
        plans.append(plan)
        answers[plan.pk] = {}
    for plan_id, codes in coded.items():
        for qid, value in codes.items():
            answers[plan_id].setdefault(qid, value)
    records = _records(plans, answers, per_measure)
    synthetic = {str(r.plan_id) for r in reports if r.synthetic}
    for record in records:
        record.synthetic = record.key in synthetic
    return records


@transaction.atomic
def synthesise_reports(seed: int) -> int:
    """Synthetic, submitted final reports for the reference plans that have none (idempotent)."""
    plans = list(Plan.objects.filter(is_reference=True, final_report__isnull=True).select_related("scheme")
                 .order_by("name"))
    if not plans:
        return 0
    codebook = current_codebook()
    records = _records(plans, {}, {})
    synthesise(records, codebook.codebook, published_specs(), seed)
    now = timezone.now()
    reports = FinalReport.objects.bulk_create([
        FinalReport(plan=plan, codebook=codebook, state=ReportStatus.SUBMITTED, answers=rec.answers, synthetic=True,
                    submitted_at=now) for plan, rec in zip(plans, records, strict=True)])
    MeasureReport.objects.bulk_create([
        MeasureReport(report=report, measure_id=int(m.key), answers=m.answers)
        for report, rec in zip(reports, records, strict=True) for m in rec.measures])
    return len(reports)
