"""A policy officer builds two scenarios from the current rules, runs and compares them in a real browser
(axe-core on every page), on the reference plans imported and settled."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sectorplannen.finance.services import plans_to_settle, run_settlements
from sectorplannen.workflow.reference import import_reference

from .walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_policy_officer_builds_runs_and_compares_scenarios(live_server, browser, users, tmp_path):
    import_reference()
    run_settlements(plans_to_settle(), dt.date(2019, 6, 1))
    officer = Walker(browser, live_server.url, tmp_path)
    page = officer.page
    officer.login("policy_officer")
    officer.click("Simulatie", role="link")
    assert page.get_by_role("heading", name="Regelingsvarianten simuleren").is_visible()

    officer.click("Opslaan en doorrekenen")  # empty: the error summary, nothing stored
    assert page.locator("[data-error-summary]").first.is_visible()

    page.get_by_label("Korte naam").fill("vast-deel")
    page.get_by_label("Titel").fill("Vast deel overhead")
    page.get_by_label("Waarom deze versie").fill("Les 13: kleine plannen")
    page.get_by_label("Vast deel van de overhead per plan (euro)").fill("50000")
    officer.click("Opslaan en doorrekenen")
    page.wait_for_url(re.compile(r"/simulatie/vergelijken/\?s=vast-deel"))
    assert "gedrag is niet aangenomen" in page.get_by_test_id("basis-note").inner_text()
    assert "tot op de cent terug" in page.get_by_test_id("basis-note").inner_text()
    assert page.get_by_test_id("totals").get_by_role("columnheader", name="Vast deel overhead").is_visible()

    officer.goto("/simulatie/")
    page.get_by_label("Korte naam").fill("plantotaal")
    page.get_by_label("Titel").fill("Drempel op het plantotaal")
    page.get_by_label("Waarom deze versie").fill("Les 15")
    page.get_by_label("Deelnemersdrempel beoordelen").select_option("plan")
    officer.click("Opslaan en doorrekenen")
    page.wait_for_url(re.compile(r"\?s=plantotaal"))

    officer.goto("/simulatie/")
    page.get_by_label("Vast deel overhead").check()
    page.get_by_label("Drempel op het plantotaal").check()
    officer.click("Vergelijken")
    assert page.get_by_test_id("scenario-column").count() == 2
    assert page.locator("figure img").count() == 5  # per scenario distribution and top 20, and the tranches
    assert all(page.locator("figure img").nth(i).evaluate("i => i.complete && i.naturalWidth > 0") for i in range(5))
    assert page.get_by_role("row", name=re.compile("^Plannen met meer")).is_visible()
    assert page.get_by_role("table", name="De 20 plannen met het grootste verschil, en waarom").count() == 2

    officer.click("English", role="button")
    assert page.get_by_role("heading", name="Compare scenarios").is_visible()
    assert "behaviour is not assumed" in page.get_by_test_id("basis-note").inner_text()
    assert not officer.violations, "\n".join(officer.violations)
