"""The final report (eindrapportage) in the portal: an overview with progress, one page per block."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sectorplannen.qualitative import permissions as qperm
from sectorplannen.qualitative import services as q
from sectorplannen.qualitative import survey
from sectorplannen.workflow import clock, partner_survey

from ..forms.survey import SurveyContactForm
from ..report_forms import AnswersForm
from .common import is_htmx, plan_for

BLOCK_TITLES = {
    "A": gettext_lazy("A. Het plan"), "B": gettext_lazy("B. Per maatregel"),
    "C": gettext_lazy("C. Het samenwerkingsverband"), "D": gettext_lazy("D. De regeling"),
}


def _steps(plan, report, frame):
    done = q.progress(report, frame)
    return [{"block": b, "title": BLOCK_TITLES[b], "done": done[b]} for b in q.BLOCKS]


def _forms(report, frame, block: str, data=None):
    book = report.codebook.codebook
    if block != "B":
        return [(None, AnswersForm(book, book.questions_of("plan", block), q.Context(frame.tranche_group),
                                   report.answers, data, prefix="plan"))]
    answers = q.measure_answers(report)
    return [(m, AnswersForm(book, book.questions_of("measure"), q.Context(frame.tranche_group, m.theme, m.below_plan),
                            answers.get(m.measure_id, {}), data, prefix=f"m{m.measure_id}"))
            for m in frame.measures]


@login_required
def overview(request, plan_id: int):
    plan = plan_for(request, plan_id, qperm.can_view_final_report)
    report, frame = q.report_for(plan), q.plan_frame(plan)
    problems, new_links, contact_form = [], [], None
    action = request.POST.get("action", "submit")
    if request.method == "POST" and action == "contact":
        plan_for(request, plan_id, qperm.can_view_final_report)
        contact_form = SurveyContactForm(request.POST, organisations=survey.organisations_without_users(plan))
        if contact_form.is_valid():
            org = contact_form.cleaned_data["organisation"]
            if partner_survey.give_contact(plan, org, contact_form.cleaned_data["name"],
                                           contact_form.cleaned_data["email"], actor=request.user):
                messages.success(request, _("De link is gemaild naar de contactpersoon van %(org)s.") % {"org": org})
            else:
                messages.success(request, _("Contactpersoon van %(org)s opgeslagen.") % {"org": org})
            return redirect("portal:final_report", plan_id=plan.pk)
    elif request.method == "POST" and action in ("invite", "remind") and report.state == "submitted":
        plan_for(request, plan_id, qperm.can_view_final_report)
        if action == "invite":
            made = partner_survey.invite(plan, clock.today(), actor=request.user)
            new_links = [(i.organisation, i.link) for i in made if i.link]
            messages.success(request, _("Partners uitgenodigd: %(n)d.") % {"n": len(made)})
        else:
            reminded = partner_survey.remind_now(plan, clock.today())
            messages.success(request, _("Herinnering gestuurd aan %(n)d partners.") % {"n": reminded})
    elif request.method == "POST":
        plan_for(request, plan_id, qperm.can_fill_final_report)
        try:
            q.submit_report(report, actor=request.user)
        except q.ReportRefused as refused:
            problems = refused.findings
        else:
            messages.success(request, _("Uw eindrapportage is ingediend. U kunt nu de einddeclaratie indienen."))
            return redirect("portal:final_report", plan_id=plan.pk)
    without_users = survey.organisations_without_users(plan)
    return render(request, "portal/final_report/overview.html", {
        "plan": plan, "report": report, "frame": frame, "steps": _steps(plan, report, frame),
        "problems": problems, "required": plan.scheme.rules.final_report_required,
        "editable": qperm.can_fill_final_report(request.user, plan)[0] and report.state == "draft",
        "threshold_pct": int(frame.threshold * 100), "survey": survey.survey_status(plan), "new_links": new_links,
        "can_invite": report.state == "submitted",
        "contact_form": contact_form if contact_form is not None else (
            SurveyContactForm(organisations=without_users) if without_users else None),
    })


@login_required
def block(request, plan_id: int, block: str):
    if block not in q.BLOCKS:
        raise Http404
    plan = plan_for(request, plan_id, qperm.can_view_final_report)
    report, frame = q.report_for(plan), q.plan_frame(plan)
    editable = qperm.can_fill_final_report(request.user, plan)[0] and report.state == "draft"
    forms = _forms(report, frame, block, request.POST if request.method == "POST" and editable else None)
    if request.method == "POST" and editable and all(f.is_valid() for _, f in forms):
        plan_answers = forms[0][1].answers() if block != "B" else {}
        per_measure = {m.measure_id: f.answers() for m, f in forms if m is not None}
        problems = q.save_block(report, block, plan_answers, per_measure, actor=request.user)
        forms = _forms(report, frame, block, request.POST)
        for m, f in forms:
            f.is_valid()
            f.add_problems([p for p in problems if p.measure == (m.code if m else None)])
        if problems:
            messages.warning(request, _("Opgeslagen als concept. Nog niet alles klopt: zie de meldingen."))
        else:
            messages.success(request, _("Opgeslagen. Dit onderdeel is in orde."))
    elif request.method == "GET" and report.state == "draft" and (block != "A" or report.answers):
        problems = q.block_problems(report, block, frame, complete=False)
        for m, f in forms:
            f.add_problems([p for p in problems if p.measure == (m.code if m else None)])
    steps = _steps(plan, report, frame)
    errors = [{"id": form[name].id_for_label or form[name].auto_id, "label": form.fields[name].label, "message": msg,
               "measure": m.code if m else ""}
              for m, form in forms for name, msgs in form.errors.items() if name in form.fields for msg in msgs]
    following = next((s["block"] for s in steps if s["block"] > block), None)
    context = {"plan": plan, "report": report, "frame": frame, "current": block, "title": BLOCK_TITLES[block],
               "forms": forms, "errors": errors, "steps": steps, "editable": editable, "following": following,
               "threshold_pct": int(frame.threshold * 100), "htmx": is_htmx(request)}
    template = "portal/final_report/block_body.html" if is_htmx(request) else "portal/final_report/block.html"
    return render(request, template, context)
