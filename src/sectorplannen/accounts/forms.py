from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm


class LoginForm(PortalForm):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}))
    password = forms.CharField(label=_("Wachtwoord"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodeForm(PortalForm):
    code = forms.CharField(label=_("Code uit uw authenticator-app"), max_length=8,
                           help_text=_("Zes cijfers; de code verandert elke 30 seconden."),
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
