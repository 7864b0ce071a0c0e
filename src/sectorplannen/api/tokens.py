"""API tokens: made by a person for one system, with scopes and an expiry; revoked; every use audited.

The secret is ``sp_<prefix>_<random>``; only its SHA-256 is stored (the secret has 256 bits of
randomness, so a plain hash suffices and a rotated SECRET_KEY does not invalidate tokens).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.roles import APPLICANT, EMPLOYER, has_role
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Reason, Refused

from .models import ApiToken, Scope

__all__ = ["authenticate", "can_manage_tokens", "create_token", "revoke_token", "tokens_of"]

MAX_DAYS = 365


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def can_manage_tokens(user, obj=None) -> tuple[bool, str]:
    """Who may make tokens: the permission function the portal's navigation asks too."""
    return perm.can_manage_api_tokens(user, obj)


def create_token(user, *, name: str, scopes: list[str], days: int, organisation=None) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once). An applicant's or employer's token belongs to one of their
    organisations."""
    ok, why = can_manage_tokens(user)
    if not ok:
        raise Refused(Reason("not_allowed", why))
    problems = []
    if not scopes or set(scopes) - set(Scope.values):
        problems.append(Reason("scope_invalid", _("Kies een of meer bevoegdheden: lezen, schrijven, deelnemers.")))
    if not 1 <= days <= MAX_DAYS:
        problems.append(Reason("expiry_invalid", _("Een sleutel is 1 tot %(max)s dagen geldig.") % {"max": MAX_DAYS}))
    if has_role(user, APPLICANT, EMPLOYER):
        if organisation is None or not user.memberships.filter(organisation=organisation).exists():
            problems.append(Reason("organisation_invalid", _("Kies een organisatie waarvoor u werkt.")))
    else:
        organisation = None
    if problems:
        raise Refused(problems)
    prefix = secrets.token_hex(4)
    secret = f"sp_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(name=name, user=user, organisation=organisation, prefix=prefix,
                                    key_hash=_hash(secret), scopes=sorted(set(scopes)),
                                    expires_at=timezone.now() + dt.timedelta(days=days))
    record("api_token_created", actor=user, token=token.pk, scopes=token.scopes, days=days)
    return token, secret


def tokens_of(user):
    return ApiToken.objects.filter(user=user).select_related("organisation")


def revoke_token(token: ApiToken, user) -> None:
    if token.user_id != user.pk:
        raise Refused(Reason("not_allowed", _("U kunt alleen uw eigen sleutels intrekken.")))
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), user
        token.save(update_fields=["revoked_at", "revoked_by"])
        record("api_token_revoked", actor=user, token=token.pk)


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, its user's reach narrowed to the token's organisation."""
    if not secret.startswith("sp_"):
        return None
    try:  # one query on the unique index of the hash, the user and the organisation joined
        token = ApiToken.objects.select_related("user", "organisation").get(key_hash=_hash(secret))
    except ApiToken.DoesNotExist:
        return None
    if not token.active or not token.user.is_active:
        return None
    user = token.user
    if token.organisation_id is not None:
        # The permission functions read the user's organisations from this cache: the token acts for one.
        user._org_cache = {token.organisation_id}
    return token
