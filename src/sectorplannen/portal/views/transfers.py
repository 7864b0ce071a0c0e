"""Budget moved to a neighbouring region's plan (issue 21): the sending plan's applicant proposes it
(amount, target plan from the neighbours the scheme's data names, reason) with a preview of both
decisions' new versions, the caps and the tranche ceiling; it is sent as a revision request through the
workflow, which the agency drafts and a second person approves (four eyes). Both plans' applicants see
the requests that concern their plan on this page."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.plans import transfers
from sectorplannen.plans.models import Plan
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.models import RevisionRequest

from ..forms.transfer import TransferForm
from .common import loaded_version, plan_for, require, sent_version
from .plans import FIELD_LABELS


def transfer_changes(req: RevisionRequest) -> list[dict]:
    return [c for c in req.changes or [] if isinstance(c, dict) and c.get("op") == "transfer_out"]


def preview_rows(preview) -> list[dict]:
    """The preview's two sides as the template shows them (diff rows with readable field names)."""
    return [{"side": side, "diff": [{"measure": r.measure, "field": FIELD_LABELS.get(r.field, r.field), "old": r.old,
                                     "new": r.new} for r in side.rows]} for side in preview.sides]


def preview_of(req: RevisionRequest):
    """The transfer preview of a revision request that moves budget, else None (the desk's pages)."""
    if not transfer_changes(req):
        return None
    return transfers.preview(req.plan, req.changes, reason=req.reason, analysis_date=req.analysis_date,
                             requested_on=req.requested_on)


def _requests(plan: Plan) -> list[dict]:
    """The transfer requests that concern ``plan``: its own, and those of other plans to it."""
    rules = plan.scheme.rules.budget_transfer
    kinds = rules.plan_kinds if rules else ()
    candidates = (RevisionRequest.objects.filter(plan__scheme=plan.scheme, plan__kind__in=kinds)
                  .select_related("plan").order_by("-requested_on", "-pk"))
    names = {}
    rows = []
    for req in candidates:
        for change in transfer_changes(req):
            if req.plan_id != plan.pk and change.get("to_plan") != plan.pk:
                continue
            to = change.get("to_plan")
            if to not in names:
                names[to] = Plan.objects.filter(pk=to).values_list("name", flat=True).first() or "–"
            rows.append({"req": req, "outgoing": req.plan_id == plan.pk, "from_name": req.plan.name,
                         "to_name": names[to], "from_measure": change.get("measure"),
                         "to_measure": change.get("to_measure"), "amount": Decimal(str(change.get("amount_eur")))})
    return rows


@login_required
def budget_transfer(request, plan_id: int):
    plan = plan_for(request, plan_id)
    can_request = perm.can_request_revision(request.user, plan)[0]
    neighbours = transfers.neighbour_plans(plan) if can_request else []
    form = None
    if neighbours:
        latest = plan.latest_decision()
        measures = list(latest.lines.filter(status="active").order_by("measure__code")
                        .values_list("measure__code", flat=True))
        targets = [(p.pk, p.name, code) for p in neighbours for code in p.latest_decision().lines.filter(
            status="active").order_by("measure__code").values_list("measure__code", flat=True)]
        form = TransferForm(request.POST or None, measures=measures, targets=targets)
    preview = None
    if request.method == "POST":
        require(perm.can_request_revision(request.user, plan))
        if form is not None and form.is_valid():
            d, changes = form.cleaned_data, [form.change()]
            preview = transfers.preview(plan, changes, reason=d["reason"], analysis_date=d["analysis_date"],
                                        requested_on=clock.today())
            if preview.refusals:
                form.add_refusals(preview.refusals)
            elif request.POST.get("action") == "send":
                workflow.request_revision(plan, request.user, changes=changes, reason=d["reason"],
                                          analysis_date=d["analysis_date"], expected_version=sent_version(request))
                messages.success(request, _("Uw verzoek om budget over te hevelen is verstuurd. De uitvoering "
                                            "beoordeelt het; beide plannen zien het op deze pagina."))
                return redirect("portal:budget_transfer", plan_id=plan.pk)
    return render(request, "portal/plans/budget_transfer.html", {
        "plan": plan, "form": form, "may_transfer": transfers.may_transfer(plan), "can_request": can_request,
        "preview": preview, "sides": preview_rows(preview) if preview else [], "requests": _requests(plan),
        "lock_version": loaded_version(request, plan.lock_version),
    }, status=422 if request.method == "POST" and (form is None or form.errors) else 200)
