"""Advances asked by the applicant (issue 18): the request on the plan page, the assessor's review
that drafts the decision or refuses it, and the decision's letter. The four-eyes approval is the
proposal page's (``desk.proposal_detail``); every step goes through ``workflow.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.finance.services import advance_room
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.letters import advance_letter_pdf
from sectorplannen.workflow.models import OPEN_ADVANCE_STATUSES, AdvanceRequest, Proposal, ProposalKind

from ..forms.advances import AdvanceRefusalForm, AdvanceRequestForm
from ..forms.desk import ProposalNoteForm
from .common import form_refusals, loaded_version, plan_for, require, sent_version


def advance_context(request, plan, actions: dict, *, advance_form=None, advance_refusals=()) -> dict:
    """The plan page's advance section: the requests with their status and letters (whoever may see
    the plan's finances) and, for the main applicant, the form with what the scheme allows today."""
    if not actions["finance"]:
        return {"advance_requests": []}
    asking = actions["request_advance"]
    requests = list(plan.advance_requests.select_related("decision").order_by("-pk")[:10])
    return {
        "advance_requests": requests, "advance_open": any(r.status in OPEN_ADVANCE_STATUSES for r in requests),
        "advance_room": advance_room(plan, clock.today()) if asking else None,
        "advance_form": advance_form or (AdvanceRequestForm() if asking else None),
        "advance_refusals": advance_refusals, "lock_version": loaded_version(request, plan.lock_version),
        "can_review_advances": perm.can_draft_advance(request.user, plan)[0],
    }


@login_required
@require_POST
def request_advance(request, plan_id: int):
    """The main applicant asks for an advance; a refusal by the scheme's rules is shown at the form."""
    from .plans import detail_context

    plan = plan_for(request, plan_id, perm.can_request_advance)
    form = AdvanceRequestForm(request.POST)
    refusals = ()
    if form.is_valid():
        try:
            workflow.transition(plan, "request_advance", request.user, expected_version=sent_version(request),
                                **form.transition_data())
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("Uw verzoek om een voorschot is ingediend. U krijgt bericht zodra erover "
                                        "is beslist."))
            return redirect(reverse("portal:plan_detail", args=[plan.pk]) + "#voorschotten")
    return render(request, "portal/plans/detail.html",
                  detail_context(request, plan, advance_form=form, advance_refusals=refusals), status=422)


@login_required
def advance_letter(request, plan_id: int, number: int):
    plan = plan_for(request, plan_id, perm.can_view_finance)
    decision = get_object_or_404(plan.advance_decisions.select_related("request"), number=number)
    record("advance_letter_viewed", actor=request.user, plan=plan, reference=decision.reference)
    response = HttpResponse(advance_letter_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="voorschot-{plan.pk}-{number}.pdf"'
    return response


@login_required
def advance_review(request, request_id: int):
    """First pair of eyes: the request against the scheme's rule today; draft the decision or refuse."""
    req = get_object_or_404(AdvanceRequest.objects.select_related("plan", "requested_by"), pk=request_id)
    plan = plan_for(request, req.plan_id)
    require(perm.can_review_advance(request.user, req))
    require(perm.can_draft_advance(request.user, plan))
    note_form = ProposalNoteForm(request.POST or None)
    refusal_form = AdvanceRefusalForm(request.POST or None)
    # what the decision would be refused for if it were taken today (tried and rolled back)
    refusals = list(workflow.trial(Proposal(plan=plan, kind=ProposalKind.ADVANCE, drafted_by=request.user,
                                            payload={"advance_request_id": req.pk})))
    if request.method == "POST" and request.POST.get("action") == "refuse" and refusal_form.is_valid():
        try:
            workflow.refuse_advance_request(req, request.user, reason=refusal_form.cleaned_data["reason"],
                                            expected_version=sent_version(request))
        except Refused as refused:
            refusal_form.add_error("reason", form_refusals(refused)[0].message)
        else:
            messages.info(request, _("Het voorschotverzoek is afgewezen; de aanvrager krijgt bericht."))
            return redirect("portal:queue")
    elif request.method == "POST" and note_form.is_valid():
        try:
            workflow.propose_advance(req, request.user, note=note_form.cleaned_data["note"],
                                     expected_version=sent_version(request))
        except Refused as refused:
            refusals = list(form_refusals(refused))
        else:
            messages.success(request, _("Het voorschotbesluit is voorbereid en wacht op goedkeuring door een "
                                        "tweede persoon."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    return render(request, "portal/desk/advance_review.html", {
        "req": req, "plan": plan, "room": advance_room(plan, clock.today()), "refusals": refusals,
        "note_form": note_form, "refusal_form": refusal_form, "lock_version": loaded_version(request, req.lock_version),
    })
