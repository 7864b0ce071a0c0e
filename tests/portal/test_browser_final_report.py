"""The project leader fills in the final report in a real browser (axe-core on every page and after
every htmx save), in Dutch and in English; the declaration asks for it where the scheme says so."""

from __future__ import annotations

import re

import pytest

from sectorplannen.qualitative.models import FinalReport
from sectorplannen.qualitative.prefill import plan_frame

from ..qualitative.answers import PLAN_ANSWERS, measure_answers
from .walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def tick(page, prefix, answers):
    for key, value in answers.items():
        for code in value if isinstance(value, list) else [value]:
            page.locator(f"input[name='{prefix}-{key}'][value='{code}']").check()


def test_project_leader_fills_in_the_final_report(live_server, browser, users, granted_plan, tmp_path):
    scheme = granted_plan.scheme
    scheme.parameters = {**scheme.parameters, "final_report": {"required": True}}
    scheme.save()
    leader = Walker(browser, live_server.url, tmp_path)
    a = leader.page
    leader.login("applicant")
    leader.goto(f"/plannen/{granted_plan.pk}/")
    leader.click("Eindrapportage", role="link")
    assert a.get_by_text("De regeling vraagt deze eindrapportage").is_visible()
    leader.click("Beginnen of verder gaan", role="link")

    # block A, then C with an inconsistent answer: the summary gets focus and links to the field
    a.locator("input[name='plan-A1'][value='sector_fund']").check()
    leader.htmx_save("Opslaan en controleren")
    assert a.get_by_text("Dit onderdeel is in orde").is_visible()
    leader.goto(f"/plannen/{granted_plan.pk}/eindrapportage/C/")
    tick(a, "plan", {**PLAN_ANSWERS["C"], "C5": ["none", "personnel"]})
    leader.htmx_save("Opslaan en controleren")
    assert a.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    a.get_by_role("link", name=re.compile("gaat niet samen")).click()
    a.locator("input[name='plan-C5'][value='personnel']").uncheck()
    leader.htmx_save("Opslaan en controleren")
    assert a.get_by_text("Dit onderdeel is in orde").is_visible()

    # block B per measure: the shortfall question only where the measure fell short
    leader.goto(f"/plannen/{granted_plan.pk}/eindrapportage/B/")
    for m in plan_frame(granted_plan).measures:
        tick(a, f"m{m.measure_id}", measure_answers(m.below_plan))
    leader.htmx_save("Opslaan en controleren")
    assert a.get_by_text("Dit onderdeel is in orde").is_visible()
    leader.goto(f"/plannen/{granted_plan.pk}/eindrapportage/D/")
    tick(a, "plan", PLAN_ANSWERS["D"])
    leader.htmx_save("Opslaan en controleren")
    leader.click("Naar het overzicht en indienen", role="link")
    assert a.get_by_text("nog niet compleet").count() == 0
    leader.click("Eindrapportage indienen")
    assert a.get_by_test_id("report-status").inner_text().startswith("Ingediend op")
    assert FinalReport.objects.get(plan=granted_plan).state == "submitted"

    leader.click("English")
    leader.goto(f"/plannen/{granted_plan.pk}/eindrapportage/C/")
    assert a.get_by_role("heading", name=re.compile("Final report")).is_visible()
    assert not leader.violations, "\n".join(leader.violations)
    assert len(leader.checked) >= 5
