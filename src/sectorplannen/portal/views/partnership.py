"""The partnership's administration for the plan's main applicant: the employers in the plan, what
blocks each dossier, the ledger (claimed, paid, awaiting per employer), paying claims of complete
dossiers, own funding per source and employer, and the realisation from dossiers beside the
declaration. Assessors read it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sectorplannen.audit.services import record
from sectorplannen.common.errors import Refused
from sectorplannen.common.labels import FUNDING_SOURCES
from sectorplannen.partnership import permissions as pperm
from sectorplannen.partnership import services as partnership
from sectorplannen.partnership.models import Claim, Dossier, PartnershipSettings
from sectorplannen.workflow import clock

from ..forms.partnership import InviteEmployerForm, OwnFundingForm, PartnershipSettingsForm
from .common import plan_for, require


def _forms(request, plan, action: str | None):
    employers = list(plan.employers.select_related("organisation"))
    posted = request.POST if request.method == "POST" else None
    return {
        "invite": InviteEmployerForm(posted if action == "invite" else None, prefix="invite"),
        "funding": OwnFundingForm(posted if action == "funding" else None, prefix="funding",
                                  sources=plan.scheme.rules.own_funding_sources, employers=employers),
        "settings": PartnershipSettingsForm(posted if action == "settings" else None, prefix="settings", initial={
            "declaration_from_dossiers": partnership.declaration_from_dossiers(plan)}),
    }


def _act(request, plan, action: str, forms) -> bool:
    """Do what the posted form asks; True when done."""
    form, today, user = forms[action], clock.today(), request.user
    if not form.is_valid():
        return False
    data = form.cleaned_data
    if action == "invite":
        employer = partnership.invite_employer(plan, name=data["name"], number=data["number"], actor=user, on=today)
        messages.success(request, _("%(name)s is uitgenodigd als werkgever in dit plan.") % {
            "name": employer.organisation.name})
    elif action == "funding":
        employer = plan.employers.filter(pk=data["employer"]).first() if data["employer"] else None
        partnership.record_own_funding(plan, source=data["source"], amount_eur=data["amount_eur"], employer=employer,
                                       actor=user, on=today)
        messages.success(request, _("De eigen bijdrage is vastgelegd."))
    else:
        PartnershipSettings.objects.update_or_create(
            plan=plan, defaults={"declaration_from_dossiers": data["declaration_from_dossiers"]})
        record("partnership_settings_changed", actor=user, plan=plan,
               declaration_from_dossiers=data["declaration_from_dossiers"])
        messages.success(request, _("De instelling is opgeslagen."))
    return True


@login_required
def overview(request, plan_id: int):
    plan = plan_for(request, plan_id, pperm.can_view_partnership)
    can_manage = pperm.can_manage_partnership(request.user, plan)[0]
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _forms(request, plan, action)
    refusals = ()
    if request.method == "POST":
        require(pperm.can_manage_partnership(request.user, plan))
        if action not in forms:
            return redirect("portal:partnership", plan_id=plan.pk)
        try:
            if _act(request, plan, action, forms):
                return redirect("portal:partnership", plan_id=plan.pk)
        except Refused as refused:
            refusals = refused.refusals
    states = partnership.states(Dossier.objects.filter(registration__plan=plan))
    claims = {c.dossier_id: c for c in Claim.objects.filter(dossier__registration__plan=plan)}
    record("participants_viewed", actor=request.user, plan=plan, page="partnership")
    return render(request, "portal/partnership/overview.html", {
        "plan": plan, "can_manage": can_manage, "forms": forms, "refusals": refusals,
        "employers": plan.employers.select_related("organisation"),
        "ledger": partnership.ledger(plan),
        "dossiers": [{"state": s, "claim": claims.get(s.dossier.pk)} for s in states],
        "funding": partnership.own_funding_by_source(plan), "sources": FUNDING_SOURCES,
        "realisation": partnership.dossier_realisation(plan),
        "from_dossiers": partnership.declaration_from_dossiers(plan),
    }, status=422 if refusals or any(f.errors for f in forms.values()) else 200)


@login_required
def pay_claim(request, plan_id: int, claim_id: int):
    """The plan's administrator pays an employer's claim; refused while its dossier is incomplete."""
    plan = plan_for(request, plan_id, pperm.can_manage_partnership)
    claim = get_object_or_404(Claim, pk=claim_id, dossier__registration__plan=plan)
    if request.method != "POST":
        return redirect("portal:partnership", plan_id=plan.pk)
    try:
        partnership.pay_claim(claim, actor=request.user, on=clock.today())
    except Refused as refused:
        for reason in refused.refusals:
            messages.error(request, reason.message)
    else:
        messages.success(request, _("De declaratie is betaald."))
    return redirect("portal:partnership", plan_id=plan.pk)
