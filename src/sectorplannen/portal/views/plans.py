"""A plan's pages: overview, decision versions with their diff and letter, revision requests, audit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.models import AuditEvent
from sectorplannen.audit.services import record
from sectorplannen.common.labels import PLAN_KINDS
from sectorplannen.partnership.permissions import can_view_partnership
from sectorplannen.plans.models import GrantDecision, Plan
from sectorplannen.plans.services import version_diff
from sectorplannen.plans.transfers import may_transfer
from sectorplannen.qualitative.goals import goal_labels_of
from sectorplannen.qualitative.permissions import can_view_final_report
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow

from ..answers import answers
from ..dossier import dossier
from ..forms.lists import PLAN_SORTS, PlanFilterForm
from ..forms.revision import RevisionForm
from ..letters import decision_letter_pdf, html_to_pdf
from ..models import Attachment
from ..report_forms import language
from .common import loaded_version, paginate, plan_for, query_prefix, require, sent_version

PLAN_FILTERS = ("q", "status", "tranche", "kind", "origin", "sort")

FIELD_LABELS = {
    "status": gettext_lazy("status"), "planned_participants": gettext_lazy("deelnemers"),
    "planned_youth_participants": gettext_lazy("jongeren"), "planned_costs_eur": gettext_lazy("kosten"),
    "subsidy_eur": gettext_lazy("subsidie"), "start_date": gettext_lazy("begindatum"),
    "end_date": gettext_lazy("einddatum"), "extension_months": gettext_lazy("verlenging (maanden)"),
    "max_subsidy_eur": gettext_lazy("maximale subsidie"),
}


@login_required
def plan_list(request):
    """Agency: every plan, applications and reference plans, searchable, filtered, sorted and paginated."""
    require(perm.can_list_plans(request.user))
    tranches = sorted(Plan.objects.order_by().values_list("tranche_label", flat=True).distinct())
    form = PlanFilterForm(request.GET or None, tranches=tranches)
    form.is_valid()  # invalid values are shown as errors and left out of the filter
    f = getattr(form, "cleaned_data", {})
    latest = GrantDecision.objects.filter(plan=OuterRef("pk")).order_by("-version").values("max_subsidy_eur")[:1]
    plans = Plan.objects.annotate(max_subsidy=Subquery(latest))
    if f.get("q"):
        plans = plans.filter(name__icontains=f["q"])
    for field, column in (("status", "status"), ("tranche", "tranche_label"), ("kind", "kind")):
        if f.get(field):
            plans = plans.filter(**{column: f[field]})
    if f.get("origin"):
        plans = plans.filter(is_reference=f["origin"] == "reference")
    plans = plans.order_by(*PLAN_SORTS[f.get("sort") or "name"][1], "pk")
    page_obj = paginate(request, plans.only("name", "tranche_label", "kind", "status", "is_reference",
                                            "submitted_on"))
    return render(request, "portal/plans/list.html", {
        "form": form, "page_obj": page_obj, "kinds": PLAN_KINDS,
        "query_prefix": query_prefix(request, *PLAN_FILTERS),
        "filtered": any(f.get(n) for n in PLAN_FILTERS if n != "sort"),
    })


@login_required
def plan_detail(request, plan_id: int):
    plan = plan_for(request, plan_id)
    return render(request, "portal/plans/detail.html", detail_context(request, plan))


def detail_context(request, plan: Plan, **extra) -> dict:
    """What the plan page shows; ``extra`` holds a bound form sent back from one of its steps."""
    from .advances import advance_context

    # read by the dossier, the deadline and the page: once each
    prefetch_related_objects([plan], "measures", Prefetch(
        "decisions", queryset=GrantDecision.objects.select_related("decided_by", "approved_by")))
    user = request.user
    actions = {name: check(user, plan)[0] for name, check in {
        "revise": perm.can_request_revision, "participants": perm.can_view_participants,
        "progress": perm.can_report_progress, "declare": perm.can_declare, "finance": perm.can_view_finance,
        "assess": perm.can_draft_decision, "settle": perm.can_draft_settlement, "audit": perm.can_view_plan_audit,
        "advances": perm.can_manage_advances, "refuse": perm.can_draft_refusal, "withdraw": perm.can_withdraw,
        "start": perm.can_report_start, "lapse": perm.can_draft_lapse, "resettle": perm.can_draft_resettlement,
        "final_report": can_view_final_report, "partnership": can_view_partnership,
        "request_advance": perm.can_request_advance,
    }.items()}
    return {
        "plan": plan, "actions": actions,
        "partners": plan.partners.select_related("organisation"),
        "dossier": dossier(plan, with_checks=perm.can_use_desk(user)[0]),
        "attachments": Attachment.objects.filter(draft__plan=plan),
        "measures": _measures_with_goals(plan),
        "decisions": sorted(plan.decisions.all(), key=lambda d: -d.version),
        "revision_requests": plan.revision_requests.all()[:10],
        "proposals": plan.proposals.select_related("drafted_by", "decided_by")[:10],
        "closing": getattr(plan, "closing_decision", None), "deadline": workflow.current_deadline(plan),
        "may_transfer": may_transfer(plan),
        "history": plan.history.select_related("history_user").order_by("-history_date")[:20],
        **advance_context(request, plan, actions, **extra),
    }


def _measures_with_goals(plan) -> list[tuple]:
    measures = list(plan.measures.all())
    return [(m, *labels) for m, labels in zip(measures, goal_labels_of(measures, language()), strict=True)]


@login_required
def decision_detail(request, plan_id: int, version: int):
    plan = plan_for(request, plan_id)
    decision = get_object_or_404(plan.decisions.select_related("decided_by", "approved_by"), version=version)
    rows = version_diff(plan, version - 1, version) if version > 1 else []
    return render(request, "portal/plans/decision.html", {
        "plan": plan, "decision": decision, "lines": decision.lines.select_related("measure"),
        "diff": [{"measure": r.measure, "field": FIELD_LABELS.get(r.field, r.field), "old": r.old, "new": r.new}
                 for r in rows],
    })


@login_required
def decision_letter(request, plan_id: int, version: int):
    plan = plan_for(request, plan_id)
    decision = get_object_or_404(plan.decisions, version=version)
    record("decision_letter_viewed", actor=request.user, plan=plan, version=version)
    response = HttpResponse(decision_letter_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beschikking-{plan.pk}-v{version}.pdf"'
    return response


@login_required
def application_copy(request, plan_id: int):
    """The receipt's copy of the application as it was submitted (PDF), with its case number."""
    plan = plan_for(request, plan_id)
    if not plan.application:
        raise Http404
    with translation.override("nl"):  # a Dutch document, like the letters
        html = render_to_string("portal/plans/application_copy.html", {
            "plan": plan, "answers": answers(plan.application, plan.scheme.rules)})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aanvraag-{plan.case_number}.pdf"'
    return response


