"""Two employers register their staff into one plan in a real browser: one completes its dossier and
is paid, the other is blocked on missing documents; the main applicant sees both, and neither
employer sees the other's registrations or any BSN (axe-core checks every page)."""

from __future__ import annotations

import re

import pytest

from sectorplannen.accounts.services import create_user
from sectorplannen.partnership.models import PlanEmployer

from ..portal.test_browser import PDF
from ..portal.walk import Walker
from .conftest import NUMBERS, PASSWORD, bsns, staff_csv  # noqa: F401 - the bsns fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_employers_one_paid_one_blocked(live_server, browser, users, granted_plan, bsns, tmp_path):  # noqa: F811
    plan, base = granted_plan, live_server.url
    applicant = Walker(browser, base, tmp_path)
    applicant.login("applicant")
    applicant.goto(f"/plannen/{plan.pk}/")
    applicant.click("Werkgevers en dossiers", role="link")
    for name, number in (("Zorginstelling Alfa", NUMBERS["a"]), ("Bouwbedrijf Beta", NUMBERS["b"])):
        applicant.page.get_by_label("Naam van de werkgever").fill(name)
        applicant.page.get_by_label("Loonheffingennummer of KvK-nummer").fill(number)
        applicant.click("Uitnodigen")
        assert "is uitgenodigd" in applicant.page.content()
    for key, employer in zip("ab", PlanEmployer.objects.filter(plan=plan).order_by("pk"), strict=True):
        create_user(f"werkgever-{key}", role="employer", password=PASSWORD, organisations=[employer.organisation])

    staff = {"a": bsns(2), "b": bsns(1)}
    walkers, pseudonyms = {}, {}
    for key in "ab":
        w = walkers[key] = Walker(browser, base, tmp_path)
        w.login(f"werkgever-{key}")
        w.click(plan.name, role="link")
        w.page.get_by_label("Bestand met deelnemers (CSV of XLSX)").set_input_files(
            w.file(f"staf-{key}.csv", staff_csv(staff[key])))
        w.click("Uploaden")
        assert w.page.get_by_test_id("stored").inner_text() == str(len(staff[key]))
        w.click("Terug naar uw deelnemers", role="link")
        pseudonyms[key] = [c.inner_text() for c in w.page.get_by_test_id("pseudonym").all()]
        assert len(pseudonyms[key]) == len(staff[key])
        assert not any(b in w.page.content() for b in staff["a"] + staff["b"])  # never a BSN back

    # Neither sees the other's registrations.
    walkers["b"].goto(f"/plannen/{plan.pk}/werkgever/")
    assert not any(p in walkers["b"].page.content() for p in pseudonyms["a"])
    walkers["a"].goto(f"/plannen/{plan.pk}/werkgever/")
    assert not any(p in walkers["a"].page.content() for p in pseudonyms["b"])

    a = walkers["a"]  # A completes its first dossier and claims
    a.page.get_by_role("link", name=re.compile("ontbreekt")).first.click()
    a.check()
    for kind in ("presentielijst", "certificaat of diploma", "factuur"):
        a.page.get_by_label("Soort bewijsstuk").select_option(label=kind)
        a.page.get_by_label("Bestand (PDF, PNG of JPG)").set_input_files(a.file("bewijs.pdf", PDF))
        a.click("Bewijsstuk toevoegen")
    a.page.get_by_label("Uren per week volgens contract").fill("32")
    a.click("Gegevens opslaan")
    assert a.page.get_by_test_id("dossier-state").inner_text() == "compleet"
    a.page.get_by_label("Kosten voor deze deelnemer (euro)").fill("1200")
    a.click("Declareren")
    assert "€\xa0600,00" in a.page.get_by_test_id("claim").inner_text()

    b = walkers["b"]  # B claims with only an invoice
    b.page.get_by_role("link", name=re.compile("ontbreekt")).first.click()
    b.page.get_by_label("Soort bewijsstuk").select_option(label="factuur")
    b.page.get_by_label("Bestand (PDF, PNG of JPG)").set_input_files(b.file("factuur.pdf", PDF))
    b.click("Bewijsstuk toevoegen")
    b.page.get_by_label("Kosten voor deze deelnemer (euro)").fill("800")
    b.click("Declareren")
    assert "presentielijst" in b.page.get_by_test_id("dossier-state").inner_text()

    applicant.goto(f"/plannen/{plan.pk}/samenwerkingsverband/")  # the applicant sees both
    rows = applicant.page.get_by_test_id("dossier-row")
    assert rows.count() == 3
    blocked = rows.filter(has_text="Bouwbedrijf Beta")
    assert "wacht op een compleet dossier" in blocked.inner_text() and "presentielijst" in blocked.inner_text()
    applicant.click("Betalen")
    assert "De declaratie is betaald." in applicant.page.content()
    ledger = {r.inner_text().split("\t")[0]: r.inner_text() for r in applicant.page.get_by_test_id("ledger-row").all()}
    assert "€\xa0600,00" in ledger["Zorginstelling Alfa"] and "€\xa0400,00" in ledger["Bouwbedrijf Beta"]
    assert applicant.page.get_by_role("button", name="Betalen").count() == 0  # B's claim cannot be paid

    a.goto(f"/plannen/{plan.pk}/werkgever/")
    assert "€\xa0600,00" in a.page.get_by_test_id("paid").inner_text()
    b.goto(f"/plannen/{plan.pk}/werkgever/")
    assert "€\xa0400,00" in b.page.get_by_test_id("awaiting").inner_text()
    violations = applicant.violations + a.violations + b.violations
    assert not violations, violations
