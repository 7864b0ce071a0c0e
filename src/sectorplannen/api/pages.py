"""The portal pages of the API: make and revoke tokens (shown once), and the browsable documentation.

They are served by this app (the portal does not import the API: the two are independent layers)
and look like the portal: they extend its base template.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sectorplannen.accounts.roles import APPLICANT, EMPLOYER, has_role
from sectorplannen.common.errors import Refused
from sectorplannen.common.forms import PortalForm
from sectorplannen.organisations.models import Organisation

from . import tokens
from .models import ApiToken, Scope


class TokenForm(PortalForm):
    name = forms.CharField(label=gettext_lazy("Naam van het systeem"), max_length=100)
    organisation = forms.ModelChoiceField(label=gettext_lazy("Organisatie"), queryset=Organisation.objects.none(),
                                          required=False)
    scopes = forms.MultipleChoiceField(label=gettext_lazy("Bevoegdheden"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple, initial=[Scope.READ])
    days = forms.IntegerField(label=gettext_lazy("Geldig (dagen)"), min_value=1, max_value=tokens.MAX_DAYS,
                              initial=90)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if has_role(user, APPLICANT, EMPLOYER):
            self.fields["organisation"].queryset = Organisation.objects.filter(memberships__user=user)
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]


def _require(answer) -> None:
    if not answer[0]:
        raise PermissionDenied(answer[1])


@login_required
def token_list(request):
    _require(tokens.can_manage_tokens(request.user))
    form = TokenForm(request.POST or None, user=request.user)
    secret, problems = None, []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            token, secret = tokens.create_token(request.user, name=d["name"], scopes=d["scopes"], days=d["days"],
                                                organisation=d.get("organisation"))
        except Refused as refused:
            problems = refused.problems
        else:
            form = TokenForm(user=request.user)
    status = 422 if request.method == "POST" and secret is None else 200
    return render(request, "api/tokens.html", {
        "form": form, "secret": secret, "problems": problems, "tokens": tokens.tokens_of(request.user)},
        status=status)


@login_required
@require_POST
def token_revoke(request, token_id: int):
    _require(tokens.can_manage_tokens(request.user))
    token = get_object_or_404(ApiToken, pk=token_id)
    try:
        tokens.revoke_token(token, request.user)
    except Refused as refused:
        raise PermissionDenied(refused.problems[0]) from None
    messages.success(request, _("De sleutel is ingetrokken; systemen die hem gebruiken worden geweigerd."))
    return redirect("api:tokens")


@login_required
def documentation(request):
    """The OpenAPI document in Swagger UI (vendored; its start script is a static file, so the CSP stays)."""
    return render(request, "api/documentation.html", {})
