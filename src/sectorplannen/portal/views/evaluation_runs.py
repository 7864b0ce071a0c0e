"""The evaluator runs the evaluation from the page (ADR 021): choose a delivery folder of the input
directory and the measurement dates; a background job runs ``run_evaluation`` (the same as
``sectorplannen evaluate``), the page follows it (htmx polls) and lists the outputs to download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.forms import PortalForm
from sectorplannen.evaluation.services import InputError, parse_date
from sectorplannen.jobs.services import file_path, request_cancel
from sectorplannen.workflow.versions import display_name

from .. import evaluation_jobs
from .common import is_htmx, paginate, require, without_session_save

MAX_DATES = 10


class EvaluationRunForm(PortalForm):
    delivery = forms.ChoiceField(label=gettext_lazy("Levering"))
    dates = forms.CharField(label=gettext_lazy("Meetmomenten"), max_length=200,
                            help_text=gettext_lazy("Eén of meer datums, gescheiden door komma's, "
                                                   "bijvoorbeeld 31-05-2018, 31-05-2019."))

    def __init__(self, *args, deliveries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery"].choices = [(d.name, d.name) for d in deliveries if d.usable]

    def clean_dates(self):
        parts = [p for p in self.cleaned_data["dates"].replace(";", ",").split(",") if p.strip()]
        if not parts or len(parts) > MAX_DATES:
            raise forms.ValidationError(_("Geef één tot %(n)s meetmomenten.") % {"n": MAX_DATES})
        try:
            return sorted({parse_date(p) for p in parts})
        except InputError:
            raise forms.ValidationError(_("Een meetmoment is geen geldige datum (DD-MM-JJJJ of JJJJ-MM-DD).")) from None


@login_required
def runs(request):
    require(perm.can_run_evaluation(request.user))
    found = evaluation_jobs.deliveries()
    form = EvaluationRunForm(request.POST or None, deliveries=found)
    if request.method == "POST" and form.is_valid():
        chosen = evaluation_jobs.find_delivery(form.cleaned_data["delivery"])
        job = evaluation_jobs.start(chosen, form.cleaned_data["dates"], user=request.user)
        record("evaluation_run_started", actor=request.user, job=job.pk, name=chosen.name,
               date=", ".join(d.isoformat() for d in form.cleaned_data["dates"]))
        return redirect("portal:evaluation_run", job_id=job.pk)
    page = paginate(request, evaluation_jobs.runs())
    page.object_list = [{"job": job, "started_by": display_name(job.requested_by)} for job in page.object_list]
    return render(request, "portal/overview/evaluation_runs.html", {
        "form": form, "deliveries": found, "usable": any(d.usable for d in found), "page_obj": page},
        status=422 if request.method == "POST" else 200)


def _context(job) -> dict:
    return {"job": job, "result": job.result or {}, "started_by": display_name(job.requested_by),
            "outputs": list(job.files.all()) if job.status == "succeeded" else [],
            "percent": int(job.fraction * 100) if job.fraction is not None else None}


@login_required
def run(request, job_id: int):
    require(perm.can_run_evaluation(request.user))
    job = get_object_or_404(evaluation_jobs.runs(), pk=job_id)
    if is_htmx(request):
        without_session_save(request)
        if job.finished:
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        return render(request, "portal/overview/evaluation_run_progress.html", _context(job))
    return render(request, "portal/overview/evaluation_run.html", _context(job))


@login_required
def output(request, job_id: int, file_id: int):
    require(perm.can_run_evaluation(request.user))
    job = get_object_or_404(evaluation_jobs.runs(), pk=job_id)
    found = evaluation_jobs.output(job, file_id)
    if found is None:
        raise Http404
    record("evaluation_output_downloaded", actor=request.user, job=job.pk, file=found.name)
    return FileResponse(file_path(found).open("rb"), as_attachment=True, filename=found.name.replace("/", "-"),
                        content_type=found.content_type)


@login_required
@require_POST
def cancel(request, job_id: int):
    require(perm.can_run_evaluation(request.user))
    job = request_cancel(get_object_or_404(evaluation_jobs.runs(), pk=job_id))
    messages.info(request, _("Annuleren is gevraagd; er worden geen uitkomsten bewaard."))
    return redirect("portal:evaluation_run", job_id=job.pk)
