"""When a grant lapses: the work never started within the scheme's period after the grant, or no
final declaration came within the scheme's period after the plan's end. Both periods are scheme
parameters (``start_within_months`` and friends, ``declaration_weeks``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef

from sectorplannen.common.errors import Reason
from sectorplannen.finance.models import ProgressReport
from sectorplannen.participants.models import Registration
from sectorplannen.plans.models import Plan, PlanStatus

from .definition import final_declaration_due_on, start_due_on


def _started(plan: Plan) -> bool:
    """Started: reported as running, or there is work to show (participants, progress reports);
    ``lapse_candidates`` annotates the last two, so a list of plans costs no query per plan."""
    if plan.status == PlanStatus.RUNNING:
        return True
    reported = getattr(plan, "has_progress_reports", None)
    registered = getattr(plan, "has_registrations", None)
    if reported is None or registered is None:
        return plan.progress_reports.exists() or plan.registrations.exists()
    return reported or registered


def lapse_ground(plan: Plan, on: dt.date) -> Reason | None:
    """Why the grant of this plan has lapsed on ``on``, or None when it has not."""
    if plan.status not in (PlanStatus.GRANTED, PlanStatus.RUNNING) or plan.is_reference:
        return None
    start_due = start_due_on(plan)
    if start_due is not None and on > start_due and not _started(plan):
        return Reason("not_started", f"De uitvoering is niet gestart binnen de termijn na de verlening "
                                     f"(uiterlijk {start_due:%d-%m-%Y}).")
    declaration_due = final_declaration_due_on(plan)
    if declaration_due is not None and on > declaration_due and not hasattr(plan, "final_declaration"):
        return Reason("no_declaration", f"Er is geen einddeclaratie ingediend binnen de termijn "
                                        f"(uiterlijk {declaration_due:%d-%m-%Y}).")
    return None


def lapse_candidates(on: dt.date) -> list[tuple[Plan, Reason]]:
    """Every granted or running plan whose grant has lapsed on ``on``, by name."""
    plans = (Plan.objects.filter(status__in=[PlanStatus.GRANTED, PlanStatus.RUNNING], is_reference=False)
             .select_related("scheme", "final_declaration").prefetch_related("decisions", "measures")
             .annotate(has_progress_reports=Exists(ProgressReport.objects.filter(plan=OuterRef("pk"))),
                       has_registrations=Exists(Registration.objects.filter(plan=OuterRef("pk"))))
             .order_by("name"))
    found = []
    for plan in plans:
        ground = lapse_ground(plan, on)
        if ground is not None:
            found.append((plan, ground))
    return found
