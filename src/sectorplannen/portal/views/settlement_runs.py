"""Settlement runs over all plans (ADR 021): an assessor starts one from the page, a background job
drafts a settlement proposal per declared plan, the page follows its progress (htmx polls) and then
lists per plan the amount or why it was skipped, with a link to each proposal, which a second person
approves on the proposal's own page (with its calculation), as any settlement proposal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.jobs.services import request_cancel
from sectorplannen.workflow import settlement_run
from sectorplannen.workflow.versions import display_name

from .common import is_htmx, paginate, require, without_session_save


@login_required
def runs(request):
    require(perm.can_view_settlement_runs(request.user))
    if request.method == "POST":
        require(perm.can_run_settlements(request.user))
        job = settlement_run.start_run(request.user)
        record("settlement_run_started", actor=request.user, job=job.pk)
        return redirect("portal:settlement_run", job_id=job.pk)
    page = paginate(request, settlement_run.runs())
    page.object_list = [{"job": job, "started_by": display_name(job.requested_by)} for job in page.object_list]
    return render(request, "portal/desk/settlement_runs.html", {
        "page_obj": page,
        "candidates": settlement_run.candidates().count(),
        "can_start": perm.can_run_settlements(request.user)[0],
    })


def _context(job) -> dict:
    result = job.result or {}
    proposals = settlement_run.proposals_of(job)
    rows = [{**row, "proposal": proposals.get(row.get("proposal_id"))} for row in result.get("rows", [])]
    return {"job": job, "rows": rows, "started_by": display_name(job.requested_by),
            "counts": result.get("counts") or job.counts or {},
            "proposed_eur": result.get("proposed_eur"), "settled_on": result.get("settled_on"),
            "percent": int(job.fraction * 100) if job.fraction is not None else None}


@login_required
def run(request, job_id: int):
    require(perm.can_view_settlement_runs(request.user))
    job = get_object_or_404(settlement_run.runs(), pk=job_id)
    if is_htmx(request):
        without_session_save(request)
        if job.finished:  # the whole page shows the result
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        return render(request, "portal/desk/settlement_run_progress.html", _context(job))
    return render(request, "portal/desk/settlement_run.html", {
        **_context(job), "can_cancel": perm.can_run_settlements(request.user)[0] and not job.finished})


@login_required
@require_POST
def cancel(request, job_id: int):
    require(perm.can_run_settlements(request.user))
    job = request_cancel(get_object_or_404(settlement_run.runs(), pk=job_id))
    record("settlement_run_cancelled", actor=request.user, job=job.pk)
    messages.info(request, _("Annuleren is gevraagd. De voorstellen die al zijn voorbereid, blijven staan."))
    return redirect("portal:settlement_run", job_id=job.pk)
