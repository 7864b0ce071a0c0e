"""The partnership's forms: invite an employer, own funding, the plan's setting, and an employer's
dossier (employment details, evidence, claim)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm
from sectorplannen.common.labels import FUNDING_SOURCES, label
from sectorplannen.partnership.models import EvidenceKind
from sectorplannen.partnership.services import DETAIL_FIELDS, evidence_problem

from .common import MONEY


class InviteEmployerForm(PortalForm):
    name = forms.CharField(label=_("Naam van de werkgever"), max_length=200)
    number = forms.CharField(label=_("Loonheffingennummer of KvK-nummer"), max_length=20,
                             help_text=_("Loonheffingennummer: 9 cijfers, L, 2 cijfers. KvK-nummer: 8 cijfers."))


class OwnFundingForm(PortalForm):
    source = forms.ChoiceField(label=_("Bron"))
    employer = forms.ChoiceField(label=_("Werkgever (als een werkgever bijdraagt)"), required=False)
    amount_eur = forms.DecimalField(label=_("Bedrag (euro)"), **MONEY)

    def __init__(self, *args, sources=(), employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s, label(FUNDING_SOURCES, s)) for s in sources]
        self.fields["employer"].choices = [("", "–")] + [(str(e.pk), e.organisation.name) for e in employers]


class PartnershipSettingsForm(PortalForm):
    declaration_from_dossiers = forms.BooleanField(
        label=_("De einddeclaratie neemt deelnemers en kosten over uit de complete dossiers"), required=False)


class DetailsForm(PortalForm):
    def __init__(self, *args, fields=(), initial_details=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in fields:
            self.fields[name] = forms.CharField(label=DETAIL_FIELDS[name], required=False, max_length=100,
                                                initial=(initial_details or {}).get(name, ""))


class EvidenceForm(PortalForm):
    kind = forms.ChoiceField(label=_("Soort bewijsstuk"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("Bestand (PDF, PNG of JPG)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = evidence_problem(upload)  # the service's own check, before anything is stored
        if problem is not None:
            raise ValidationError(problem.message)
        return upload


class ClaimForm(PortalForm):
    costs_eur = forms.DecimalField(label=_("Kosten voor deze deelnemer (euro)"), **MONEY)
