"""What only the portal needs: the agency's work queue. Decisions, proposals (four eyes) and
revision requests are ``workflow.services``; the portal renders them and calls those services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sectorplannen.plans.models import Plan, PlanStatus
from sectorplannen.workflow import clock
from sectorplannen.workflow.definition import DECISION_DEADLINE, SETTLEMENT_DEADLINE
from sectorplannen.workflow.lapse import lapse_candidates
from sectorplannen.workflow.models import (
    AdvanceRequest,
    AdvanceRequestStatus,
    Proposal,
    ProposalStatus,
    RevisionRequest,
    RevisionStatus,
)

__all__ = ["QueueItem", "work_queue"]


@dataclass(frozen=True)
class QueueItem:
    plan: Plan
    task: str  # Dutch description of what is to be done
    due_on: dt.date | None
    url_name: str
    url_arg: int

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < clock.today()


def work_queue() -> list[QueueItem]:
    """Everything waiting for the agency, earliest deadline first (deadlines from the scheme rules)."""
    items: list[QueueItem] = []
    pending = set(Proposal.objects.filter(status=ProposalStatus.PROPOSED).values_list("plan_id", "kind"))
    for plan in Plan.objects.filter(status=PlanStatus.SUBMITTED, is_reference=False).select_related("scheme"):
        due = DECISION_DEADLINE.due_on(plan)
        if (plan.pk, "grant") in pending or (plan.pk, "refusal") in pending:
            items.append(QueueItem(plan, "Besluit goedkeuren (vier ogen)", due, "portal:proposals", 0))
        else:
            items.append(QueueItem(plan, "Aanvraag beoordelen", due, "portal:assess", plan.pk))
    for req in RevisionRequest.objects.filter(status=RevisionStatus.REQUESTED).select_related("plan__scheme"):
        due = req.requested_on + dt.timedelta(weeks=req.plan.scheme.rules.decision_weeks)
        items.append(QueueItem(req.plan, "Herzieningsverzoek behandelen", due, "portal:revision_review", req.pk))
    # an advance request has no deadline of its own in the scheme: it is listed without one
    for req in AdvanceRequest.objects.filter(status=AdvanceRequestStatus.REQUESTED).select_related("plan"):
        items.append(QueueItem(req.plan, "Voorschotverzoek behandelen", None, "portal:advance_review", req.pk))
    advancing = {plan_id for plan_id, kind in pending if kind == "advance"}
    for plan in Plan.objects.filter(pk__in=advancing):
        items.append(QueueItem(plan, "Voorschotbesluit goedkeuren (vier ogen)", None, "portal:proposals", 0))
    for plan in Plan.objects.filter(status=PlanStatus.DECLARED, is_reference=False).select_related(
            "scheme", "final_declaration"):
        task = ("Vaststelling goedkeuren (vier ogen)" if (plan.pk, "settlement") in pending
                else "Subsidie vaststellen")
        items.append(QueueItem(plan, task, SETTLEMENT_DEADLINE.due_on(plan), "portal:settle", plan.pk))
    for plan, _ground in lapse_candidates(clock.today()):
        task = ("Vervallen goedkeuren (vier ogen)" if (plan.pk, "lapse") in pending
                else "Verlening laten vervallen")
        items.append(QueueItem(plan, task, None, "portal:lapse", plan.pk))
    return sorted(items, key=lambda i: (i.due_on is None, i.due_on or dt.date.max, i.plan.name))
