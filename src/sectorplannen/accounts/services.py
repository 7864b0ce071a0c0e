"""Public interface of the accounts app: users with roles, lock-out after failed logins, TOTP."""

from __future__ import annotations

import datetime as dt

import pyotp
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone

from sectorplannen.audit.services import record
from sectorplannen.organisations.models import Organisation
from sectorplannen.participants.models import LINKAGE_PERMISSION

from .models import LoginLock, Membership, TOTPDevice
from .roles import LINKAGE_OFFICER, ROLES

TOTP_ISSUER = "Sectorplannen"


class AccountError(ValueError):
    """An account cannot be created as asked (unknown role, missing organisation)."""


def ensure_groups() -> dict[str, Group]:
    """One Django group per role; idempotent. The linkage role gets the participants app's
    permission to create the linkage file (the only export with BSNs)."""
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in ROLES}
    app_label, codename = LINKAGE_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is not None:
        groups[LINKAGE_OFFICER].permissions.add(permission)
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


# -- lock-out ------------------------------------------------------------------------------------

def is_locked(username: str) -> dt.datetime | None:
    """The moment the lock ends, or None when the name may try to log in."""
    lock = LoginLock.objects.filter(username=username.lower()).first()
    if lock and lock.locked_until and lock.locked_until > timezone.now():
        return lock.locked_until
    return None


def register_failure(username: str) -> dt.datetime | None:
    """Count a failed login; returns the end of the lock when this failure locks the name."""
    now = timezone.now()
    window = dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    lock, _ = LoginLock.objects.get_or_create(username=username.lower())
    if lock.last_failure_at and now - lock.last_failure_at > window:
        lock.failures = 0
    lock.failures += 1
    lock.last_failure_at = now
    if lock.failures >= settings.LOGIN_MAX_FAILURES:
        lock.locked_until = now + window
        lock.failures = 0
    lock.save()
    if lock.locked_until and lock.locked_until > now:
        record("login_locked", actor=None, username=username.lower())
        return lock.locked_until
    return None


def clear_failures(username: str) -> None:
    LoginLock.objects.filter(username=username.lower()).delete()


# -- second factor -------------------------------------------------------------------------------

def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_totp_enrolment(user) -> TOTPDevice:
    """A fresh unconfirmed secret (replacing an unconfirmed one)."""
    device, created = TOTPDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    if not created and not device.confirmed:
        device.secret = pyotp.random_base32()
        device.save(update_fields=["secret"])
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name=TOTP_ISSUER)


def verify_totp(device: TOTPDevice, code: str) -> bool:
    """Accept the current code (±1 step for clock drift), each time step only once."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit():
        return False
    totp = pyotp.TOTP(device.secret)
    now = timezone.now()
    for offset in (0, -1, 1):
        at = now + dt.timedelta(seconds=offset * totp.interval)
        step = totp.timecode(at)
        if step > device.last_used_step and totp.verify(code, for_time=at, valid_window=0):
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return True
    return False


def confirm_totp(device: TOTPDevice, code: str) -> bool:
    if verify_totp(device, code):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record("totp_enrolled", actor=device.user)
        return True
    return False
