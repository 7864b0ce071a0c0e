"""Login with password, an optional second factor (TOTP, django-otp) and lock-out after failed attempts
(django-axes). The admin's login comes here too (admin_site.py)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from sectorplannen.audit.services import record

from . import services
from .forms import CodeForm, LoginForm
from .ratelimit import allow
from .roles import AGENCY_ROLES, has_role

PENDING = "accounts_pending_user"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _locked_message(until) -> str:
    local = timezone.localtime(until)
    return _("Te veel mislukte pogingen. Dit account is geblokkeerd tot %(time)s.") % {
        "time": date_format(local, "H:i")}


def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        if not allow(request, "login", settings.RATE_LIMIT_LOGIN):
            form.add_error(None, _("Te veel aanmeldpogingen vanaf dit adres. Probeer het over een minuut opnieuw."))
            return render(request, "portal/accounts/login.html", {"form": form}, status=429)
        if form.is_valid():
            username = form.cleaned_data["username"]
            until = services.is_locked(username)
            user = None if until else authenticate(request, username=username, password=form.cleaned_data["password"])
            if until:
                form.add_error(None, _locked_message(until))
            elif user is None:
                until = services.is_locked(username)  # axes counted the failure (Django's signal)
                if until:
                    record("login_locked", actor=None, username=username.lower())
                form.add_error(None, _locked_message(until) if until else
                               _("De combinatie van gebruikersnaam en wachtwoord is onbekend."))
            else:
                services.clear_failures(username)
                if services.has_confirmed_totp(user):
                    request.session[PENDING] = user.pk
                    request.session["accounts_next"] = _next_url(request)
                    return redirect("accounts:code")
                login(request, user)
                record("login", actor=user, second_factor=False)
                return redirect(_next_url(request))
    return render(request, "portal/accounts/login.html", {"form": form, "next": request.GET.get("next", "")})


def code_view(request):
    """Second step for users with a confirmed TOTP device."""
    user_id = request.session.get(PENDING)
    if not user_id:
        return redirect("accounts:login")
    user = get_user_model().objects.get(pk=user_id)
    device = services.device_of(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        until = services.is_locked(user.username)
        if until:
            form.add_error("code", _locked_message(until))
        elif device is not None and services.verify_totp(device, form.cleaned_data["code"]):
            services.clear_failures(user.username)
            target = request.session.pop("accounts_next", settings.LOGIN_REDIRECT_URL)
            request.session.pop(PENDING, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)  # the session used the second factor (the admin asks for it)
            record("login", actor=user, second_factor=True)
            return redirect(target)
        else:
            until = services.register_failure(request, user.username)
            form.add_error("code", _locked_message(until) if until else _("Deze code klopt niet of is al gebruikt."))
    return render(request, "portal/accounts/code.html", {"form": form})


@login_required
def totp_setup_view(request):
    """Agency staff enrol an authenticator app: show the secret, confirm with a first code."""
    if not has_role(request.user, *AGENCY_ROLES):
        raise PermissionDenied(_("Een tweede factor is er voor medewerkers van de uitvoering en het ministerie."))
    device = services.device_of(request.user)
    if device is not None and device.confirmed:
        return render(request, "portal/accounts/totp_done.html", {})
    if device is None or request.method == "GET":
        device = services.start_totp_enrolment(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp(device, form.cleaned_data["code"]):
            messages.success(request, _("Uw tweede factor is ingesteld. Vanaf nu vragen we bij het aanmelden "
                                        "om een code."))
            return redirect("portal:home")
        form.add_error("code", _("Deze code klopt niet. Controleer de tijd op uw telefoon en probeer opnieuw."))
    plain = services.totp_secret(device)
    secret = " ".join(plain[i:i + 4] for i in range(0, len(plain), 4))
    uri = services.provisioning_uri(device)
    return render(request, "portal/accounts/totp_setup.html",
                  {"form": form, "secret": secret, "uri": uri, "qr_data_uri": qr_data_uri(uri)})


def qr_data_uri(text: str) -> str:
    """A QR code as an SVG data: URI for an <img> (the CSP allows data: images, no inline styles)."""
    return segno.make_qr(text, error="m").svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record("logout", actor=request.user)
    logout(request)
    messages.info(request, _("U bent afgemeld."))
    return redirect("accounts:login")
