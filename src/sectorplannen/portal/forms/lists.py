"""Search and filter forms of the lists (plans, registrations)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm
from sectorplannen.common.labels import (
    PLAN_KINDS,
)

ALL = [("", _("alle"))]
PLAN_SORTS = {
    "name": (_("naam (A–Z)"), ("name",)),
    "-name": (_("naam (Z–A)"), ("-name",)),
    "tranche": (_("tranche"), ("tranche_label", "name")),
    "status": (_("status"), ("status", "name")),
    "-submitted": (_("laatst ingediend eerst"), ("-submitted_on", "name")),
    "-subsidy": (_("hoogste maximale subsidie eerst"), ("-max_subsidy", "name")),
}


class PlanFilterForm(PortalForm):
    """Search, filters and sort order of the agency's list of all plans (a GET form)."""

    q = forms.CharField(label=_("Naam bevat"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    tranche = forms.ChoiceField(label=_("Tranche"), required=False)
    kind = forms.ChoiceField(label=_("Soort plan"), required=False, choices=ALL + list(PLAN_KINDS.items()))
    origin = forms.ChoiceField(label=_("Herkomst"), required=False, choices=ALL + [
        ("application", _("aanvragen")), ("reference", _("referentieplannen (gepubliceerde cijfers)"))])
    sort = forms.ChoiceField(label=_("Sorteren op"), required=False,
                             choices=[(k, v[0]) for k, v in PLAN_SORTS.items()])

    def __init__(self, *args, tranches: list[str], **kwargs):
        from sectorplannen.plans.models import PlanStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ALL + list(PlanStatus.choices)
        self.fields["tranche"].choices = ALL + [(t, t) for t in tranches]


HEX = "0123456789abcdef"


class RegistrationFilterForm(PortalForm):
    """Narrow a plan's list of registrations by measure or by the start of a pseudonym."""

    measure = forms.ChoiceField(label=_("Maatregel"), required=False)
    pseudonym = forms.CharField(label=_("Pseudoniem begint met"), max_length=64, required=False,
                                help_text=_("Hexadecimale tekens (0-9, a-f), zoals in de lijst."))

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = ALL + [(c, c) for c in codes]

    def clean_pseudonym(self) -> str:
        value = self.cleaned_data["pseudonym"].strip().lower()
        if any(ch not in HEX for ch in value):
            raise ValidationError(_("Een pseudoniem bestaat alleen uit de tekens 0-9 en a-f."))
        return value
