"""Issue 18 in a real browser: the applicant asks for an advance on the plan page (first too much, then
the standard advance), an assessor drafts the decision from the work queue, a second assessor sees what
is decided and approves it; the applicant sees the status, the letter and the message, also in English.
Every page gets the walk's checks (axe, no codes on screen, screenshots at 1280 and 375 px)."""

from __future__ import annotations

import os

import pytest

from sectorplannen.finance.services import advance_room
from sectorplannen.workflow import clock

from .walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_walk_an_advance_request_decided_by_two_agency_users(live_server, browser, users, granted_plan, tmp_path,
                                                             settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = "2014-08-01"  # after the grant of 1 July 2014
    base, plan = live_server.url, f"/plannen/{granted_plan.pk}/"
    standard = advance_room(granted_plan, clock.today()).room_eur
    shown = f"€\xa0{standard:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    applicant = Walker(browser, base, tmp_path, role="aanvrager")
    assessor = Walker(browser, base, tmp_path, role="beoordelaar")
    second = Walker(browser, base, tmp_path, role="tweede-beoordelaar")
    a = applicant.page

    applicant.login("applicant")
    applicant.goto(plan)
    assert a.get_by_test_id("advance-standard").inner_text() == shown
    a.get_by_role("radio", name="Een ander bedrag").check()
    a.get_by_label("Bedrag in euro (bij een ander bedrag)").fill(str(standard + 1))
    a.get_by_label("Waarvoor heeft u het voorschot nodig?").fill("De eerste opleidingen beginnen in september.")
    applicant.click("Voorschot aanvragen")
    assert a.locator("[data-code=advance_above_schedule]").is_visible()
    assert a.get_by_label("Waarvoor heeft u het voorschot nodig?").input_value().startswith("De eerste")  # kept
    a.get_by_label("Het standaardvoorschot volgens het voorschotschema").check()
    applicant.click("Voorschot aanvragen")
    assert a.get_by_test_id("advance-status").first.inner_text() == "ingediend"

    assessor.login("assessor")
    assessor.goto("/werkvoorraad/")
    assessor.click("Voorschotverzoek behandelen", role="link")
    assert assessor.page.get_by_test_id("advance-asked").inner_text().startswith(shown)
    assessor.click("Voorschotbesluit voorbereiden")

    second.login("assessor2")
    second.goto("/voorstellen/")
    second.click(f"voorschot: {granted_plan.name}", role="link")
    s = second.page
    assert s.get_by_test_id("decided-total").inner_text() == shown
    assert s.get_by_test_id("advance-calculation").is_visible() and s.get_by_test_id("advance-balance").is_visible()
    draft = second.context.request.get(base + s.get_by_role("link", name="De brief zoals hij uitgaat (concept, PDF)")
                                       .get_attribute("href"))
    assert draft.ok and draft.body().startswith(b"%PDF")
    second.click("Goedkeuren en besluit nemen")

    applicant.goto(plan)
    assert a.get_by_test_id("advance-status").first.inner_text() == "toegekend"
    href = a.get_by_role("link", name=f"Brief VO-{granted_plan.pk}-1 (PDF)").get_attribute("href")
    letter = applicant.context.request.get(base + href)
    assert letter.ok and letter.body().startswith(b"%PDF")
    applicant.goto("/berichten/")
    assert a.get_by_text("Voorschotverzoek voor").first.is_visible()
    applicant.goto(plan + "logboek/")
    assert a.get_by_test_id("clock-note").is_visible()

    applicant.page.get_by_role("button", name="English").click()
    applicant.page.wait_for_load_state()
    applicant.checked.clear()
    applicant.goto(plan)
    assert a.get_by_test_id("advance-status").first.inner_text() == "granted"

    problems = [p for w in (applicant, assessor, second) for p in w.problems()]
    assert not problems, "\n".join(problems)
