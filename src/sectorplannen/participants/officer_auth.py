"""The linkage officer proves who they are before the linkage file (BSNs) is made on the command
line: password and a code of their second factor, with the portal's lock-out (django-axes counts
every failure through Django's ``user_login_failed`` signal). Why here and not in accounts: this app
may not import accounts (layers); it uses Django's authentication and django-otp directly."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django_otp import devices_for_user

from sectorplannen.audit.services import record


class OfficerNotAuthenticated(PermissionError):
    """Password or code wrong, account locked, or no second factor set up."""


def _cli_request() -> HttpRequest:
    request = HttpRequest()
    request.method = "POST"
    request.path = request.path_info = "/cli/linkage-export"
    request.META = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "sectorplannen linkage export"}
    return request


def authenticate_officer(username: str, password: str, code: str):
    """The user, when ``password`` and the second-factor ``code`` are theirs and the account is not
    locked; otherwise ``OfficerNotAuthenticated`` (audit-logged, and counted towards the lock-out)."""
    request = _cli_request()
    user = authenticate(request, username=username, password=password)
    if user is None:
        record("linkage_authentication_failed", actor=None, username=username, reason="password_or_locked")
        raise OfficerNotAuthenticated("wachtwoord onjuist of account geblokkeerd")
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        record("linkage_authentication_failed", actor=user, reason="no_second_factor")
        raise OfficerNotAuthenticated("er is geen tweede factor ingesteld (stel die in het portaal in)")
    digits = (code or "").strip().replace(" ", "")
    if not (digits.isdigit() and any(d.verify_token(digits) for d in devices)):
        user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
        record("linkage_authentication_failed", actor=user, reason="code")
        raise OfficerNotAuthenticated("de code van de tweede factor klopt niet of is al gebruikt")
    return user
