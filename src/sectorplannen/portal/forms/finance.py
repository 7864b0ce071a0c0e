"""Money after the grant: advances, the final declaration, progress reports, the calculator."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm

from .common import MONEY, DateInput
from .uploads import check_upload


class AdvanceForm(PortalForm):
    amount_eur = forms.DecimalField(label=_("Bedrag (euro)"), max_digits=14, decimal_places=2,
                                    min_value=Decimal("0.01"))
    paid_on = forms.DateField(label=_("Betaald op"), widget=DateInput())
    reference = forms.CharField(label=_("Kenmerk"), required=False, max_length=100)


class DeclarationFileForm(PortalForm):
    auditor_statement = forms.FileField(label=_("Accountantsverklaring (PDF)"))

    def clean_auditor_statement(self):
        upload = self.cleaned_data["auditor_statement"]
        check_upload(upload, (".pdf",))
        return upload


class MonthForm(PortalForm):
    month = forms.TypedChoiceField(label=_("Rapportagemoment"), coerce=int)

    def __init__(self, *args, months: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m, _("Na %(m)s maanden") % {"m": m}) for m in months]


class RealisedLineForm(PortalForm):
    """Realised participants and costs of one measure (prefix = measure code)."""

    participants = forms.IntegerField(label=_("Gerealiseerde deelnemers"), min_value=0, required=False)
    youth = forms.IntegerField(label=_("Waarvan jongeren"), min_value=0, required=False)
    costs_eur = forms.DecimalField(label=_("Subsidiabele kosten (euro)"), **MONEY)


class CalculatorForm(PortalForm):
    scheme = forms.ChoiceField(label=_("Regeling"))
    max_subsidy_eur = forms.DecimalField(label=_("Maximale subsidie (euro)"), required=False, **MONEY,
                                         help_text=_("Leeg: geen plafond."))
    advances_paid_eur = forms.DecimalField(label=_("Betaalde voorschotten (euro)"), initial=0, **MONEY)

    def __init__(self, *args, schemes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = schemes  # (code, title): people choose by the title


class CalculatorMeasureForm(PortalForm):
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    type = forms.ChoiceField(label=_("Soort maatregel"), required=False)
    planned_participants = forms.IntegerField(label=_("Geplande deelnemers"), min_value=0, required=False)
    realised_participants = forms.IntegerField(label=_("Gerealiseerde deelnemers"), min_value=0, required=False)
    planned_costs_eur = forms.DecimalField(label=_("Geplande kosten (euro)"), required=False, **MONEY)
    eligible_costs_eur = forms.DecimalField(label=_("Subsidiabele kosten (euro)"), required=False, **MONEY)

    def __init__(self, *args, types: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "—")] + types

    def clean(self):
        d = super().clean()
        if d.get("code") and (not d.get("type") or d.get("planned_costs_eur") is None
                              or d.get("eligible_costs_eur") is None):
            raise ValidationError(_("Vul bij een maatregel ook soort, geplande en subsidiabele kosten in."))
        return d


