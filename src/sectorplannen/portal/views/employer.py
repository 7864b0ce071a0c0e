"""An employer's pages in a plan it was invited to: upload its own staff (the applicant's upload job, with
its checks, into the same registry), see only its own registrations (pseudonyms, never a BSN), and
per participant the dossier: employment details, evidence, the claim. The main applicant and the
assessors read dossiers too."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Substr
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from sectorplannen.accounts.ratelimit import allow
from sectorplannen.accounts.roles import EMPLOYER, has_role
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.partnership import permissions as pperm
from sectorplannen.partnership import services as partnership
from sectorplannen.partnership.models import Dossier, Evidence, PlanEmployer
from sectorplannen.workflow import clock

from .. import uploads
from ..forms.partnership import ClaimForm, DetailsForm, EvidenceForm
from ..forms.uploads import ParticipantUploadForm
from ..models import UploadReport
from ..upload_handlers import SealingUploadHandler, discard_unclaimed
from . import upload_jobs
from .common import paginate, plan_for, require
from .participants import PSEUDONYM_SHOWN


@login_required
def my_plans(request):
    """The plans the employer was invited to."""
    if not has_role(request.user, EMPLOYER):
        raise PermissionDenied(_("Deze pagina is er voor werkgevers in een sectorplan."))
    orgs = request.user.memberships.values_list("organisation_id", flat=True)
    employers = (PlanEmployer.objects.filter(organisation_id__in=orgs, plan__is_reference=False)
                 .select_related("plan", "organisation").order_by("plan__name"))
    return render(request, "portal/partnership/employer_plans.html", {"employers": employers})


def _employer(request, plan):
    return pperm.employer_for(request.user, plan)


def _reports(plan, employer):
    return (UploadReport.objects.filter(plan=plan, uploaded_by__memberships__organisation=employer.organisation)
            .distinct())


@csrf_exempt  # checked by _home, after the upload handler is set (as the applicant's participants page)
def home(request, plan_id: int):
    """The employer's page in a plan; a POST uploads its staff, encrypted into the queue as it arrives and
    processed by a background job (the applicant's upload, restricted to the employer's own rows)."""
    if request.method == "POST":
        request.upload_handlers = [SealingUploadHandler(request)]
    try:
        return _home(request, plan_id)
    finally:
        discard_unclaimed(request)


@login_required
@csrf_protect
def _home(request, plan_id: int):
    plan = plan_for(request, plan_id, pperm.can_view_as_employer)
    employer = _employer(request, plan)
    can_act = pperm.can_act_as_employer(request.user, plan)[0]
    form = ParticipantUploadForm(request.POST or None, request.FILES or None) if can_act else None
    if request.method == "POST":
        require(pperm.can_act_as_employer(request.user, plan))
        if not allow(request, "upload", settings.RATE_LIMIT_UPLOAD):
            form.add_error("file", _("Te veel uploads achter elkaar. Probeer het over een minuut opnieuw."))
        elif form.is_valid():
            job = upload_jobs.submit(plan, form, request.user, own_employer=employer.number)
            if job is not None:
                return redirect("portal:employer_upload_job", plan_id=plan.pk, job_id=job.pk)
    registrations = (partnership.registrations_of(employer).order_by("person_id", "measure_id", "start_date")
                     .annotate(pseudonym_short=Substr("person__pseudonym", 1, PSEUDONYM_SHOWN))
                     .values("pk", "measure__code", "pseudonym_short", "start_date", "dossier__pk"))
    page = paginate(request, registrations)
    states = {s.dossier.pk: s for s in partnership.states(
        Dossier.objects.filter(pk__in=[r["dossier__pk"] for r in page if r["dossier__pk"]]))}
    record("participants_viewed", actor=request.user, plan=plan, page="employer", employer=employer.pk)
    return render(request, "portal/partnership/employer_home.html", {
        "plan": plan, "employer": employer, "form": form, "page_obj": page, "states": states,
        "ledger": partnership.ledger(plan, employer), "reports": _reports(plan, employer)[:20],
        "jobs": upload_jobs.listed(request, plan, own_employer=employer.number),
    }, status=422 if form is not None and form.errors else 200)


@login_required
def upload_report(request, plan_id: int, report_id: int):
    plan = plan_for(request, plan_id, pperm.can_view_as_employer)
    report = get_object_or_404(UploadReport, pk=report_id, plan=plan)
    if not _reports(plan, _employer(request, plan)).filter(pk=report.pk).exists():
        raise PermissionDenied(_("Dit is de upload van een andere werkgever."))
    record("participants_viewed", actor=request.user, plan=plan, page="employer_upload_report", report=report.pk)
    return render(request, "portal/participants/upload_report.html", {
        "plan": plan, "report": report, "page_obj": paginate(request, uploads.error_rows(report), 50),
        "employer_view": True,
    })


def _dossier(request, plan_id: int, dossier_id: int) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("registration__plan__scheme",
                                                               "registration__measure", "employer__organisation"),
                                pk=dossier_id, registration__plan_id=plan_id)
    require(pperm.can_view_dossier(request.user, dossier))
    return dossier


def _post(request, dossier, action: str, forms) -> bool:
    form = forms[action]
    if not form.is_valid():
        return False
    if action == "details":
        partnership.save_details(dossier, form.cleaned_data, request.user)
        messages.success(request, _("De gegevens zijn opgeslagen."))
    elif action == "evidence":
        partnership.add_evidence(dossier, form.cleaned_data["kind"], form.cleaned_data["file"], request.user)
        messages.success(request, _("Het bewijsstuk is toegevoegd."))
    else:
        partnership.submit_claim(dossier, form.cleaned_data["costs_eur"], actor=request.user, on=clock.today())
        messages.success(request, _("De declaratie is ingediend."))
    return True


@login_required
def dossier(request, plan_id: int, dossier_id: int):
    dossier = _dossier(request, plan_id, dossier_id)
    plan = dossier.registration.plan
    can_edit = pperm.can_edit_dossier(request.user, dossier)[0]
    need = plan.scheme.rules.dossier_requirement(dossier.registration.measure.category)
    action = request.POST.get("action") if request.method == "POST" else None
    posted, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    forms = {
        "details": DetailsForm(posted if action == "details" else None, fields=need.fields,
                               initial_details=dossier.details, prefix="details"),
        "evidence": EvidenceForm(posted if action == "evidence" else None, files if action == "evidence" else None,
                                 prefix="evidence"),
        "claim": ClaimForm(posted if action == "claim" else None, prefix="claim"),
    }
    refusals = ()
    if request.method == "POST":
        require(pperm.can_edit_dossier(request.user, dossier))
        if action not in forms:
            return redirect("portal:dossier", plan_id=plan.pk, dossier_id=dossier.pk)
        try:
            if _post(request, dossier, action, forms):
                return redirect("portal:dossier", plan_id=plan.pk, dossier_id=dossier.pk)
        except Refused as refused:
            refusals = refused.refusals
    record("participants_viewed", actor=request.user, plan=plan, page="dossier", dossier=dossier.pk)
    return render(request, "portal/partnership/dossier.html", {
        "plan": plan, "dossier": dossier, "state": partnership.state(dossier), "can_edit": can_edit,
        "forms": forms, "refusals": refusals, "claim": getattr(dossier, "claim", None),
        "pseudonym": dossier.registration.person.pseudonym[:PSEUDONYM_SHOWN],
        "evidence": dossier.evidence.all(), "details": [
            (partnership.DETAIL_FIELDS[f], dossier.details.get(f)) for f in need.fields],
        "is_employer": pperm.employer_for(request.user, plan) is not None,
    }, status=422 if refusals or any(f.errors for f in forms.values()) else 200)


@login_required
def evidence_download(request, plan_id: int, dossier_id: int, evidence_id: int):
    dossier = _dossier(request, plan_id, dossier_id)
    evidence = get_object_or_404(Evidence, pk=evidence_id, dossier=dossier)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record("evidence_downloaded", actor=request.user, plan=dossier.registration.plan, evidence=evidence.pk)
    suffix = evidence.file.name.rsplit(".", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=f"bewijs-{evidence.kind}-{evidence.pk}.{suffix}")