@login_required
def revision_request(request, plan_id: int):
    """Applicant: one change at a time, previewed as a diff against the current decision, then sent.

    Refusals of the revision rules are shown as errors at the fields they are about.
    """
    plan = plan_for(request, plan_id, perm.can_request_revision)
    latest = plan.latest_decision()
    lines = list(latest.lines.order_by("measure__code").values_list("measure__code", "measure__measure_type", "status"))
    form = RevisionForm(request.POST or None, measures=[(code, kind) for code, kind, status in lines
                                                        if status == "active"],
                        all_codes=[code for code, _kind, _status in lines],
                        themes=list(plan.measures.values_list("category", flat=True)))
    preview = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes = [form.change()]
        preview = workflow.preview_revision(
            plan, changes, reason=d["reason"], analysis_date=d["analysis_date"], requested_on=clock.today(),
            first_progress_report_on=d.get("first_progress_report_on"))
        if preview.refusals:
            form.add_refusals(preview.refusals)
        elif request.POST.get("action") == "send":
            workflow.request_revision(plan, request.user, changes=changes, reason=d["reason"],
                                      analysis_date=d["analysis_date"],
                                      first_progress_report_on=d.get("first_progress_report_on"),
                                      expected_version=sent_version(request))
            messages.success(request, _("Uw herzieningsverzoek is verstuurd. De uitvoering beoordeelt het."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    return render(request, "portal/plans/revision_request.html", {
        "plan": plan, "latest": latest, "form": form, "preview": preview,
        "lock_version": loaded_version(request, plan.lock_version),
        "diff": [{"measure": r.measure, "field": FIELD_LABELS.get(r.field, r.field), "old": r.old, "new": r.new}
                 for r in (preview.rows if preview else [])],
    })


@login_required
def plan_audit(request, plan_id: int):
    plan = plan_for(request, plan_id, perm.can_view_plan_audit)
    events = AuditEvent.objects.filter(plan=plan).select_related("actor")
    return render(request, "portal/plans/audit.html", {"plan": plan, "page_obj": paginate(request, events)})

