"""The applicant's advance request and the assessor's refusal of one (issue 18)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm


class AdvanceRequestForm(PortalForm):
    """The standard advance (what the scheme's schedule allows today) or an amount of one's own."""

    choice = forms.ChoiceField(label=_("Welk voorschot vraagt u?"), widget=forms.RadioSelect, initial="standard",
                               choices=[("standard", _("Het standaardvoorschot volgens het voorschotschema")),
                                        ("amount", _("Een ander bedrag"))])
    amount_eur = forms.DecimalField(label=_("Bedrag in euro (bij een ander bedrag)"), required=False, max_digits=14,
                                    decimal_places=2, min_value=Decimal("0.01"))
    reason = forms.CharField(label=_("Waarvoor heeft u het voorschot nodig?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        d = super().clean()
        if d.get("choice") == "amount" and d.get("amount_eur") is None and "amount_eur" not in self.errors:
            self.add_error("amount_eur", _("Vul het bedrag in dat u vraagt, of kies het standaardvoorschot."))
        return d

    def transition_data(self) -> dict:
        d = self.cleaned_data
        standard = d["choice"] == "standard"
        return {"standard": standard, "amount_eur": None if standard else d["amount_eur"], "reason": d["reason"]}


class AdvanceRefusalForm(PortalForm):
    reason = forms.CharField(label=_("Waarom wordt het voorschot niet verleend? (de aanvrager leest dit)"),
                             required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
