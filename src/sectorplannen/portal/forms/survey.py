"""The project leader's contact person for a partner organisation without portal users."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm


class SurveyContactForm(PortalForm):
    organisation = forms.ChoiceField(label=_("Partnerorganisatie"))
    name = forms.CharField(label=_("Naam contactpersoon"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres contactpersoon"),
                             help_text=_("Alleen voor de link naar de enquête; de mail noemt niets dan deze naam."))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, prefix="contact", **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in self.organisations.items()]

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]
