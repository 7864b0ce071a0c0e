"""The settlement run in a real browser: an assessor starts it from the work queue, the page follows the
job without a reload and then lists the proposals; a second assessor approves one on its page. Every
page is checked by the walk (axe, screenshots, no codes on screen)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sectorplannen.conf.background import task_settings
from sectorplannen.workflow.models import Proposal

from ..finance.factories import WORKED_EXAMPLE, declared_plan
from .test_settlement_run_pages import ON, run_worker
from .walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_settlement_run_from_the_page_to_an_approved_proposal(live_server, browser, users, settings, tmp_path,
                                                                 monkeypatch):
    settings.TASKS = task_settings("database")  # the job waits until this test runs the worker
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()
    # measure codes as an applicant writes them (the example's codes are also code-list codes, which the walk
    # would find on the proposal's page)
    measures = [(f"M0{i}", *row[1:]) for i, row in enumerate(WORKED_EXAMPLE, 1)]
    declared_plan("Plan Noord", measures)
    declared_plan("Plan Zuid", measures)
    assessor = Walker(browser, live_server.url, tmp_path, role="assessor")
    page = assessor.page
    assessor.login("assessor")
    assessor.goto("/werkvoorraad/")
    assessor.click("Vaststellingsrondes: alle gedeclareerde plannen tegelijk voorbereiden", role="link")
    assert "2 plannen wachten" in page.get_by_test_id("run-candidates").inner_text()
    assessor.click("Vaststellingsronde starten")
    assert page.get_by_test_id("run-progress").get_attribute("data-state") == "queued"
    page.evaluate("window.sameDocument = true")

    run_worker(monkeypatch)
    page.get_by_test_id("run-ready").wait_for(timeout=10_000)  # the poll saw the end and reloaded the page
    assessor.check()
    assert page.get_by_test_id("run-proposed").inner_text() == "2"
    expect(page.get_by_test_id("run-rows").get_by_role("link", name="Voorstel (voorgesteld)")).to_have_count(2)
    assert page.get_by_test_id("run-total").inner_text().startswith("€")

    second = Walker(browser, live_server.url, tmp_path, role="assessor2")
    second.login("assessor2")
    proposal = Proposal.objects.filter(kind="settlement").order_by("pk").first()
    second.goto(f"/voorstellen/{proposal.pk}/")
    second.click("Goedkeuren en besluit nemen")
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    assessor.goto(page.url)
    expect(page.get_by_role("link", name="Voorstel (genomen)")).to_have_count(1)
    assert assessor.problems() == [] and second.problems() == []
