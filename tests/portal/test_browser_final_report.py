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


def test_goals_on_the_forms_and_the_evaluators_interview_pages(live_server, browser, users, organisation,  # noqa: F811
                                                               granted_plan, tmp_path):
    from django.urls import reverse

    from sectorplannen.accounts.services import create_user
    from sectorplannen.portal.drafts import new_draft

    from .conftest import PASSWORD

    measure = granted_plan.measures.get()
    measure.goals, measure.mechanism = ["human_capital"], "skills"
    measure.save()
    draft = new_draft(users["applicant"], organisation)
    draft.document = {**draft.document, "tranche": 2}
    draft.save()
    leader = Walker(browser, live_server.url, tmp_path)
    a = leader.page
    leader.login("applicant")
    leader.goto(reverse("portal:draft_step", args=[draft.pk, "maatregelen"]))
    assert a.get_by_role("group", name="Doelen van de maatregel").is_visible()
    leader.goto(f"/plannen/{granted_plan.pk}/")
    assert a.get_by_text("Menselijk kapitaal in de sector vergroten").is_visible()
    leader.goto(reverse("portal:revision_request", args=[granted_plan.pk]))
    assert a.get_by_text("Doelen van de maatregel").first.is_visible()

    create_user("evaluator2", role="evaluator", password=PASSWORD)
    for coder, codes in (("evaluator", ["trust", "urgency"]), ("evaluator2", ["trust"])):
        walker = Walker(browser, live_server.url, tmp_path)
        e = walker.page
        walker.login(coder)
        walker.goto(reverse("portal:interviews"))
        if coder == "evaluator":
            e.get_by_label("Stakeholder (organisatie, geen naam)").check()
            e.get_by_label("Gesproken met").fill("beleidsmedewerker van een ministerie")
            e.get_by_label("Datum van het gesprek").fill("2018-05-01")
            e.get_by_label("Verslag").fill("Vertrouwen en urgentie hielpen de samenwerking.")
            walker.click("Verslag opslaan")
        else:
            walker.click(re.compile("1 mei 2018"), role="link")
        walker.click("C. Het samenwerkingsverband", role="link")
        assert e.locator("input[name='code-C9']:checked").count() == 0  # nobody's codes but one's own
        tick(e, "code", {"C9": codes, "C11a": "agree"})
        walker.click("Codering opslaan")
        assert e.get_by_text("is opgeslagen").is_visible()
        walker.goto(reverse("portal:interviews"))
        assert not walker.violations, "\n".join(walker.violations)
    assert e.get_by_role("table", name=re.compile("Cohens kappa")).is_visible()
    from sectorplannen.qualitative.models import Coding

    assert Coding.objects.filter(question="C9").count() == 2
    assert not leader.violations, "\n".join(leader.violations)
