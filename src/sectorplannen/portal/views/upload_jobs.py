"""A participant upload as a background job in the portal: its page with a progress bar that htmx
refreshes without reloading, cancel while it runs, the upload report and error file when it is done.
The applicant can leave the page and come back: the plan's participants page lists every upload."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
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

from .. import uploads
from .common import is_htmx, paginate, plan_for, require, without_session_save

POLL_SECONDS = 1
DOWNLOADS = {"uploadverslag": "report", "fouten": "errors"}  # the file's name in the address: which file


def submit(plan, form, user):
    """Queue the form's file as a job; ``None`` (with the reason on the form) when it is refused."""
    upload = form.cleaned_data["file"]
    upload.claimed = True  # from here on the job, or submit_upload_job itself, removes the queued file
    upload.close()
    try:
        return submit_upload_job(plan, SealedUpload(upload.token, upload.size, upload.name), user=user,
                                 original_name=upload.name, all_or_nothing=form.cleaned_data["all_or_nothing"],
                                 idempotency_key=form.cleaned_data["submission"] or None)
    except (UnusableInput, UploadRefused) as exc:
        form.add_error("file", mask_digits(str(exc)))
        return None


def listed(request, plan):
    """The plan's uploads with their state, for the participants page."""
    page = paginate(request, upload_jobs(plan).select_related("requested_by"), param="upage")
    page.object_list = [{"job": job, **_shown(upload_job_status(job))} for job in page.object_list]
    return page


def _shown(status: dict) -> dict:
    """The status with what the page shows besides: the bar's percentage and the minutes left."""
    fraction, left = status["fraction"], status["seconds_left"]
    return {**status, "percent": None if fraction is None else int(fraction * 100),
            "minutes_left": None if left is None else max(round(left / 60), 1)}


def _job(request, plan_id: int, job_id: int, check=perm.can_view_participants):
    plan = plan_for(request, plan_id, check)
    return plan, get_object_or_404(upload_jobs(plan), pk=job_id)


@login_required
def upload_job(request, plan_id: int, job_id: int):
    plan, job = _job(request, plan_id, job_id)
    status = _shown(upload_job_status(job))
    poll = is_htmx(request)
    if poll:
        without_session_save(request)
        if status["finished"]:  # the whole page shows the report
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        return render(request, "portal/participants/upload_progress.html",
                      {"plan": plan, "status": status, "poll_seconds": POLL_SECONDS})
    record("participants_viewed", actor=request.user, plan=plan, page="upload_job", job=job.pk)
    errors = upload_job_file(job, "errors")
    return render(request, "portal/participants/upload_job.html", {
        "plan": plan, "job": job, "status": status, "poll_seconds": POLL_SECONDS,
        "result": status["summary"], "file_name": status["file_name"],
        "can_cancel": perm.can_upload_participants(request.user, plan)[0] and not status["finished"],
        "page_obj": paginate(request, uploads.csv_rows(file_path(errors) if errors else None), 50),
    })


@require_POST
@login_required
def upload_job_cancel(request, plan_id: int, job_id: int):
    plan, job = _job(request, plan_id, job_id)
    require(perm.can_upload_participants(request.user, plan))
    cancel_upload_job(job)
    record("participants_upload_cancel_requested", actor=request.user, plan=plan, job=job.pk)
    return redirect("portal:upload_job", plan_id=plan.pk, job_id=job.pk)


@login_required
def upload_job_download(request, plan_id: int, job_id: int, name: str):
    plan, job = _job(request, plan_id, job_id)
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
