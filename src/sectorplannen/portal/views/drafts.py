"""Applicant: draft a plan step by step with the application checks shown on every save."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.models import Membership
from sectorplannen.audit.services import record
from sectorplannen.common.labels import (
    BOTTLENECKS,
    FUNDING_SOURCES,
    PARTNER_KIND_LABELS,
    PARTNER_ROLE_LABELS,
    TARGET_GROUPS,
    label,
    measure_type_label,
)
from sectorplannen.notifications.models import Notification
from sectorplannen.organisations.models import Organisation
from sectorplannen.plans.application import ApplicationRefused
from sectorplannen.plans.models import Plan
from sectorplannen.qualitative.goals import labels_of

from .. import drafts
from ..answers import answers
from ..deadlines import next_deadline
from ..forms.application import (
    AnalysisForm,
    FundingForm,
    GeneralForm,
    MainApplicantForm,
    MeasureForm,
    PartnerForm,
)
from ..forms.uploads import AttachmentForm
from ..models import PlanDraft
from ..report_forms import language
from . import attachments
from .common import is_htmx, paginate, require


@login_required
def my_plans(request):
    require(perm.can_create_draft(request.user))
    orgs = Membership.objects.filter(user=request.user).values_list("organisation_id", flat=True)
    open_drafts = PlanDraft.objects.filter(organisation_id__in=orgs, plan__isnull=True)
    plans = (Plan.objects.filter(Q(partners__organisation_id__in=orgs), is_reference=False).distinct()
             .select_related("scheme", "final_declaration")
             .prefetch_related("decisions", "progress_reports", "measures")
             .order_by("-updated_at"))
    page_obj = paginate(request, plans)
    mine = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
    return render(request, "portal/applicant/my_plans.html", {
        "drafts": open_drafts, "page_obj": page_obj, "deadlines": {p.pk: next_deadline(p) for p in page_obj},
        "organisations": Organisation.objects.filter(pk__in=orgs),
        "unread": mine.count(), "latest_unread": mine.order_by("-created_at").first(),
    })


@login_required
@require_POST
def draft_delete(request, draft_id: int):
    """The applicant removes a draft that was never submitted (after a confirmation on the page)."""
    draft = _draft(request, draft_id)
    if draft.plan_id is not None:
        raise Http404
    record("draft_deleted", actor=request.user, draft=draft.pk)
    for attachment in draft.attachments.all():
        attachment.file.delete(save=False)  # the rows go with the draft; the files too
    draft.delete()
    messages.success(request, _("Het concept is verwijderd."))
    return redirect("portal:my_plans")


@login_required
@require_POST
def draft_create(request):
    require(perm.can_create_draft(request.user))
    orgs = Organisation.objects.filter(memberships__user=request.user)
    organisation = orgs.filter(pk=request.POST.get("organisation") or 0).first() or orgs.first()
    draft = drafts.new_draft(request.user, organisation)
    return redirect("portal:draft_step", draft_id=draft.pk, step="algemeen")


def _draft(request, draft_id: int) -> PlanDraft:
    draft = get_object_or_404(PlanDraft.objects.select_related("organisation"), pk=draft_id)
    require(perm.can_edit_draft(request.user, draft))
    return draft


def _list_item(doc: dict, key: str, index: str) -> int:
    try:
        i = int(index)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 <= i < len(doc.get(key, [])):
        raise Http404
    return i


@login_required
def draft_step(request, draft_id: int, step: str):
    """GET shows a step; POST saves it (htmx: answers with the step's form and findings only)."""
    if step not in drafts.STEP_SLUGS:
        raise Http404
    draft = _draft(request, draft_id)
    doc = dict(draft.document)
    rules = drafts.rules_of(draft)
    forms = {}
    if request.method == "POST" and step == "indienen" and request.POST.get("action") in ("attach", "detach"):
        response, forms["attach"] = attachments.handle(request, draft, request.POST["action"])
        if response is not None:
            return response
    elif request.method == "POST":
        action = request.POST.get("action", "save")
        saved, forms = _handle(step, action, request, doc, rules)
        if saved is not None:
            if saved != draft.document:
                drafts.save(draft, saved)
            if step == "indienen" and action == "submit":
                if not request.POST.get("declare"):  # the declaration is part of submitting
                    messages.error(request, _("Vink de verklaring aan om in te dienen."))
                    context = {**_context(draft, step, rules, {}), "htmx": is_htmx(request), "declare_missing": True}
                    return render(request, "portal/applicant/draft_step_body.html" if is_htmx(request)
                                  else "portal/applicant/draft_step.html", context, status=422)
                return _submit(request, draft)
            next_step = request.POST.get("next")
            if next_step in drafts.STEP_SLUGS:  # "Opslaan en naar de volgende stap": saved first, then on
                return _go(request, reverse("portal:draft_step", args=[draft.pk, next_step]))
            messages.success(request, _("Opgeslagen. De controles hieronder zijn bijgewerkt."))
            if not is_htmx(request):
                return redirect("portal:draft_step", draft_id=draft.pk, step=step)
            forms = {}
    edit_index = request.POST.get("index") if forms.get("measure") else request.GET.get("wijzig")
    context = {**_context(draft, step, rules, forms, edit_index), "htmx": is_htmx(request)}
    template = "portal/applicant/draft_step_body.html" if is_htmx(request) else "portal/applicant/draft_step.html"
    return render(request, template, context)


def _go(request, url: str):
    """Redirect; for htmx a full navigation (the menu and the step change together)."""
    if is_htmx(request):
        response = render(request, "portal/applicant/draft_step_body.html", {})
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _untouched(post, form) -> bool:
    """An add form left as it was, sent with "next": nothing to add, just move on."""
    return bool(post.get("next")) and not form.has_changed()


def _handle(step: str, action: str, request, doc: dict, rules):
    """Apply one POST to the document; returns (new document or None, bound forms with errors)."""
    post = request.POST
    if step == "algemeen":
        form = GeneralForm(post)
        return (form.apply(doc), {}) if form.is_valid() else (None, {"general": form})
    if step == "samenwerking":
        partners = [dict(p) for p in doc.get("partners", [])]
        if action == "main":
            form = MainApplicantForm(post, prefix="main")
            if not form.is_valid():
                return None, {"main": form}
            partners[0] = {**partners[0], "cao_party": form.cleaned_data["cao_party"],
                           "equity_eur": drafts.as_number(form.cleaned_data["equity_eur"])}
        elif action == "add":
            form = PartnerForm(post, prefix="partner")
            if _untouched(post, form):
                return doc, {}
            if not form.is_valid():
                return None, {"partner": form}
            partners.append(form.partner())
        elif action == "remove":
            i = _list_item(doc, "partners", post.get("index"))
            if i == 0:
                raise Http404  # the main applicant stays
            partners.pop(i)
        return {**doc, "partners": partners}, {}
    if step == "indienen" and action == "submit":
        return doc, {}
    if rules is None:
        messages.error(request, _("Kies eerst de tranche bij stap 1 (Algemeen)."))
        return None, {}
    if step == "analyse":
        form = AnalysisForm(post, rules=rules)
        if not form.is_valid():
            return None, {"analysis": form}
        d = form.cleaned_data
        return {**doc, "labour_market_analysis": {"date": d["date"].isoformat(), "bottlenecks": d["bottlenecks"],
                                                  "summary": d["summary"]}}, {}
    if step == "maatregelen":
        measures = list(doc.get("measures", []))
        if action == "remove":
            measures.pop(_list_item(doc, "measures", post.get("index")))
            return {**doc, "measures": measures}, {}
        editing = _editing(doc, post.get("index")) if post.get("index") else None
        form = MeasureForm(post, rules=rules, analysed=_analysed(doc), initial=_measure_initial(editing))
        if _untouched(post, form):
            return doc, {}
        if not form.is_valid():
            return None, {"measure": form}
        measure = form.measure()
        if post.get("index"):  # editing: replace in place, keeping the measure's funding
            i = _list_item(doc, "measures", post["index"])
            old = measures[i]
            measures[i] = {**measure, "own_funding": old.get("own_funding", []),
                           "other_public_funding": old.get("other_public_funding", [])}
        else:
            measures.append(measure)
        return {**doc, "measures": measures}, {}
    if step == "financiering":
        measures = [dict(m) for m in doc.get("measures", [])]
        if action == "remove":
            i = _list_item(doc, "measures", post.get("index"))
            kind = post.get("kind")
            if kind not in ("own_funding", "other_public_funding"):
                raise Http404
            entries = list(measures[i].get(kind, []))
            j = _list_item({"x": entries}, "x", post.get("entry"))
            entries.pop(j)
            measures[i][kind] = entries
            return {**doc, "measures": measures}, {}
        form = FundingForm(post, measures=measures)
        if _untouched(post, form):
            return doc, {}
        if not form.is_valid():
            return None, {"funding": form}
        d = form.cleaned_data
        for m in measures:
            if m.get("code") == d["measure"]:
                entry = {"source": d["source"], "amount_eur": drafts.as_number(d["amount_eur"])}
                m[d["kind"]] = [*m.get(d["kind"], []), entry]
        return {**doc, "measures": measures}, {}
    raise Http404


def _type_label(rules, code) -> str:
    known = rules.measure_types.get(code)
    return measure_type_label(code, known.label if known else None)


def _analysed(doc: dict) -> list[str]:
    analysis = doc.get("labour_market_analysis") or {}
    return list(analysis.get("bottlenecks") or [])


def _submit(request, draft: PlanDraft):
    try:
        plan = drafts.submit(draft, request.user)
    except ApplicationRefused as refused:
        messages.error(request, _("Het plan is niet ingediend: los eerst de fouten hieronder op."))
        context = _context(draft, "indienen", drafts.rules_of(draft), {})
        context["submit_findings"] = refused.findings
        response = render(request, "portal/applicant/draft_step.html", context, status=422)
        if is_htmx(request):
            response["HX-Retarget"] = "body"
        return response
    messages.success(request, _("Uw plan is ingediend onder zaaknummer %(case)s. U ontvangt binnen de beslistermijn "
                                "een besluit; een kopie van uw aanvraag (PDF) staat bij het plan.")
                     % {"case": plan.case_number})
    url = reverse("portal:plan_detail", args=[plan.pk])
    if is_htmx(request):
        response = render(request, "portal/applicant/draft_step_body.html", {})
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _editing(doc: dict, index) -> dict | None:
    try:
        return doc.get("measures", [])[int(index)]
    except (TypeError, ValueError, IndexError):
        return None


def _measure_initial(measure: dict | None) -> dict:
    if measure is None:
        return {"individual_registration": True}
    return {**measure, "measure_type": measure.get("type") or measure.get("category")}


def _context(draft: PlanDraft, step: str, rules, forms: dict, edit_index=None) -> dict:
    doc = draft.document
    by_step = drafts.findings_by_step(draft)
    context = {
        "draft": draft, "doc": doc, "step": step, "steps": drafts.STEPS, "findings": by_step[step],
        "counts": {slug: sum(1 for f in items if f.severity == "error") for slug, items in by_step.items()},
        "rules": rules,
    }
    if step == "algemeen":
        context["form"] = forms.get("general") or GeneralForm(initial=GeneralForm.initial_from(doc))
    elif step == "samenwerking":
        main = (doc.get("partners") or [{}])[0]
        context["main_form"] = forms.get("main") or MainApplicantForm(prefix="main", initial={
            "cao_party": main.get("cao_party"), "equity_eur": main.get("equity_eur")})
        context["partner_form"] = forms.get("partner") or PartnerForm(prefix="partner")
        context["partners"] = [
            {**p, "kind_label": label(PARTNER_KIND_LABELS, p.get("kind")),
             "role_labels": ", ".join(label(PARTNER_ROLE_LABELS, r) for r in p.get("roles", []))}
            for p in doc.get("partners", [])]
    elif step == "analyse" and rules:
        analysis = doc.get("labour_market_analysis") or {}
        context["form"] = forms.get("analysis") or AnalysisForm(rules=rules, initial=analysis)
    elif step == "maatregelen" and rules:
        editing = _editing(doc, edit_index)
        context["edit_index"] = edit_index if editing else None
        context["form"] = forms.get("measure") or MeasureForm(rules=rules, analysed=_analysed(doc),
                                                              initial=_measure_initial(editing))
        context["measures"] = [
            {**m, "type_label": _type_label(rules, m.get("type") or m.get("category")),
             "groups": ", ".join(label(TARGET_GROUPS, g) for g in m.get("target_groups", [])),
             "bottleneck_labels": ", ".join(label(BOTTLENECKS, b) for b in m.get("bottlenecks", [])),
             "goal_labels": "; ".join(labels_of(m.get("category"), m.get("goals") or [], language()))}
            for m in doc.get("measures", [])]
    elif step == "financiering" and rules:
        context["form"] = forms.get("funding") or FundingForm(measures=doc.get("measures", []))
        context["funding_rows"] = [
            {"index": i, "code": m.get("code"), "kind": kind, "entry": j,
             "source": label(FUNDING_SOURCES, e.get("source")), "amount": e.get("amount_eur")}
            for i, m in enumerate(doc.get("measures", []))
            for kind in ("own_funding", "other_public_funding")
            for j, e in enumerate(m.get(kind, []))]
    elif step == "indienen":
        context["all_findings"] = [f for items in by_step.values() for f in items]
        context["step_findings"] = [{"slug": st.slug, "title": st.title, "number": n, "findings": by_step[st.slug]}
                                    for n, st in enumerate(drafts.STEPS, 1) if by_step[st.slug]]
        context["requested"] = drafts.requested_subsidy(draft)
        context["can_submit"] = not any(f.severity == "error" for f in context["all_findings"])
        context["answers"] = answers(doc, rules)
        context["attach_form"] = forms.get("attach") or AttachmentForm()
        context["attachments"] = draft.attachments.all()
    return context
