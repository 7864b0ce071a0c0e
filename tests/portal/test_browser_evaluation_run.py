"""The evaluation run in a real browser: the evaluator opens it from the evaluation page, starts it on a
delivery of the input directory and downloads an output. Every page is checked by the walk."""

from __future__ import annotations

import pytest

from ..evaluation.helpers import benefit, job, participant, write_inputs
from .walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_evaluator_runs_the_evaluation_from_the_page(live_server, browser, users, settings, tmp_path):
    settings.SECTORPLANNEN_EVALUATION_INPUT_DIR = str(tmp_path / "invoer")
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    write_inputs(tmp_path / "invoer" / "levering-2019", [participant(i) for i in range(25)],
                 [job(i) for i in range(20)], [benefit(i) for i in range(20, 25)])
    evaluator = Walker(browser, live_server.url, tmp_path, role="evaluator")
    page = evaluator.page
    evaluator.login("evaluator")
    evaluator.goto("/evaluatie/")
    evaluator.click("Evaluatie uitvoeren op een levering van de registers", role="link")
    page.get_by_label("Meetmomenten").fill("31-05-2019")
    evaluator.click("Evaluatie starten")  # the immediate backend: the job ran in the request
    page.get_by_test_id("evaluation-ready").wait_for(timeout=30_000)
    assert "25 eenheden" in page.get_by_test_id("evaluation-ready").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("evaluation-outputs").get_by_role("link", name="income_status.csv").click()
    header = download.value.path().read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("measurement_date,dimension,group,outcome")
    evaluator.goto("/evaluatie/uitvoeren/")
    assert evaluator.problems() == []
