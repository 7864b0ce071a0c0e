"""The glue between the portal's login and django-axes: lock-out per user name (case-insensitive),
the portal's own page when locked, and no lock check for logins without a request (tests and
commands call ``authenticate`` without one; every login over the web passes its request)."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def username_of(request, credentials) -> str | None:
    """The user name a failure counts against: as typed, lower-cased (``Assessor`` is ``assessor``)."""
    name = (credentials or {}).get("username")
    if name is None and request is not None:
        name = request.POST.get("username")
    return name.strip().lower() if isinstance(name, str) else name


def locked_response(request, original_response, credentials):
    """The login page already says the account is locked and until when: keep it."""
    return original_response
