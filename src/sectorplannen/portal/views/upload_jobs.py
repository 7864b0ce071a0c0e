"""A participant upload as a background job in the portal: its page with a progress bar that htmx
refreshes without reloading, cancel while it runs, the upload report and error file when it is done.
The applicant can leave the page and come back: the plan's participants page lists every upload.

An employer's upload of its own staff is the same job (``own_employer``) with the same pages under the
employer's addresses: it sees and cancels only its own uploads (``EMPLOYER``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.logs import mask_digits
from sectorplannen.jobs.services import file_path
from sectorplannen.participants.services import (
    SealedUpload,
    UnusableInput,
    UploadRefused,
    cancel_upload_job,
    submit_upload_job,
    upload_job_file,
    upload_job_status,
    upload_jobs,
)
from sectorplannen.partnership import permissions as pperm

from .. import uploads
from .common import is_htmx, paginate, plan_for, without_session_save

POLL_SECONDS = 1
DOWNLOADS = {"uploadverslag": "report", "fouten": "errors"}  # the file's name in the address: which file


class _Side:
    """Whose upload pages: who reads and who acts, which uploads they see, the names of the pages."""

    def __init__(self, view, act, back: str, prefix: str, employer: bool):
        self.view, self.act, self.back, self.prefix, self.employer = view, act, back, prefix, employer

    def job(self, request, plan, job_id: int):
        """The plan's upload job; an employer's side refuses another's (a 403, as its upload reports)."""
        job = get_object_or_404(upload_jobs(plan), pk=job_id)
        if self.employer:
            employer = pperm.employer_for(request.user, plan)
            if employer is None or job.params.get("own_employer") != employer.number:
                raise PermissionDenied(_("Dit is de upload van een andere werkgever."))
        return job

    def urls(self, plan, job) -> dict:
        name = "portal:" + self.prefix
        return {"back": reverse(self.back, args=[plan.pk]), "job": reverse(name, args=[plan.pk, job.pk]),
                "cancel": reverse(name + "_cancel", args=[plan.pk, job.pk]),
                "report": reverse(name + "_download", args=[plan.pk, job.pk, "uploadverslag"]),
                "errors": reverse(name + "_download", args=[plan.pk, job.pk, "fouten"])}


APPLICANT = _Side(perm.can_view_participants, perm.can_upload_participants, "portal:participants", "upload_job",
                  employer=False)
EMPLOYER = _Side(pperm.can_view_as_employer, pperm.can_act_as_employer, "portal:employer_home",
                 "employer_upload_job", employer=True)


def submit(plan, form, user, *, own_employer: str | None = None):
    """Queue the form's file as a job; ``None`` (with the reason on the form) when it is refused."""
    upload = form.cleaned_data["file"]
    upload.claimed = True  # from here on the job, or submit_upload_job itself, removes the queued file
    upload.close()
    try:
        return submit_upload_job(plan, SealedUpload(upload.token, upload.size, upload.name), user=user,
                                 original_name=upload.name, all_or_nothing=form.cleaned_data["all_or_nothing"],
                                 idempotency_key=form.cleaned_data["submission"] or None, own_employer=own_employer)
    except (UnusableInput, UploadRefused) as exc:
        form.add_error("file", mask_digits(str(exc)))
        return None


def listed(request, plan, *, own_employer: str | None = None):
    """The plan's uploads (or the employer's own) with their state, for the participants page."""
    page = paginate(request, upload_jobs(plan, own_employer).select_related("requested_by"), param="upage")
    page.object_list = [{"job": job, **_shown(upload_job_status(job))} for job in page.object_list]
    return page


def _shown(status: dict) -> dict:
    """The status with what the page shows besides: the bar's percentage and the minutes left."""
    fraction, left = status["fraction"], status["seconds_left"]
    return {**status, "percent": None if fraction is None else int(fraction * 100),
            "minutes_left": None if left is None else max(round(left / 60), 1)}


def _job(request, plan_id: int, job_id: int, side: _Side, check=None):
    plan = plan_for(request, plan_id, check or side.view)
    return plan, side.job(request, plan, job_id)


def _page(request, plan_id: int, job_id: int, side: _Side):
    plan, job = _job(request, plan_id, job_id, side)
    status = _shown(upload_job_status(job))
    urls = side.urls(plan, job)
    if is_htmx(request):
        without_session_save(request)
        if status["finished"]:  # the whole page shows the report
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        return render(request, "portal/participants/upload_progress.html",
                      {"plan": plan, "status": status, "poll_seconds": POLL_SECONDS, "urls": urls})
    record("participants_viewed", actor=request.user, plan=plan, page="upload_job", job=job.pk)
    errors = upload_job_file(job, "errors")
    return render(request, "portal/participants/upload_job.html", {
        "plan": plan, "job": job, "status": status, "poll_seconds": POLL_SECONDS, "urls": urls,
        "result": status["summary"], "file_name": status["file_name"], "employer_view": side.employer,
        "can_cancel": side.act(request.user, plan)[0] and not status["finished"],
        "page_obj": paginate(request, uploads.csv_rows(file_path(errors) if errors else None), 50),
    })


def _cancel(request, plan_id: int, job_id: int, side: _Side):
    plan, job = _job(request, plan_id, job_id, side, side.act)
    cancel_upload_job(job)
    record("participants_upload_cancel_requested", actor=request.user, plan=plan, job=job.pk)
    return redirect(side.urls(plan, job)["job"])


def _download(request, plan_id: int, job_id: int, name: str, side: _Side):
    plan, job = _job(request, plan_id, job_id, side)
    which = DOWNLOADS.get(name)
    if which is None:
        raise Http404
    found = upload_job_file(job, which)
    if found is None or not file_path(found).exists():
        raise Http404
    record("participants_error_report_downloaded" if which == "errors" else "participants_upload_report_downloaded",
           actor=request.user, plan=plan, job=job.pk)
    return FileResponse(file_path(found).open("rb"), as_attachment=True, filename=f"{name}-upload-{job.pk}.csv",
                        content_type="text/csv; charset=utf-8")


@login_required
def upload_job(request, plan_id: int, job_id: int):
    return _page(request, plan_id, job_id, APPLICANT)


@require_POST
@login_required
def upload_job_cancel(request, plan_id: int, job_id: int):
    return _cancel(request, plan_id, job_id, APPLICANT)


@login_required
def upload_job_download(request, plan_id: int, job_id: int, name: str):
    return _download(request, plan_id, job_id, name, APPLICANT)


@login_required
def employer_upload_job(request, plan_id: int, job_id: int):
    return _page(request, plan_id, job_id, EMPLOYER)


@require_POST
@login_required
def employer_upload_job_cancel(request, plan_id: int, job_id: int):
    return _cancel(request, plan_id, job_id, EMPLOYER)


@login_required
def employer_upload_job_download(request, plan_id: int, job_id: int, name: str):
    return _download(request, plan_id, job_id, name, EMPLOYER)
