"""Budget moved to a neighbouring region's plan in a real browser (issue 21): the sending plan's applicant
previews both decisions and sends the request, the receiving plan's applicant sees it, an assessor drafts
and a policy officer approves; axe-core and the text checks look at every page, screenshots of each."""

from __future__ import annotations

import datetime as dt

import pytest

from sectorplannen.workflow.services import transition

from .test_budget_transfer import care_plan
from .walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_budget_transfer_from_request_to_both_decisions(live_server, browser, users, other_organisation, tmp_path):
    sender = care_plan("Zorg Achterhoek", "Achterhoek", users["applicant"])
    receiver = care_plan("Zorg Twente", "Twente", users["outsider"], other_organisation.name)
    for plan in (sender, receiver):
        transition(plan, "grant", users["assessor"], approved_by=users["policy_officer"],
                   decided_on=dt.date(2014, 7, 1))
    base, walkers = live_server.url, []

    applicant = Walker(browser, base, tmp_path, role="applicant")
    walkers.append(applicant)
    applicant.login("applicant")
    applicant.goto(f"/plannen/{sender.pk}/")
    applicant.click("Budget overhevelen naar een buurregio", role="link")
    page = applicant.page
    page.get_by_label("Reden van de overheveling").fill("Meer vraag in Twente")
    page.get_by_label("Datum geactualiseerde arbeidsmarktanalyse").fill("2015-01-15")
    page.get_by_label("Van maatregel (dit plan)").select_option("M01")
    page.get_by_label("Naar plan en maatregel (buurregio)").select_option(label="Zorg Twente: M01")
    page.get_by_label("Bedrag aan kosten dat overgaat (euro)").fill("99999999")
    applicant.click("Bekijk beide beschikkingen")
    applicant.check_partial()
    assert page.get_by_role("alert").count() and page.get_by_test_id("transfer-send").count() == 0
    page.get_by_label("Bedrag aan kosten dat overgaat (euro)").fill("100000")
    applicant.click("Bekijk beide beschikkingen")
    applicant.check_partial()
    applicant.screenshot("/budgetoverheveling-voorbeeld")
    assert page.get_by_test_id("transfer-cap").count() == 2 and page.get_by_test_id("transfer-ceiling").count() == 1
    applicant.click("Verzoek versturen")
    assert "Zorg Twente (M01)" in page.get_by_test_id("transfer-requests").inner_text()

    other = Walker(browser, base, tmp_path, role="applicant2")
    walkers.append(other)
    other.login("outsider")
    other.goto(f"/plannen/{receiver.pk}/budgetoverheveling/")
    assert "Zorg Achterhoek (M01)" in other.page.get_by_test_id("transfer-requests").inner_text()

    assessor = Walker(browser, base, tmp_path, role="assessor")
    walkers.append(assessor)
    assessor.login("assessor")
    req = sender.revision_requests.get()
    assessor.goto(f"/herzieningsverzoeken/{req.pk}/")
    assert assessor.page.get_by_test_id("transfer-cap").count() == 2
    assessor.page.get_by_label("Toelichting voor de tweede beoordelaar").fill("Past binnen het plafond")
    assessor.click("Herziening voorbereiden")

    officer = Walker(browser, base, tmp_path, role="policy_officer")
    walkers.append(officer)
    officer.login("policy_officer")
    proposal = sender.proposals.get()
    officer.goto(f"/voorstellen/{proposal.pk}/")
    assert officer.page.get_by_test_id("transfer-cap").count() == 2
    officer.click("Goedkeuren en besluit nemen")
    assert (sender.latest_decision().version, receiver.latest_decision().version) == (2, 2)
    other.goto(f"/plannen/{receiver.pk}/")
    assert [p for w in walkers for p in w.problems()] == []
