"""Authentication by token, scopes per operation, the rate limit per token and the audit of every use."""

from __future__ import annotations

import structlog
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from sectorplannen.audit.services import record

from . import tokens
from .models import Scope

log = structlog.get_logger("sectorplannen.audit")
#: A token's reads are stored as an audit row at most once per this many seconds (ADR 020).
READ_AUDIT_SECONDS = 60


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer sp_…``; the request acts as the token's user, for the token's organisation."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Geef de sleutel als 'Authorization: Bearer <sleutel>'."))
        token = tokens.authenticate(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("De sleutel is onbekend, verlopen of ingetrokken."))
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Een API-sleutel (zie docs/api.md)."}


def required_scope(request, view) -> str:
    """``participants`` where a view says so; otherwise ``read`` for reading and ``write`` for changing."""
    scope = getattr(view, "required_scope", None)
    if scope:
        return scope
    return Scope.READ if request.method in permissions.SAFE_METHODS else Scope.WRITE


class HasScope(permissions.BasePermission):
    """The token carries the scope the operation needs; every authenticated use is audited."""

    def has_permission(self, request, view):
        token = request.auth
        if token is None:
            raise exceptions.NotAuthenticated(_("Geef een API-sleutel mee (Authorization: Bearer <sleutel>)."))
        scope = required_scope(request, view)
        _audit(request, token, scope)
        if scope not in token.scopes:
            self.message = _("Deze sleutel heeft de bevoegdheid '%(scope)s' niet.") % {"scope": Scope(scope).label}
            return False
        return True


def _audit(request, token, scope: str) -> None:
    """Every use is in the audit log (one line per request). A change (any method but GET/HEAD/OPTIONS)
    is also an audit row each time; a token's reads are a row once per ``READ_AUDIT_SECONDS``, together
    with ``last_used_at``: an insert and its commit per read cost more than the read itself (ADR 020).
    What a read shows of people (participants, files) has its own audit row in the view."""
    now = timezone.now()
    # The path holds ids only (no personal data is ever in an API path or query string).
    context = {"token": token.pk, "method": request.method, "path": request.path, "scope": scope}
    if request.method not in permissions.SAFE_METHODS:
        record("api_token_used", actor=request.user, **context)
        return
    last = token.last_used_at
    if (last is None or (now - last).total_seconds() >= READ_AUDIT_SECONDS) and type(token).objects.filter(
            pk=token.pk, last_used_at=last).update(last_used_at=now):  # one of concurrent requests wins
        record("api_token_used", actor=request.user, **context)
    else:
        log.info("api_token_used", actor=request.user.get_username(), **context)


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per token per period (``REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['token']``)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
