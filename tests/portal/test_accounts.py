"""Login, second factor, lock-out, rate limits, security headers, sessions and the user commands."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pyotp
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sectorplannen.accounts.models import Membership
from sectorplannen.accounts.roles import ROLES
from sectorplannen.accounts.services import device_of, is_locked, lock_records, start_totp_enrolment, totp_secret
from sectorplannen.audit.models import AuditEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/aanmelden/"


def post_login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_sends_each_role_to_its_start_page(client, users):
    expected = {"applicant": "portal:my_plans", "assessor": "portal:queue", "evaluator": "portal:evaluation",
                "administrator": "portal:system_audit"}
    for role, page in expected.items():
        client.logout()
        assert post_login(client, role).status_code == 302
        assert client.get(reverse("portal:home")).url == reverse(page)
    assert AuditEvent.objects.filter(event="login").count() == len(expected)


def test_five_failures_lock_the_account_for_fifteen_minutes(client, users, settings):
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        r = post_login(client, "assessor", "fout")
        assert "onbekend" in r.content.decode()
    r = post_login(client, "assessor", "fout")
    assert "geblokkeerd tot" in r.content.decode()
    r = post_login(client, "assessor")  # the right password does not help while locked
    assert r.status_code == 200 and "geblokkeerd" in r.content.decode()
    locked_until = is_locked("assessor")  # the lock-out itself is django-axes's
    assert dt.timedelta(minutes=14) < locked_until - timezone.now() <= dt.timedelta(minutes=15)
    lock_records("assessor").update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1))
    assert post_login(client, "assessor").status_code == 302
    assert not lock_records("assessor").exists()


def test_login_rate_limit_per_address(client, users, settings):
    settings.RATE_LIMIT_LOGIN = (2, 60)
    post_login(client, "x", "y")
    post_login(client, "x", "y")
    r = post_login(client, "applicant")
    assert r.status_code == 429 and "Te veel aanmeldpogingen" in r.content.decode()


def test_totp_page_shows_the_secret_as_qr_code(client, users):
    """The otpauth:// URI as a QR code: an SVG data: URI in an <img> with alt text (the CSP allows data: images)."""
    import html
    import re
    from urllib.parse import unquote

    post_login(client, "assessor")
    r = client.get(reverse("accounts:totp_setup"))
    page = r.content.decode()
    device = device_of(users["assessor"])
    img = re.search(r'<img src="(data:image/svg\+xml[^"]+)" alt="([^"]+)" data-testid="totp-qr">', page)
    assert img and "QR-code" in img.group(2)
    svg = unquote(html.unescape(img.group(1)).split(",", 1)[1])
    assert svg.startswith("<svg") and "<path" in svg and "style=" not in svg and "<script" not in svg
    assert "img-src 'self' data:" in r["Content-Security-Policy"]
    from sectorplannen.accounts.services import provisioning_uri
    from sectorplannen.accounts.views import qr_data_uri

    device.refresh_from_db()
    assert html.unescape(img.group(1)) == qr_data_uri(provisioning_uri(device))  # the QR code of this secret
    assert totp_secret(device)[:4] in page


def test_totp_enrolment_and_second_step(client, users):
    post_login(client, "assessor")
    page = client.get(reverse("accounts:totp_setup")).content.decode()
    device = device_of(users["assessor"])
    assert totp_secret(device)[:4] in page and not device.confirmed
    r = client.post(reverse("accounts:totp_setup"), {"code": pyotp.TOTP(totp_secret(device)).now()})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    r = post_login(client, "assessor")
    assert r.url == reverse("accounts:code")
    assert client.get(reverse("portal:queue")).status_code == 302  # not logged in yet
    assert "klopt niet" in client.post(reverse("accounts:code"), {"code": "000000"}).content.decode()
    device.last_t = -1  # the code of this time step was used for the enrolment
    device.save()
    r = client.post(reverse("accounts:code"), {"code": pyotp.TOTP(totp_secret(device)).now()})
    assert r.status_code == 302 and client.get(reverse("portal:queue")).status_code == 200
    assert AuditEvent.objects.filter(event="login", context__second_factor=True).exists()


def test_a_totp_code_is_accepted_only_once(users):
    from sectorplannen.accounts.services import confirm_totp, verify_totp

    device = start_totp_enrolment(users["policy_officer"])
    code = pyotp.TOTP(totp_secret(device)).now()
    assert confirm_totp(device, code)
    assert not verify_totp(device, code)


def test_applicants_cannot_enrol_a_second_factor(client, users):
    post_login(client, "applicant")
    assert client.get(reverse("accounts:totp_setup")).status_code == 403


def test_logout_is_post_only(client, users):
    post_login(client, "applicant")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("portal:my_plans")).status_code == 302


def test_security_headers_and_cookies(client, users, settings):
    r = client.get(LOGIN)
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert "<script>" not in r.content.decode()  # no inline scripts (only <script src=…>)
    post_login(client, "applicant")
    assert client.get(reverse("portal:my_plans"))["Cache-Control"] == "no-store"
    assert settings.SESSION_COOKIE_SECURE and settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_AGE <= 60 * 60


def test_csrf_is_enforced(users):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    r = strict.post(LOGIN, {"username": "applicant", "password": PASSWORD})
    assert r.status_code == 403 and "verlopen" in r.content.decode()


def test_pages_are_dutch_by_default_and_english_on_request(client, users):
    assert '<html lang="nl"' in client.get(LOGIN).content.decode()
    r = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN}, follow=True)
    page = r.content.decode()
    assert '<html lang="en"' in page and "Log in" in page and "Username" in page


def test_users_create_command(organisation):
    out = StringIO()
    call_command("users", "create", "jan", "--role", "applicant", "--organisation", organisation.name, stdout=out)
    user = User.objects.get(username="jan")
    assert "Wachtwoord:" in out.getvalue() and user.groups.filter(name="applicant").exists()
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    with pytest.raises(Exception, match="organisatie"):
        call_command("users", "create", "piet", "--role", "applicant", stdout=out)


def test_linkage_officers_may_create_the_linkage_file():
    from sectorplannen.accounts.services import create_user
    from sectorplannen.participants.services import can_export_linkage

    user = create_user("koppel", role="linkage_officer", password=PASSWORD)
    assert can_export_linkage(user)[0]
    assert not can_export_linkage(create_user("beoordelaar", role="assessor", password=PASSWORD))[0]


def test_demo_users_command(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo-users", stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("demo-")]
    assert len(lines) == len(ROLES)  # one per role
    username, password = lines[0].split()
    from django.test import Client

    assert Client().login(username=username, password=password)
