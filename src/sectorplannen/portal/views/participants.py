"""Participants of a plan: counts per measure, uploads with their error reports, reconciliation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.ratelimit import allow
from sectorplannen.audit.services import record
from sectorplannen.participants.services import reconcile, registered_counts

from .. import uploads
from ..forms import ParticipantUploadForm
from ..models import UploadReport
from .common import paginate, plan_for, require


@login_required
def participants(request, plan_id: int):
    plan = plan_for(request, plan_id, perm.can_view_participants)
    can_upload = perm.can_upload_participants(request.user, plan)[0]
    form = ParticipantUploadForm(request.POST or None, request.FILES or None) if can_upload else None
    if request.method == "POST":
        require(perm.can_upload_participants(request.user, plan))
        if not allow(request, "upload", settings.RATE_LIMIT_UPLOAD):
            form.add_error("file", _("Te veel uploads achter elkaar. Probeer het over een minuut opnieuw."))
        elif form.is_valid():
            report = uploads.import_upload(plan, form.cleaned_data["file"], request.user,
                                           all_or_nothing=form.cleaned_data["all_or_nothing"])
            return redirect("portal:upload_report", plan_id=plan.pk, report_id=report.pk)
    record("participants_viewed", actor=request.user, plan=plan, page="overview")
    counts = registered_counts(plan)
    latest = plan.latest_decision()
    planned = {line.measure.code: line.planned_participants for line in latest.lines.select_related("measure")} \
        if latest else {}
    flags = reconcile(plan).flagged if perm.can_view_reconciliation(request.user, plan)[0] else ()
    return render(request, "portal/participants/overview.html", {
        "plan": plan, "form": form,
        "counts": [{"code": code, "registered": n, "planned": planned.get(code)} for code, n in sorted(counts.items())],
        "page_obj": paginate(request, UploadReport.objects.filter(plan=plan).select_related("uploaded_by")),
        "flags": flags, "show_reconciliation": perm.can_view_reconciliation(request.user, plan)[0],
    }, status=422 if form is not None and form.errors else 200)


def _report(request, plan_id: int, report_id: int) -> UploadReport:
    plan = plan_for(request, plan_id, perm.can_view_participants)
    return get_object_or_404(UploadReport, pk=report_id, plan=plan)


@login_required
def upload_report(request, plan_id: int, report_id: int):
    report = _report(request, plan_id, report_id)
    record("participants_viewed", actor=request.user, plan=report.plan, page="upload_report", report=report.pk)
    return render(request, "portal/participants/upload_report.html", {
        "plan": report.plan, "report": report, "page_obj": paginate(request, uploads.error_rows(report), 50),
    })


@login_required
def upload_errors_csv(request, plan_id: int, report_id: int):
    report = _report(request, plan_id, report_id)
    path = uploads.error_path(report)
    if path is None:
        raise Http404
    record("participants_error_report_downloaded", actor=request.user, plan=report.plan, report=report.pk)
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"fouten-upload-{report.pk}.csv",
                        content_type="text/csv; charset=utf-8")

