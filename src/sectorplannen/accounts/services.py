"""Public interface of the accounts app: users with roles, lock-out after failed logins (django-axes),
TOTP (django-otp), roles granted with four eyes."""

from __future__ import annotations

import base64
import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sectorplannen.audit.services import record
from sectorplannen.organisations.models import Organisation
from sectorplannen.participants.models import LINKAGE_PERMISSION

from .models import Membership, RoleGrant
from .roles import ADMINISTRATOR, LINKAGE_OFFICER, ROLES


class AccountError(ValueError):
    """An account cannot be created as asked (unknown role, missing organisation)."""


def ensure_groups() -> dict[str, Group]:
    """One Django group per role; idempotent. The linkage role gets the participants app's
    permission to create the linkage file (the only export with BSNs); the administrator role may
    unlock accounts, reset second factors and propose and approve role grants in the admin."""
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in ROLES}
    app_label, codename = LINKAGE_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is not None:
        groups[LINKAGE_OFFICER].permissions.add(permission)
    admin_rights = Permission.objects.filter(
        Q(content_type__app_label="axes", codename__in=["view_accessattempt", "delete_accessattempt"])
        | Q(content_type__app_label="otp_totp", codename__in=["view_totpdevice", "delete_totpdevice"])
        | Q(content_type__app_label="accounts", codename__in=["view_rolegrant", "add_rolegrant", "change_rolegrant"]))
    groups[ADMINISTRATOR].permissions.add(*admin_rights)
    return groups


@transaction.atomic
def create_user(username: str, *, role: str, password: str, organisations: list[Organisation] | None = None,
                email: str = "", first_name: str = "", last_name: str = "") -> User:
    """Create a user with one role; an applicant must act for at least one organisation."""
    if role not in ROLES:
        raise AccountError(f"Onbekende rol {role!r}; kies uit {', '.join(ROLES)}.")
    if role == "applicant" and not organisations:
        raise AccountError("Een aanvrager hoort bij ten minste één organisatie (--organisation).")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"Gebruiker {username!r} bestaat al.")
    user = User.objects.create_user(username, email=email, password=password, first_name=first_name,
                                    last_name=last_name)
    user.groups.add(ensure_groups()[role])
    if role == "administrator":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    for org in organisations or []:
        Membership.objects.get_or_create(user=user, organisation=org)
    record("user_created", actor=None, username=username, role=role,
           organisations=[o.pk for o in organisations or []])
    return user


def organisations_of(user) -> list[int]:
    return list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


# -- lock-out (django-axes) ---------------------------------------------------------------------

def lock_records(username: str):
    """The lock-out records (axes ``AccessAttempt``) of a user name."""
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(username=username.strip().lower())


def is_locked(username: str) -> dt.datetime | None:
    """The moment the lock ends, or None when the name may try to log in."""
    cool_off = settings.AXES_COOLOFF_TIME
    attempt = (lock_records(username).filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
               .order_by("-attempt_time").first())
    if attempt and attempt.attempt_time + cool_off > timezone.now():
        return attempt.attempt_time + cool_off
    return None


def register_failure(request, username: str) -> dt.datetime | None:
    """Count a failed second step like a failed password (axes records it through Django's signal);
    returns the end of the lock when this failure locks the name."""
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    until = is_locked(username)
    if until:
        record("login_locked", actor=None, username=username.lower())
    return until


def clear_failures(username: str) -> None:
    from axes.utils import reset

    reset(username=username.strip().lower())


# -- second factor (django-otp) ------------------------------------------------------------------

def device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-id").first()


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it (base32)."""
    return base64.b32encode(device.bin_key).decode()


def start_totp_enrolment(user) -> TOTPDevice:
    """A fresh unconfirmed secret (replacing an unconfirmed one)."""
    device = device_of(user)
    if device is not None and device.confirmed:
        return device
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def provisioning_uri(device: TOTPDevice) -> str:
    return device.config_url


def verify_totp(device: TOTPDevice, code: str) -> bool:
    """Accept the current code (±1 step for clock drift), each time step only once (django-otp)."""
    code = (code or "").strip().replace(" ", "")
    return code.isdigit() and device.verify_token(code)


def confirm_totp(device: TOTPDevice, code: str) -> bool:
    if verify_totp(device, code):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record("totp_enrolled", actor=device.user)
        return True
    return False


# -- roles with four eyes ------------------------------------------------------------------------

class RoleGrantRefused(AccountError):
    """A role grant cannot be approved (by the one who proposed it, or not proposed any more)."""


@transaction.atomic
def approve_role_grant(grant: RoleGrant, approver) -> RoleGrant:
    """Give the proposed role; only another person than the one who proposed it may approve."""
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.decision != "proposed":
        raise RoleGrantRefused(f"Deze toekenning is al {grant.get_decision_display()}.")
    if grant.requested_by_id == approver.pk:
        raise RoleGrantRefused("Vier ogen: wie de rol voorstelde, kan hem niet zelf toekennen.")
    grant.user.groups.add(ensure_groups()[grant.role])
    if grant.role == ADMINISTRATOR and not grant.user.is_staff:
        grant.user.is_staff = True
        grant.user.save(update_fields=["is_staff"])
    grant.decision, grant.approved_by, grant.decided_at = "approved", approver, timezone.now()
    grant.save(update_fields=["decision", "approved_by", "decided_at"])
    record("role_granted", actor=approver, username=grant.user.username, role=grant.role,
           proposed_by=grant.requested_by.username)
    return grant
