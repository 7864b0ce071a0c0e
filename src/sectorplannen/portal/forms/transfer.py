"""The applicant's request to move budget to a neighbouring region's plan (issue 21): one ``transfer_out``
change, the target chosen from the plans the scheme's data names as neighbours."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm

from .common import MONEY, DateInput

#: Which field a refusal of the transfer's checks is about (the rest belong to the whole form).
REFUSAL_FIELDS = {
    "transfer_not_neighbours": "target", "transfer_not_allowed_for_plan": "target",
    "transfer_plan_not_running": "target", "transfer_other_scheme": "target", "transfer_unknown_plan": "target",
    "transfer_exceeds_cap": "amount_eur", "ceiling_exceeded": "amount_eur", "transfer_frees_nothing": "amount_eur",
    "unknown_measure": "measure", "measure_stopped": "measure",
}


class TransferForm(PortalForm):
    reason = forms.CharField(label=_("Reden van de overheveling"), widget=forms.Textarea(attrs={"rows": 3}))
    analysis_date = forms.DateField(label=_("Datum geactualiseerde arbeidsmarktanalyse"), widget=DateInput())
    measure = forms.ChoiceField(label=_("Van maatregel (dit plan)"))
    target = forms.ChoiceField(label=_("Naar plan en maatregel (buurregio)"),
                               help_text=_("Alleen de lopende plannen van buurregio's die de regeling noemt."))
    amount_eur = forms.DecimalField(label=_("Bedrag aan kosten dat overgaat (euro)"), **MONEY)

    def __init__(self, *args, measures: list[str], targets: list[tuple[int, str, str]], **kwargs):
        """``measures``: this plan's active measure codes; ``targets``: (plan id, plan name, measure code)."""
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(c, c) for c in measures]
        self.fields["target"].choices = [(f"{pk}:{code}", f"{name}: {code}") for pk, name, code in targets]

    def clean_amount_eur(self):
        amount = self.cleaned_data["amount_eur"]
        if amount <= Decimal("0"):
            raise ValidationError(_("Het bedrag moet groter dan nul zijn."))
        return amount

    def change(self) -> dict:
        d = self.cleaned_data
        plan_id, code = d["target"].split(":", 1)
        return {"op": "transfer_out", "measure": d["measure"], "amount_eur": str(d["amount_eur"]),
                "to_plan": int(plan_id), "to_measure": code}

    def add_refusals(self, refusals) -> None:
        for refusal in refusals:
            self.add_error(REFUSAL_FIELDS.get(refusal.code), ValidationError(refusal.message, code=refusal.code))
        self.mark_invalid()
