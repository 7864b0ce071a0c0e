"""What an upload for one plan is checked against, and whether the plan takes registrations at all:
plain functions of the plan, shared by the command and the portal."""

from __future__ import annotations

import datetime as dt

from .reader import UnusableInput
from .validation import MeasureRef, UploadRules


def plan_period(plan) -> tuple[dt.date, dt.date]:
    """Start and end of the plan, extension included: the plan's own dates joined with the latest
    decision's (a revision that grants an extension moves that decision's end date, plans/revisions.py)."""
    start, end = plan.start_date, plan.end_date
    latest = plan.latest_decision()
    if latest is not None:
        start, end = min(start, latest.start_date), max(end, latest.end_date)
    return start, end


def upload_rules(plan, own_employer: str | None = None) -> UploadRules:
    rules = plan.scheme.rules
    start, end = plan_period(plan)
    measures = {
        m.code: MeasureRef(m.id, m.code, m.category, m.individual_registration)
        for m in plan.measures.all()
    }
    return UploadRules(
        plan_id=plan.id,
        measures=measures,
        period_start=start,
        period_end=end,
        min_age=rules.participant_min_age,
        max_age=rules.participant_max_age,
        youth_max_age=rules.youth_max_age,
        # Tranche 3 (trajectories): the trajectory itself says where the participant comes from.
        target_group_required=rules.measure_structure != "trajectory",
        target_groups=tuple(g for g in rules.target_groups if g not in rules.excluded_target_groups),
        own_employer=own_employer,
    )




def registration_refusal(plan) -> str | None:
    """Why participants cannot be registered in ``plan`` now, or ``None``: the one rule for the command
    and the portal. Registrations are open from the grant until the plan is settled; never in a
    refused or withdrawn plan. The portal adds its own rule for applicants (only a running plan, never
    a reference plan)."""
    from sectorplannen.plans.models import PlanStatus

    if plan.status == PlanStatus.SETTLED:
        return f"Plan {plan.name} is vastgesteld; er kunnen geen deelnemers meer bij."
    if plan.status in (PlanStatus.REFUSED, PlanStatus.WITHDRAWN):
        return f"Plan {plan.name} is {plan.get_status_display()}; er worden geen deelnemers geregistreerd."
    if plan.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED):
        return f"Plan {plan.name} is nog niet verleend; deelnemers worden geregistreerd zodra het plan loopt."
    return None


class UploadRefused(UnusableInput):
    """The plan takes no registrations now (``registration_refusal``); nothing is read or stored."""


