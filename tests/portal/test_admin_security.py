"""Finding 7 of the security review: the admin has the portal's lock-out, rate limit and second
factor (its login is the portal's), and the administrator role can do in the admin what docs/web.md
promises: unlock an account, reset a second factor, and grant roles with four eyes."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from sectorplannen.accounts import services
from sectorplannen.accounts.models import RoleGrant
from sectorplannen.audit.models import AuditEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
ADMIN = "/admin/"


def _portal_login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _enrol(user):
    device = services.start_totp_enrolment(user)
    assert services.confirm_totp(device, pyotp.TOTP(services.totp_secret(device)).now())
    return device


def test_the_admin_login_is_the_portals_login(users):
    client = Client()
    r = client.get("/admin/login/?next=/admin/participants/")
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:login"))
    assert "next=/admin/participants/" in r.url
    r = client.post("/admin/login/", {"username": "administrator", "password": PASSWORD})
    assert r.status_code == 302 and client.get(ADMIN).status_code == 302  # no login by the admin's own form
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_lock_the_account_for_the_admin_too(users, settings):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _portal_login(client, "administrator", "fout")
    r = _portal_login(client, "administrator")
    assert r.status_code == 200 and "geblokkeerd" in r.content.decode()
    assert client.get(ADMIN).status_code == 302
    assert client.post("/admin/login/", {"username": "administrator", "password": PASSWORD}).status_code == 302
    assert client.get(ADMIN).status_code == 302


def test_the_admin_needs_the_second_factor(users):
    _enrol(users["administrator"])
    client = Client()
    client.force_login(users["administrator"])  # password only: no second factor in this session
    assert client.get(ADMIN).status_code == 302
    client = Client()
    assert _portal_login(client, "administrator").url == reverse("accounts:code")
    device = services.device_of(users["administrator"])
    device.last_t = -1
    device.save()
    client.post(reverse("accounts:code"), {"code": pyotp.TOTP(services.totp_secret(device)).now()})
    assert client.get(ADMIN).status_code == 200


def _admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_administrator_unlocks_an_account(users, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _portal_login(Client(), "assessor", "fout")
    assert services.is_locked("assessor")
    admin = _admin_client(users["administrator"])
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    attempt = services.lock_records("assessor").get()
    r = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert r.status_code == 302 and not services.is_locked("assessor")
    assert AuditEvent.objects.filter(event="account_unlocked", context__username="assessor").exists()
    assert _portal_login(Client(), "assessor").status_code == 302


def test_an_administrator_resets_a_second_factor_without_seeing_it(users):
    device = _enrol(users["assessor"])
    admin = _admin_client(users["administrator"])
    page = admin.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert device.key not in page and services.totp_secret(device) not in page
    r = admin.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert r.status_code == 302 and not services.has_confirmed_totp(users["assessor"])
    assert AuditEvent.objects.filter(event="totp_reset", context__username="assessor").exists()


def test_granting_a_role_takes_two_administrators(users):
    from sectorplannen.accounts.services import create_user

    second = create_user("administrator2", role="administrator", password=PASSWORD)
    first = _admin_client(users["administrator"])
    # No direct change of a user's groups in the admin.
    assert first.get(reverse("admin:auth_user_change", args=[users["evaluator"].pk])).status_code == 403
    r = first.post(reverse("admin:accounts_rolegrant_add"), {"user": users["evaluator"].pk, "role": "assessor"})
    assert r.status_code == 302, r.content.decode()[:2000]
    grant = RoleGrant.objects.get()
    assert grant.requested_by == users["administrator"] and grant.decision == "proposed"
    assert not users["evaluator"].groups.filter(name="assessor").exists()
    changelist = reverse("admin:accounts_rolegrant_changelist")
    first.post(changelist, {"action": "approve", "_selected_action": [grant.pk]})
    grant.refresh_from_db()
    assert grant.decision == "proposed"  # not by the one who asked
    _admin_client(second).post(changelist, {"action": "approve", "_selected_action": [grant.pk]})
    grant.refresh_from_db()
    assert grant.decision == "approved" and grant.approved_by == second
    assert users["evaluator"].groups.filter(name="assessor").exists()
    assert AuditEvent.objects.filter(event="role_granted", context__role="assessor").exists()


def test_other_roles_have_no_admin(users):
    for role in ("assessor", "applicant", "linkage_officer"):
        assert _admin_client(users[role]).get(ADMIN).status_code == 302
    assert Group.objects.get(name="administrator").permissions.filter(codename="delete_accessattempt").exists()
