"""Money after the grant: progress reports, final declaration, advances, settlement, ledger, calculator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.common.labels import measure_type_label
from sectorplannen.finance.deadlines import progress_reports_due
from sectorplannen.finance.letters import letter_filename, settlement_letter_pdf
from sectorplannen.finance.services import (
    DeclaredMeasure,
    InvalidSettlementDocument,
    RealisedSoFar,
    advance_schedule_for,
    calculate_settlement,
    plan_ledger,
    record_advance,
    submit_progress_report,
)
from sectorplannen.schemes.models import SchemeVersion
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow

from ..forms.desk import ProposalNoteForm
from ..forms.finance import (
    AdvanceForm,
    CalculatorForm,
    CalculatorMeasureForm,
    DeclarationFileForm,
    MonthForm,
    RealisedLineForm,
)
from .common import form_refusals, plan_for, require

CALCULATOR_ROWS = 6


def _line_forms(request, decision, with_youth: bool):
    lines = list(decision.lines.select_related("measure").filter(status="active"))
    forms = [RealisedLineForm(request.POST or None, prefix=line.measure.code) for line in lines]
    if not with_youth:
        for f in forms:
            del f.fields["youth"]
    return list(zip(lines, forms, strict=True))


@login_required
def progress_report(request, plan_id: int):
    plan = plan_for(request, plan_id, perm.can_report_progress)
    decision = plan.latest_decision()
    submitted = set(plan.progress_reports.values_list("month", flat=True))
    months = [d.month for d in progress_reports_due(decision.start_date, decision.end_date, plan.scheme.rules)
              if d.month not in submitted]
    month_form = MonthForm(request.POST or None, months=months)
    rows = _line_forms(request, decision, with_youth=False)
    problems = []
    if request.method == "POST" and month_form.is_valid() and all(f.is_valid() for _, f in rows):
        lines = {line.measure.code: RealisedSoFar(f.cleaned_data["participants"], f.cleaned_data["costs_eur"])
                 for line, f in rows}
        try:
            submit_progress_report(plan, month_form.cleaned_data["month"], clock.today(), lines, actor=request.user)
        except Refused as refused:
            problems = refused.problems
        else:
            messages.success(request, _("Uw voortgangsrapportage is ontvangen."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    return render(request, "portal/finance/progress_report.html", {
        "plan": plan, "month_form": month_form, "rows": rows, "problems": problems,
        "reports": plan.progress_reports.order_by("month"),
    })


@login_required
def declaration(request, plan_id: int):
    plan = plan_for(request, plan_id, perm.can_declare)
    decision = plan.latest_decision()
    rows = _line_forms(request, decision, with_youth=True)
    file_form = DeclarationFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and file_form.is_valid() and all(f.is_valid() for _, f in rows):
        lines = {line.measure.code: DeclaredMeasure(f.cleaned_data["participants"], f.cleaned_data["costs_eur"],
                                                    f.cleaned_data["youth"])
                 for line, f in rows}
        try:
            workflow.transition(plan, "declare", request.user, submitted_on=clock.today(), lines=lines,
                                auditor_statement=file_form.cleaned_data["auditor_statement"])
        except Refused as refused:
            problems = [r.message for r in form_refusals(refused)]
        else:
            messages.success(request, _("Uw einddeclaratie is ontvangen. De subsidie wordt nu vastgesteld."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    return render(request, "portal/finance/declaration.html", {
        "plan": plan, "rows": rows, "file_form": file_form, "problems": problems,
        "final_report_required": plan.scheme.rules.final_report_required,
    })


@login_required
def finance(request, plan_id: int):
    """Settlement (with every rule explained), the ledger and what is still to be paid or reclaimed."""
    plan = plan_for(request, plan_id, perm.can_view_finance)
    settlements = plan.settlements.order_by("-version")
    return render(request, "portal/finance/overview.html", {
        "plan": plan, "settlement": settlements.first(), "settlements": settlements,
        "balance": plan_ledger(plan), "entries": plan.ledger_entries.select_related("booked_by").order_by("id"),
    })


@login_required
def settlement_letter(request, plan_id: int, version: int):
    plan = plan_for(request, plan_id, perm.can_view_finance)
    settlement = get_object_or_404(plan.settlements, version=version)
    record("settlement_letter_viewed", actor=request.user, plan=plan, version=version)
    response = HttpResponse(settlement_letter_pdf(settlement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter_filename(settlement)}"'
    return response


@login_required
def advances(request, plan_id: int):
    plan = plan_for(request, plan_id, perm.can_manage_advances)
    form = AdvanceForm(request.POST or None, initial={"paid_on": clock.today()})
    problems = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            record_advance(plan, d["amount_eur"], d["paid_on"], actor=request.user, reference=d["reference"])
        except Refused as refused:
            problems = refused.problems
        else:
            messages.success(request, _("Het voorschot is geboekt."))
            return redirect("portal:advances", plan_id=plan.pk)
    return render(request, "portal/finance/advances.html", {
        "plan": plan, "form": form, "problems": problems, "schedule": advance_schedule_for(plan),
        "balance": plan_ledger(plan),
        "entries": plan.ledger_entries.filter(kind="advanced").order_by("id"),
    })


@login_required
def settle(request, plan_id: int):
    """First pair of eyes on the settlement: see the calculation, then propose it for approval."""
    plan = plan_for(request, plan_id, perm.can_draft_settlement)
    note_form = ProposalNoteForm(request.POST or None)
    refusals = []
    if request.method == "POST" and note_form.is_valid():
        try:
            workflow.propose(plan, "settlement", {}, request.user, note=note_form.cleaned_data["note"])
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("De vaststelling is voorbereid en wacht op goedkeuring door een tweede "
                                        "persoon."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    preview, problems = workflow.preview_settlement(plan)
    return render(request, "portal/finance/settle.html", {
        "plan": plan, "preview": preview, "problems": problems, "note_form": note_form, "refusals": refusals,
        "pending": plan.proposals.filter(kind="settlement", status="proposed").exists(),
    })


@login_required
def calculator(request):
    """What-if settlement (formats §7) on entered numbers; nothing is stored."""
    require(perm.can_use_calculator(request.user))
    schemes = list(SchemeVersion.objects.order_by("code"))
    types = sorted({(code, measure_type_label(code, t.label)) for s in schemes
                    for code, t in s.rules.measure_types.items()}, key=lambda x: x[1])
    data = request.GET if "scheme" in request.GET else None
    form = CalculatorForm(data, schemes=[(s.code, s.title) for s in schemes])
    rows = [CalculatorMeasureForm(data, prefix=f"m{i}", types=types) for i in range(CALCULATOR_ROWS)]
    result, problems = None, []
    if data is not None and form.is_valid() and all(r.is_valid() for r in rows):
        d = form.cleaned_data
        document = {
            "scheme": d["scheme"],
            "max_subsidy_eur": None if d["max_subsidy_eur"] is None else str(d["max_subsidy_eur"]),
            "advances_paid_eur": str(d["advances_paid_eur"]),
            "measures": [{"code": r.cleaned_data["code"], "type": r.cleaned_data["type"],
                          "planned_participants": r.cleaned_data["planned_participants"],
                          "realised_participants": r.cleaned_data["realised_participants"],
                          "planned_costs_eur": str(r.cleaned_data["planned_costs_eur"]),
                          "eligible_costs_eur": str(r.cleaned_data["eligible_costs_eur"])}
                         for r in rows if r.cleaned_data.get("code")],
        }
        try:
            result = calculate_settlement(document)
        except InvalidSettlementDocument as exc:
            problems = [str(p) for p in exc.problems]
    return render(request, "portal/finance/calculator.html", {
        "form": form, "rows": rows, "result": result, "problems": problems,
    })
