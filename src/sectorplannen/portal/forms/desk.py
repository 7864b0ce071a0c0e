"""The agency desk's forms: the assessment per measure, notes for the second pair of eyes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm

from .common import MONEY


class AssessmentForm(PortalForm):
    """The verdict on one measure (prefix = measure code)."""

    verdict = forms.ChoiceField(label=_("Oordeel"), widget=forms.RadioSelect, initial="approve", choices=[
        ("approve", _("Goedkeuren")), ("reduce", _("Verlagen")), ("refuse", _("Afwijzen"))])
    planned_participants = forms.IntegerField(label=_("Deelnemers (bij verlagen)"), min_value=0, required=False)
    planned_costs_eur = forms.DecimalField(label=_("Kosten in euro (bij verlagen)"), required=False, **MONEY)
    reason = forms.CharField(label=_("Motivering"), required=False, max_length=300,
                             help_text=_("Verplicht bij verlagen of afwijzen."))

    def clean(self):
        d = super().clean()
        if d.get("verdict") in ("reduce", "refuse") and not d.get("reason"):
            self.add_error("reason", _("Geef de reden van het verlagen of afwijzen."))
        nothing_reduced = d.get("planned_costs_eur") is None and d.get("planned_participants") is None
        if d.get("verdict") == "reduce" and nothing_reduced:
            self.add_error("planned_costs_eur", _("Vul bij verlagen de nieuwe kosten of deelnemers in."))
        return d


class ProposalNoteForm(PortalForm):
    note = forms.CharField(label=_("Toelichting voor de tweede beoordelaar"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(PortalForm):
    outcome = forms.CharField(label=_("Waarom stuurt u het voorstel terug?"), widget=forms.Textarea(attrs={"rows": 3}))




class RefusalForm(PortalForm):
    """The refusal of an application: a reason at each ground (rule) it rests on."""

    note = forms.CharField(label=_("Toelichting voor de tweede beoordelaar"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, grounds: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.grounds = grounds
        for code, text in grounds.items():
            self.fields[f"ground_{code}"] = forms.CharField(
                label=text, required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Leeg laten als deze grond niet van toepassing is."))

    def clean(self):
        d = super().clean()
        if not any((d.get(f"ground_{code}") or "").strip() for code in self.grounds):
            raise ValidationError(_("Geef bij ten minste één grond de reden van de afwijzing."))
        return d

    def reasons(self) -> list[dict]:
        return [{"ground": code, "label": str(text), "text": self.cleaned_data[f"ground_{code}"].strip()}
                for code, text in self.grounds.items() if self.cleaned_data.get(f"ground_{code}", "").strip()]


class StepReasonForm(PortalForm):
    """A reason with a step (withdrawal, lapse, a new settlement version)."""

    reason = forms.CharField(label=_("Reden"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class ConfirmForm(PortalForm):
    """No fields: the button confirms the step."""
