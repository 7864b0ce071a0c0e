"""The API's portal pages in a real browser: an applicant makes a token (shown once) and reads the
documentation in Swagger UI, with the portal's Content-Security-Policy unchanged (no violation)."""

from __future__ import annotations

import os

import pytest

from sectorplannen.api.models import ApiToken
from sectorplannen.api.tokens import authenticate

from ..portal.walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_token_is_made_and_the_documentation_shown_under_the_csp(live_server, browser, users, tmp_path):
    applicant = Walker(browser, live_server.url, tmp_path)
    csp = []
    applicant.page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    applicant.login("applicant")
    applicant.goto("/api-sleutels/")
    page = applicant.page
    page.get_by_label("Naam van het systeem").fill("Ledenadministratie")
    page.get_by_label("Organisatie").select_option(index=1)
    page.get_by_label("schrijven").check()
    page.get_by_role("button", name="Sleutel maken").click()
    secret = page.locator("[data-secret]").inner_text()
    token = authenticate(secret)
    assert token is not None and token.scopes == ["read", "write"] and token.user == users["applicant"]
    page.goto(live_server.url + "/api-documentatie/")
    page.locator(".opblock-tag", has_text="plannen").first.wait_for(timeout=60000)
    page.locator("select#servers[aria-label]").wait_for()
    applicant.check()  # axe once Swagger UI has drawn: its colours and controls are checked too
    assert page.locator(".opblock").count() > 10
    assert csp == [], csp
    assert applicant.violations == [], applicant.violations
    applicant.goto("/api-sleutels/")
    page.get_by_role("button", name="Intrekken").click()
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert authenticate(secret) is None
