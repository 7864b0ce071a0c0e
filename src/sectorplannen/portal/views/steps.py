"""The workflow's steps that end or move a plan: refuse (four eyes), withdraw, report the start,
lapse (four eyes), a new settlement version (four eyes), and the letters of the closing decisions.
Each page shows what the step means and calls ``workflow.services``; nothing here changes a status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.common.money import format_eur
from sectorplannen.finance.services import plan_ledger
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.definition import REFUSAL_GROUNDS, START_DEADLINE
from sectorplannen.workflow.lapse import lapse_ground
from sectorplannen.workflow.letters import closing_letter_filename, closing_letter_pdf
from sectorplannen.workflow.models import ProposalStatus

from ..forms.desk import ConfirmForm, RefusalForm, StepReasonForm
from .common import form_refusals, loaded_version, plan_for, sent_version


def _step(request, plan, *, title: str, intro: list[str], form, button: str, refusals=(), status: int = 200):
    return render(request, "portal/desk/step.html", {
        "plan": plan, "title": title, "intro": intro, "form": form, "button": button, "refusals": refusals,
        "lock_version": loaded_version(request, plan.lock_version),
    }, status=status)


def _posted(request):
    """The form's data on a POST, also an empty one (a step confirmed without a reason)."""
    return request.POST if request.method == "POST" else None


def _pending(plan, kind: str) -> bool:
    return plan.proposals.filter(kind=kind, status=ProposalStatus.PROPOSED).exists()


@login_required
def refuse(request, plan_id: int):
    """First pair of eyes on a refusal: a reason at each ground; a policy officer approves it."""
    plan = plan_for(request, plan_id, perm.can_draft_refusal)
    form = RefusalForm(_posted(request), grounds=REFUSAL_GROUNDS)
    refusals = []
    if request.method == "POST" and form.is_valid():
        try:
            workflow.propose(plan, "refusal", {"reasons": form.reasons()}, request.user,
                             note=form.cleaned_data["note"], expected_version=sent_version(request))
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("De afwijzing is voorbereid en wacht op goedkeuring door een tweede persoon."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    intro = [_("Geef bij elke grond waarop de aanvraag wordt afgewezen de reden. De aanvrager krijgt een brief "
               "met deze redenen; een beleidsmedewerker keurt de afwijzing eerst goed.")]
    if _pending(plan, "refusal"):
        intro.append(_("Er wacht al een voorbereide afwijzing op goedkeuring."))
    return _step(request, plan, title=_("Aanvraag afwijzen"), intro=intro, form=form,
                 button=_("Afwijzing voorbereiden"), refusals=refusals)


@login_required
def withdraw(request, plan_id: int):
    """The main applicant withdraws: before the grant nothing is owed; after it advances are reclaimed."""
    plan = plan_for(request, plan_id, perm.can_withdraw)
    form = StepReasonForm(_posted(request))
    refusals = []
    if request.method == "POST" and form.is_valid():
        try:
            closing = workflow.transition(plan, "withdraw", request.user, reason=form.cleaned_data["reason"],
                                          expected_version=sent_version(request))
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("Het plan is ingetrokken (kenmerk %(ref)s).") % {"ref": closing.reference})
            return redirect("portal:plan_detail", plan_id=plan.pk)
    balance = plan_ledger(plan)
    if plan.decisions.exists():
        intro = [_("De verleende subsidie vervalt en wordt op nihil vastgesteld. Ontvangen voorschotten "
                   "(%(adv)s) worden teruggevorderd.") % {"adv": format_eur(balance.advanced_eur)}]
    else:
        intro = [_("Er is nog geen subsidie verleend: u bent niets verschuldigd.")]
    intro.append(_("Intrekken kan niet ongedaan worden gemaakt. U ontvangt een brief."))
    return _step(request, plan, title=_("Plan intrekken"), intro=intro, form=form, button=_("Plan intrekken"),
                 refusals=refusals)


@login_required
def start(request, plan_id: int):
    """The main applicant reports that the work has started (before the scheme's deadline)."""
    plan = plan_for(request, plan_id, perm.can_report_start)
    form = ConfirmForm(_posted(request))
    refusals = []
    if request.method == "POST" and form.is_valid():
        try:
            workflow.transition(plan, "start", request.user, expected_version=sent_version(request))
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("De start van de uitvoering is vastgelegd."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    due = START_DEADLINE.due_on(plan)
    intro = [_("Meld hier dat de uitvoering van het plan is begonnen. Dat moet uiterlijk %(due)s; daarna vervalt "
               "de verlening.") % {"due": due.strftime("%d-%m-%Y") if due else "–"}]
    return _step(request, plan, title=_("Start van de uitvoering melden"), intro=intro, form=form,
                 button=_("Start melden"), refusals=refusals)


@login_required
def lapse(request, plan_id: int):
    """First pair of eyes on a lapse: the ground is computed from the scheme's periods."""
    plan = plan_for(request, plan_id, perm.can_draft_lapse)
    ground = lapse_ground(plan, clock.today())
    form = StepReasonForm(_posted(request))
    refusals = []
    if request.method == "POST" and form.is_valid():
        try:
            workflow.propose(plan, "lapse", {}, request.user, note=form.cleaned_data["reason"],
                             expected_version=sent_version(request))
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("Het vervallen is voorbereid en wacht op goedkeuring door een tweede persoon."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    intro = [ground.message if ground else _("Dit plan is (nog) niet vervallen.")]
    intro.append(_("De verlening vervalt, de subsidie wordt op nihil vastgesteld en ontvangen voorschotten (%(adv)s) "
                   "worden teruggevorderd.") % {"adv": format_eur(plan_ledger(plan).advanced_eur)})
    if _pending(plan, "lapse"):
        intro.append(_("Er wacht al een voorbereid besluit op goedkeuring."))
    return _step(request, plan, title=_("Verlening laten vervallen"), intro=intro, form=form,
                 button=_("Vervallen voorbereiden"), refusals=refusals)


@login_required
def resettle(request, plan_id: int):
    """First pair of eyes on a new settlement version (with a reason)."""
    plan = plan_for(request, plan_id, perm.can_draft_resettlement)
    form = StepReasonForm(_posted(request), required=True)
    refusals = []
    if request.method == "POST" and form.is_valid():
        try:
            workflow.propose(plan, "settlement", {}, request.user, note=form.cleaned_data["reason"],
                             expected_version=sent_version(request))
        except Refused as refused:
            refusals = form_refusals(refused)
        else:
            messages.success(request, _("De nieuwe vaststelling is voorbereid en wacht op goedkeuring door een tweede "
                                        "persoon."))
            return redirect("portal:plan_detail", plan_id=plan.pk)
    latest = plan.settlements.order_by("-version").first()
    intro = [_("Versie %(v)s van de vaststelling blijft bestaan; de nieuwe versie rekent opnieuw met de laatste "
               "gegevens en boekt het verschil.") % {"v": latest.version if latest else "–"}]
    return _step(request, plan, title=_("Vaststelling herzien"), intro=intro, form=form,
                 button=_("Nieuwe vaststelling voorbereiden"), refusals=refusals)


@login_required
def closing_letter(request, plan_id: int):
    plan = plan_for(request, plan_id, perm.can_view_plan)
    closing = getattr(plan, "closing_decision", None)
    if closing is None:
        raise Http404
    record("closing_letter_viewed", actor=request.user, plan=plan, kind=closing.kind)
    response = HttpResponse(closing_letter_pdf(closing), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{closing_letter_filename(closing)}"'
    return response
