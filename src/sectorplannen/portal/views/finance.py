"""Money after the grant: progress reports, final declaration, advances, settlement, ledger, calculator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.models import Membership
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.common.labels import measure_type_label
from sectorplannen.finance.deadlines import progress_reports_due
from sectorplannen.finance.letters import letter_filename, settlement_letter_pdf
from sectorplannen.finance.models import DeclarationLine
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
from sectorplannen.partnership import services as partnership
from sectorplannen.plans.models import Plan
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
from ..participant_check import declaration_warnings, registry_facts, settlement_participants
from .common import form_refusals, loaded_version, one_error_summary, plan_for, require, sent_version

CALCULATOR_ROWS = 3  # rows shown at first; "Maatregel toevoegen" adds one
CALCULATOR_MAX_ROWS = 200


def _line_forms(request, decision, with_youth: bool, initial: dict | None = None):
    lines = list(decision.lines.select_related("measure").filter(status="active"))
    forms = [RealisedLineForm(request.POST or None, prefix=line.measure.code,
                              initial=(initial or {}).get(line.measure.code)) for line in lines]
    if not with_youth:
        for f in forms:
            del f.fields["youth"]
    return list(zip(lines, forms, strict=True))


def _groups(rows):
    return [(_("Maatregel %(code)s") % {"code": line.measure.code}, f) for line, f in rows]


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
        "form_errors": one_error_summary([("", month_form), *_groups(rows)]),
        "reports": plan.progress_reports.order_by("month"),
    })


@login_required
def declaration(request, plan_id: int):
    """The final declaration, with the registry count beside each figure; figures above the registry
    or below the participant threshold are shown as warnings first and sent only when confirmed."""
    plan = plan_for(request, plan_id, perm.can_declare)
    decision = plan.latest_decision()
    from_dossiers = partnership.declaration_from_dossiers(plan)  # the plan's setting (issue 21)
    initial = {r.code: {"participants": r.participants, "costs_eur": r.costs_eur}
               for r in partnership.dossier_realisation(plan)} if from_dossiers else None
    rows = _line_forms(request, decision, with_youth=True, initial=initial)
    file_form = DeclarationFileForm(request.POST or None, request.FILES or None)
    problems, warnings = [], []
    checking = request.method == "POST" and request.POST.get("check")  # htmx, on every change: warnings only
    if request.method == "POST" and all(f.is_valid() for _, f in rows):
        lines = {line.measure.code: DeclaredMeasure(f.cleaned_data["participants"], f.cleaned_data["costs_eur"],
                                                    f.cleaned_data["youth"])
                 for line, f in rows}
        warnings = declaration_warnings(plan, [line for line, _ in rows],
                                        {code: d.realised_participants for code, d in lines.items()})
        if checking or not file_form.is_valid() or (warnings and not request.POST.get("confirm")):
            pass  # warnings (with the confirmation box) first; nothing is sent yet
        else:
            try:
                workflow.transition(plan, "declare", request.user, submitted_on=clock.today(), lines=lines,
                                    auditor_statement=file_form.cleaned_data["auditor_statement"],
                                    expected_version=sent_version(request))
            except Refused as refused:
                problems = [r.message for r in form_refusals(refused)]
            else:
                messages.success(request, _("Uw einddeclaratie is ontvangen. De subsidie wordt nu vastgesteld."))
                return redirect("portal:plan_detail", plan_id=plan.pk)
    if checking:
        return render(request, "portal/finance/declaration_warnings.html", {"warnings": warnings, "live": True,
                                                                             "confirmed": request.POST.get("confirm")})
    return render(request, "portal/finance/declaration.html", {
        "plan": plan, "rows": rows, "file_form": file_form, "problems": problems, "warnings": warnings,
        "lock_version": loaded_version(request, plan.lock_version),
        "form_errors": one_error_summary([*_groups(rows), ("", file_form)]),
        "confirmed": request.POST.get("confirm"),
        "registry": registry_facts(plan, [line for line, _ in rows]),
        "final_report_required": plan.scheme.rules.final_report_required,
        "caps": plan.scheme.rules.registry_caps_declared, "from_dossiers": from_dossiers,
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
            workflow.propose(plan, "settlement", {}, request.user, note=note_form.cleaned_data["note"],
                             expected_version=sent_version(request))
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("De vaststelling is voorbereid en wacht op goedkeuring door een tweede "
                                        "persoon."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    preview, problems = workflow.preview_settlement(plan)
    return render(request, "portal/finance/settle.html", {
        "plan": plan, "preview": preview, "problems": problems, "note_form": note_form, "refusals": refusals,
        "participants": settlement_participants(plan, preview["lines"]) if preview else [],
        "pending": plan.proposals.filter(kind="settlement", status="proposed").exists(),
        "lock_version": loaded_version(request, plan.lock_version),
    })


def _row_count(request, filled: int) -> int:
    """Rows on the page: as asked ("add a row" asks one more), never fewer than are filled."""
    asked = [int(v) for v in request.GET.getlist("rows") if v.isdigit()]
    return max(min(max(asked, default=CALCULATOR_ROWS), CALCULATOR_MAX_ROWS), filled, 1)


def _from_plan(request, plan_id: str):
    """The calculator's input from one of the user's own plans: the latest decision's measures, the
    declared (or last reported) figures, the advances paid. None if the plan is not theirs to see."""
    if not plan_id.isdigit():
        return None
    plan = Plan.objects.filter(pk=int(plan_id)).select_related("scheme").first()
    if plan is None or not perm.can_view_finance(request.user, plan)[0] or plan.latest_decision() is None:
        return None
    decision = plan.latest_decision()
    declared = {line.measure_id: (line.realised_participants, line.eligible_costs_eur)
                for line in DeclarationLine.objects.filter(declaration__plan=plan)}
    report = plan.progress_reports.order_by("-month").first()
    reported = {line.measure_id: (line.realised_participants, line.realised_costs_eur)
                for line in report.lines.all()} if report else {}
    data = {"scheme": plan.scheme.code, "max_subsidy_eur": str(decision.max_subsidy_eur),
            "advances_paid_eur": str(plan_ledger(plan).advanced_eur)}
    lines = list(decision.lines.filter(status="active").select_related("measure").order_by("measure__code"))
    for i, line in enumerate(lines):
        # nothing declared or reported yet: as planned, to change by hand
        realised, costs = (declared.get(line.measure_id) or reported.get(line.measure_id)
                           or (line.planned_participants, line.planned_costs_eur))
        data.update({f"m{i}-code": line.measure.code, f"m{i}-type": line.measure.measure_type,
                     f"m{i}-planned_participants": line.planned_participants or "",
                     f"m{i}-realised_participants": "" if realised is None else realised,
                     f"m{i}-planned_costs_eur": str(line.planned_costs_eur),
                     f"m{i}-eligible_costs_eur": str(costs)})
    return plan, data, len(lines)


@login_required
def calculator(request):
    """What-if settlement (formats §7) on entered numbers or on one's own plan; nothing is stored.
    The result stands above the form; any number of measure rows."""
    require(perm.can_use_calculator(request.user))
    schemes = list(SchemeVersion.objects.order_by("code"))
    types = sorted({(code, measure_type_label(code, t.label)) for s in schemes
                    for code, t in s.rules.measure_types.items()}, key=lambda x: x[1])
    data, source = (request.GET if "scheme" in request.GET else None), None
    filled = sum(1 for k, v in request.GET.items() if k.endswith("-code") and v)
    if request.GET.get("plan") and data is None:
        loaded = _from_plan(request, request.GET["plan"])
        if loaded:
            source, data, filled = loaded
    form = CalculatorForm(data, schemes=[(s.code, s.title) for s in schemes])
    rows = [CalculatorMeasureForm(data, prefix=f"m{i}", types=types) for i in range(_row_count(request, filled))]
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
        "form": form, "rows": rows, "result": result, "problems": problems, "source": source,
        "own_plans": _own_plans(request.user), "row_count": len(rows),
    })


def _own_plans(user):
    """Plans with a decision the user may load into the calculator (an applicant's own; none for the agency,
    who open a plan's settlement instead)."""
    orgs = Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
    return (Plan.objects.filter(partners__organisation_id__in=orgs, is_reference=False, decisions__isnull=False)
            .distinct().order_by("name"))
