"""Agency desk: the work queue, assessing a plan, proposals under the four-eyes rule, revisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.finance.services import overdue_progress_reports
from sectorplannen.plans.services import remaining_ceiling
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.definition import DECISION_DEADLINE
from sectorplannen.workflow.models import Proposal, ProposalStatus, RevisionRequest

from .. import proposal_preview, services
from ..dossier import dossier
from ..forms.desk import AssessmentForm, ProposalNoteForm, RejectForm
from ..letters import html_to_pdf
from .common import form_refusals, loaded_version, one_error_summary, paginate, plan_for, require, sent_version
from .plans import FIELD_LABELS
from .transfers import preview_of, preview_rows


@login_required
def queue(request):
    require(perm.can_use_desk(request.user))
    items = services.work_queue()
    overdue_reports = overdue_progress_reports(clock.today())
    return render(request, "portal/desk/queue.html", {
        "page_obj": paginate(request, items), "today": clock.today(), "overdue_reports": overdue_reports[:50],
        "overdue_count": len(overdue_reports),
    })


@login_required
def assess(request, plan_id: int):
    """First pair of eyes: a verdict per measure; the proposal waits for a policy officer."""
    plan = plan_for(request, plan_id, perm.can_draft_decision)
    prefetch_related_objects([plan], "measures", "decisions")  # the form, the dossier and the checks read them
    measures = list(plan.measures.all())  # by code (Measure.Meta)
    rules = plan.scheme.rules
    forms = [AssessmentForm(request.POST or None, prefix=m.code) for m in measures]
    note_form = ProposalNoteForm(request.POST or None)
    refusals = []
    if request.method == "POST" and all(f.is_valid() for f in forms) and note_form.is_valid():
        payload = {"assessments": [
            {"code": m.code, "verdict": f.cleaned_data["verdict"],
             "planned_participants": f.cleaned_data["planned_participants"],
             "planned_costs_eur": None if f.cleaned_data["planned_costs_eur"] is None
             else str(f.cleaned_data["planned_costs_eur"]),
             "reason": f.cleaned_data["reason"]}
            for m, f in zip(measures, forms, strict=True)]}
        try:
            workflow.propose(plan, "grant", payload, request.user, note=note_form.cleaned_data["note"],
                             expected_version=sent_version(request))
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("Het besluit is voorbereid en wacht op goedkeuring door een tweede persoon."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    rows = [{"measure": m, "form": f, "rate": rules.rate_for(m.measure_type),
             "label": proposal_preview.measure_label(rules, m.measure_type),
             "subsidy": (rules.rate_for(m.measure_type) * m.planned_costs_eur).quantize(m.planned_costs_eur)}
            for m, f in zip(measures, forms, strict=True)]
    return render(request, "portal/desk/assess.html", {
        "plan": plan, "rows": rows, "note_form": note_form, "refusals": refusals,
        "form_errors": one_error_summary([(_("Maatregel %(code)s") % {"code": m.code}, f)
                                          for m, f in zip(measures, forms, strict=True)] + [("", note_form)]),
        "dossier": dossier(plan, with_checks=True),
        "remaining": remaining_ceiling(plan.tranche, exclude_plan=plan) if plan.tranche else None,
        "requested": sum((r["subsidy"] for r in rows), 0),
        "deadline": DECISION_DEADLINE.due_on(plan), "lock_version": loaded_version(request, plan.lock_version),
    })


@login_required
def proposals(request):
    require(perm.can_use_desk(request.user))
    open_ = Proposal.objects.filter(status=ProposalStatus.PROPOSED).select_related("plan", "drafted_by")
    done = Proposal.objects.exclude(status=ProposalStatus.PROPOSED).select_related("plan", "drafted_by", "decided_by")
    return render(request, "portal/desk/proposals.html", {
        "open": [(p, perm.can_approve_proposal(request.user, p)) for p in open_],
        "page_obj": paginate(request, done),
    })


def _proposal(request, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("plan", "drafted_by"), pk=proposal_id)
    require(perm.can_use_desk(request.user))
    return proposal


@login_required
def proposal_detail(request, proposal_id: int):
    proposal = _proposal(request, proposal_id)
    diff = []
    if proposal.kind == "revision" and proposal.revision_request:
        req = proposal.revision_request
        preview = workflow.preview_revision(proposal.plan, req.changes, reason=req.reason,
                                            analysis_date=req.analysis_date, requested_on=req.requested_on,
                                            first_progress_report_on=req.first_progress_report_on)
        diff = [{"measure": r.measure, "field": FIELD_LABELS.get(r.field, r.field), "old": r.old, "new": r.new}
                for r in preview.rows]
    context = _proposal_context(request, proposal, RejectForm(), diff)
    if proposal.kind == "revision" and proposal.revision_request and proposal.status == ProposalStatus.PROPOSED:
        transfer = preview_of(proposal.revision_request)
        context.update(preview=transfer, sides=preview_rows(transfer) if transfer else [])
    return render(request, "portal/desk/proposal.html", context)


def _proposal_context(request, proposal: Proposal, reject_form, diff) -> dict:
    """The proposal with what it decides: the figures, the calculation, the changes, the letter."""
    decided, refusals = (proposal_preview.preview(proposal) if proposal.status == ProposalStatus.PROPOSED
                         else (None, []))
    plan = proposal.plan
    measures = {m.code: m for m in plan.measures.all()}
    rules = plan.scheme.rules
    assessments = [{**a, "label": proposal_preview.measure_label(rules, measures[a["code"]].measure_type)
                    if a["code"] in measures else ""} for a in proposal.payload.get("assessments", [])]
    return {
        "proposal": proposal, "can_approve": perm.can_approve_proposal(request.user, proposal),
        "reject_form": reject_form, "diff": diff, "assessments": assessments, "decided": decided,
        "refusals": refusals, "lock_version": loaded_version(request, proposal.lock_version),
        "requested": sum((rules.line_subsidy(m.measure_type, m.planned_costs_eur) for m in measures.values()), 0)
        if proposal.kind == "grant" else None,
    }


@login_required
def proposal_letter(request, proposal_id: int):
    """The letter as it would go out if the proposal is approved today, marked as a draft."""
    proposal = _proposal(request, proposal_id)
    if proposal.status != ProposalStatus.PROPOSED:
        return redirect("portal:proposal_detail", proposal_id=proposal.pk)
    html, refusals = proposal_preview.draft_letter_html(proposal)
    if html is None:
        for r in refusals:
            messages.error(request, r.message)
        return redirect("portal:proposal_detail", proposal_id=proposal.pk)
    record("proposal_letter_viewed", actor=request.user, plan=proposal.plan, proposal=proposal.pk)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="concept-{proposal.kind}-{proposal.plan_id}.pdf"'
    return response


@login_required
@require_POST
def proposal_approve(request, proposal_id: int):
    proposal = _proposal(request, proposal_id)
    require(perm.can_approve(request.user, proposal.kind))  # decided already: the service answers 409
    try:
        workflow.approve(proposal, request.user, expected_version=sent_version(request))
    except Refused as refused:
        for r in form_refusals(refused):  # someone else was first: the 409 page says so
            messages.error(request, r.message)
        return redirect("portal:proposal_detail", proposal_id=proposal.pk)
    messages.success(request, _("Het besluit is genomen."))
    return redirect("portal:plan_detail", plan_id=proposal.plan_id)


@login_required
@require_POST
def proposal_reject(request, proposal_id: int):
    proposal = _proposal(request, proposal_id)
    require(perm.can_approve(request.user, proposal.kind))  # decided already: the service answers 409
    if proposal.drafted_by_id == request.user.pk:  # four eyes: the drafter sends nothing back to themself
        require(perm.can_approve_proposal(request.user, proposal))
    form = RejectForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/desk/proposal.html", _proposal_context(request, proposal, form, []),
                      status=422)
    workflow.send_back(proposal, request.user, form.cleaned_data["outcome"], expected_version=sent_version(request))
    messages.info(request, _("Het voorstel is teruggestuurd naar de voorbereider."))
    return redirect("portal:proposals")


@login_required
def revision_review(request, request_id: int):
    """An assessor turns an applicant's revision request into a proposal (or refuses it)."""
    req = get_object_or_404(RevisionRequest.objects.select_related("plan", "requested_by"), pk=request_id)
    plan = plan_for(request, req.plan_id)
    require(perm.can_review_revision(request.user, req))
    preview = workflow.preview_revision(plan, req.changes, reason=req.reason, analysis_date=req.analysis_date,
                                        requested_on=req.requested_on,
                                        first_progress_report_on=req.first_progress_report_on)
    note_form = ProposalNoteForm(request.POST or None)
    refusals = list(preview.refusals)
    if request.method == "POST" and note_form.is_valid():
        if request.POST.get("action") == "refuse":
            workflow.refuse_revision(req, request.user, expected_version=sent_version(request))
            messages.info(request, _("Het herzieningsverzoek is afgewezen."))
            return redirect("portal:queue")
        try:
            workflow.propose(plan, "revision", {}, request.user, note=note_form.cleaned_data["note"],
                             revision_request=req, expected_request_version=sent_version(request))
        except Refused as refused:
            refusals = list(form_refusals(refused))
        else:
            messages.success(request, _("De herziening is voorbereid en wacht op goedkeuring door een tweede persoon."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    transfer = preview_of(req)  # a budget transfer: both plans' new decisions, caps and ceiling
    return render(request, "portal/desk/revision_review.html", {
        "req": req, "plan": plan, "note_form": note_form, "refusals": refusals,
        "preview": transfer, "sides": preview_rows(transfer) if transfer else [],
        "diff": [{"measure": r.measure, "field": FIELD_LABELS.get(r.field, r.field), "old": r.old, "new": r.new}
                 for r in preview.rows],
        "lock_version": loaded_version(request, req.lock_version),
    })
