"""The whole life of a plan in a real browser, with an axe-core accessibility check on every page.

One applicant and two agency users (an assessor drafts, a policy officer approves: four eyes):
draft, submit, assess, grant, upload participants with errors then corrected, revise, declare,
settle, and read the letters.
"""

from __future__ import annotations

import os
import re

import pytest

from .walk import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_life_of_a_plan(live_server, browser, users, tmp_path, settings):
    base = live_server.url
    applicant = Walker(browser, base, tmp_path, role="aanvrager")
    assessor = Walker(browser, base, tmp_path, role="beoordelaar")
    officer = Walker(browser, base, tmp_path, role="tweede-paar-ogen")
    a = applicant.page

    # 1. draft step by step with inline checks (htmx), then submit
    applicant.login("applicant")
    applicant.click("Nieuw plan opstellen")
    a.get_by_label("Naam van het plan").fill("Sectorplan Browser")
    a.get_by_label("Tranche").select_option("2")
    a.get_by_label("Sectoraal").check()
    a.get_by_label("Sectoren").fill("Techniek")
    a.get_by_label("Begindatum").fill("2014-07-01")
    a.get_by_label("Einddatum").fill("2016-06-30")
    applicant.htmx_save("Opslaan en controleren")
    assert a.get_by_text("Opgeslagen").is_visible()
    assert "portal-messages" in a.evaluate("document.activeElement.className")  # focus is not lost
    a.get_by_label("Naam van het plan").fill("")
    applicant.htmx_save("Opslaan en controleren")
    assert a.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    a.get_by_role("link", name=re.compile("Naam van het plan")).click()  # the summary links to the field
    assert a.evaluate("document.activeElement.id") == "id_name"
    a.get_by_label("Naam van het plan").fill("Sectorplan Browser")
    applicant.htmx_save("Opslaan en controleren")
    applicant.goto(a.url.replace("algemeen", "samenwerking"))
    a.get_by_label("Partij bij een cao").first.check()
    a.get_by_label("Eigen vermogen (euro)").fill("5000000")
    applicant.htmx_save("Hoofdaanvrager opslaan")
    a.get_by_label("Naam organisatie").fill("Bond Y")
    a.get_by_label("Soort organisatie").select_option("union")
    a.get_by_label("Partner", exact=True).check()
    a.locator("#id_partner-cao_party").check()
    applicant.htmx_save("Partner toevoegen")
    assert a.get_by_role("cell", name="Bond Y", exact=True).is_visible()
    applicant.goto(a.url.replace("samenwerking", "analyse"))
    a.get_by_label("Datum van de analyse").fill("2014-03-01")
    a.get_by_label("Nieuwe competenties").check()
    a.get_by_label("Samenvatting").fill("Technici vergrijzen; nieuwe technieken vragen scholing.")
    applicant.htmx_save("Opslaan en controleren")
    applicant.goto(a.url.replace("analyse", "maatregelen"))
    a.get_by_label("Code").fill("M01")
    a.get_by_label("Soort maatregel").select_option("general_training")
    a.get_by_label("Omschrijving").fill("Scholing nieuwe technieken")
    a.get_by_label("Werkend in de sector").check()
    a.locator("input[name=bottlenecks][value=new_competences]").check()
    a.get_by_label("Geplande deelnemers").fill("500")
    a.get_by_label("Geplande kosten (euro)").fill("600000")
    applicant.htmx_save("Maatregel toevoegen")
    applicant.goto(a.url.replace("maatregelen", "financiering"))
    assert a.locator("[data-code=own_funding_insufficient]").count() == 1
    a.get_by_label("Eigen bijdrage (sector)").check()
    a.get_by_label("Bron").select_option("training_fund")
    a.get_by_label("Bedrag (euro)").fill("300000")
    applicant.htmx_save("Financiering toevoegen")
    assert a.locator("[data-code=own_funding_insufficient]").count() == 0
    applicant.goto(a.url.replace("financiering", "indienen"))
    assert a.get_by_text("€ 300.000,00").first.is_visible()
    assert a.get_by_test_id("answers").is_visible()  # check your answers before submitting (issue 18)
    a.get_by_label("Ik verklaar dat ik deze aanvraag volledig en naar waarheid heb ingevuld", exact=False).check()
    a.get_by_role("button", name="Plan indienen").click()
    a.wait_for_url(re.compile(r"/plannen/\d+/$"))
    applicant.check()
    plan_url = a.url.replace(base, "")
    assert a.get_by_test_id("plan-status").inner_text() == "ingediend"

    # 2. the assessor drafts the decision, the policy officer approves it (four eyes)
    assessor.login("assessor")
    assessor.click("Aanvraag beoordelen", role="link")
    assessor.page.get_by_role("button", name="Besluit voorbereiden").click()
    assessor.page.wait_for_url(re.compile(r"/plannen/\d+/$"))
    assessor.check()
    officer.login("policy_officer")
    officer.goto("/voorstellen/")
    officer.click("verlening: Sectorplan Browser", role="link")
    officer.click("Goedkeuren en besluit nemen")
    assert officer.page.get_by_test_id("plan-status").inner_text() == "verleend"
    applicant.goto(plan_url)
    applicant.click("Versie 1", role="link")
    letter = applicant.context.request.get(base + plan_url + "beschikkingen/1/brief.pdf")
    assert letter.ok and letter.body().startswith(b"%PDF")

    # 3. participants: an upload with errors, then the corrected file
    applicant.goto(plan_url + "deelnemers/")
    bad = "maatregel;bsn;geboortedatum;startdatum;doelgroep\nM01;123456789;1980-01-01;2014-09-01;werkend_sector\n"
    a.get_by_label("Bestand met deelnemers (CSV of XLSX)").set_input_files(applicant.file("fout.csv", bad.encode()))
    applicant.click("Uploaden")
    assert a.get_by_role("cell", name="BSN ongeldig").first.is_visible() and a.get_by_text("******789").count() >= 1
    assert "123456789" not in a.content()
    csv_href = a.get_by_role("link", name="Foutenrapport downloaden (CSV)").get_attribute("href")
    csv = applicant.context.request.get(base + csv_href)
    assert csv.ok and csv.text().startswith("row,column,code,message")
    applicant.goto(plan_url + "deelnemers/")
    good = "maatregel;bsn;geboortedatum;startdatum;doelgroep\nM01;999991607;1980-01-01;2014-09-01;werkend_sector\n"
    a.get_by_label("Bestand met deelnemers (CSV of XLSX)").set_input_files(applicant.file("goed.csv", good.encode()))
    applicant.click("Uploaden")
    assert a.get_by_test_id("stored").inner_text() == "1"

    # 4. a revision: preview the diff, send; assessor prepares, policy officer approves
    applicant.goto(plan_url + "herziening/")
    a.get_by_label("Reden van de herziening").fill("Minder instroom dan verwacht")
    a.get_by_label("Datum geactualiseerde arbeidsmarktanalyse").fill("2014-05-01")
    a.get_by_label("Aantallen of kosten van een maatregel aanpassen").check()
    a.get_by_label("Maatregel", exact=True).select_option("M01")
    a.get_by_label("Nieuw aantal deelnemers").fill("400")
    applicant.click("Bekijk het verschil")
    assert a.get_by_role("cell", name="deelnemers", exact=True).count() >= 1
    applicant.click("Herzieningsverzoek versturen")
    assessor.goto("/werkvoorraad/")
    assessor.click("Herzieningsverzoek behandelen", role="link")
    assessor.click("Herziening voorbereiden")
    officer.goto("/voorstellen/")
    officer.click("herziening: Sectorplan Browser", role="link")
    officer.click("Goedkeuren en besluit nemen")
    applicant.goto(plan_url)
    applicant.click("Versie 2", role="link")
    assert a.get_by_role("cell", name="400", exact=True).count() >= 1

    # 5. final declaration with the auditor's statement (after the end of the plan)
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-08-01"
    applicant.goto(plan_url + "einddeclaratie/")
    a.get_by_label("Gerealiseerde deelnemers").fill("380")
    a.get_by_label("Waarvan jongeren").fill("30")
    a.get_by_label("Subsidiabele kosten (euro)").fill("580000")
    a.get_by_label("Accountantsverklaring (PDF)").set_input_files(applicant.file("verklaring.pdf", PDF))
    # fewer registered than declared: warned while typing, sent only when confirmed (issue 18, point 2)
    a.get_by_test_id("declaration-warnings").wait_for()
    a.get_by_label("Ik heb deze waarschuwingen gelezen en dien de declaratie toch in.").check()
    a.wait_for_load_state("networkidle")
    assert a.get_by_label("Ik heb deze waarschuwingen gelezen en dien de declaratie toch in.").is_checked()
    applicant.click("Einddeclaratie indienen")
    assert a.get_by_test_id("plan-status").inner_text() == "gedeclareerd"

    # 6. settlement: assessor drafts, a second person approves; the applicant sees it and the letter
    assessor.goto(plan_url + "vaststellen/")
    assessor.click("Vaststelling voorbereiden")
    officer.goto("/voorstellen/")
    officer.click("vaststelling: Sectorplan Browser", role="link")
    officer.click("Goedkeuren en besluit nemen")
    assert officer.page.get_by_test_id("plan-status").inner_text() == "vastgesteld"
    applicant.goto(plan_url + "financien/")
    assert a.get_by_test_id("determined-subsidy").is_visible()
    letter = applicant.context.request.get(base + plan_url + "vaststellingen/1/brief.pdf")
    assert letter.ok and letter.body().startswith(b"%PDF")
    applicant.goto(plan_url + "logboek/")
    applicant.goto("/mijn-plannen/")
    applicant.goto("/berichten/")
    applicant.goto("/rekenhulp/")
    assessor.goto("/werkvoorraad/")
    assessor.goto("/plannen/")
    assessor.goto(plan_url)
    assessor.goto(plan_url + "financien/")
    assessor.goto(plan_url + "deelnemers/")

    # 7. the ministry (policy officer): realisation, simulation; the administrator: the audit log
    officer.goto("/realisatie/")
    officer.goto("/simulatie/")
    officer.goto("/voorstellen/")
    admin = Walker(browser, base, tmp_path, role="beheerder")
    admin.login("administrator")
    admin.goto("/beheer/logboek/")
    admin.page.get_by_label("Plan").select_option(label="Sectorplan Browser")
    admin.click("Filteren")
    assert admin.page.get_by_role("cell", name="Subsidie vastgesteld").count() >= 1
    with admin.page.expect_download() as download:
        admin.page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "logboek.csv"

    walkers = (applicant, assessor, officer, admin)
    assert sum(len(w.checked) for w in walkers) >= 25

    # 8. the same pages in English: no Dutch text that has a translation, no codes
    for walker, paths in ((applicant, [plan_url, plan_url + "financien/", plan_url + "deelnemers/",
                                       plan_url + "logboek/", "/mijn-plannen/"]),
                          (admin, ["/beheer/logboek/"]), (assessor, ["/werkvoorraad/", plan_url + "beschikkingen/1/"])):
        walker.goto(paths[0])
        walker.page.get_by_role("button", name="English").click()
        walker.page.wait_for_load_state()
        walker.checked.clear()
        for path in paths:
            walker.goto(path)
    applicant.page.goto(base + plan_url)
    assert applicant.page.get_by_test_id("plan-status").inner_text() == "settled"

    problems = [p for w in walkers for p in w.problems()]
    assert not problems, "\n".join(problems)


def test_other_pages_are_accessible(live_server, browser, users, granted_plan, tmp_path, settings):
    """Pages outside the walk: error summaries, refusals, the evaluator, the administrator, English."""
    directory = tmp_path / "evaluatie"
    directory.mkdir()
    (directory / "hours.csv").write_text(
        "measurement_date,dimension,group,outcome,n,share,suppressed\n"
        "2019-05-31,total,total,voltijd,120,0.8000,false\n2019-05-31,total,total,4_dagen,,,true\n"
        "2019-05-31,total,total,2_3_dagen,30,0.2000,false\n", encoding="utf-8")
    settings.SECTORPLANNEN_EVALUATION_DIR = str(directory)
    plan = f"/plannen/{granted_plan.pk}/"

    visitor = Walker(browser, live_server.url, tmp_path, role="bezoeker")
    visitor.goto("/aanmelden/")
    visitor.click("Aanmelden")  # empty form: the error summary
    assert visitor.page.locator("[data-error-summary]").is_visible()
    visitor.click("English")
    assert visitor.page.get_by_role("heading", name="Log in").is_visible()

    applicant = Walker(browser, live_server.url, tmp_path, role="aanvrager")
    applicant.login("applicant")
    for path in (plan + "voortgang/", "/werkvoorraad/", "/bestaat-niet/", plan + "herziening/"):
        applicant.goto(path)
    applicant.click("Bekijk het verschil")  # the revision form with its error summary
    applicant.goto("/rekenhulp/?scheme=sectorplannen-2015&max_subsidy_eur=&advances_paid_eur=0&m0-code=M01"
                   "&m0-type=work_placement&m0-planned_participants=100&m0-realised_participants=50"
                   "&m0-planned_costs_eur=500000&m0-eligible_costs_eur=450000")
    assert applicant.page.get_by_text("onder de deelnemersdrempel").is_visible()

    evaluator = Walker(browser, live_server.url, tmp_path, role="evaluator")
    evaluator.login("evaluator")
    assert evaluator.page.get_by_role("region").count() >= 1
    admin = Walker(browser, live_server.url, tmp_path, role="beheerder")
    admin.login("administrator")
    admin.goto("/account/tweede-factor/")
    admin.goto("/beheer/logboek/?event=plan_submitted")
    assessor = Walker(browser, live_server.url, tmp_path, role="beoordelaar")
    assessor.login("assessor")
    for path in (plan + "deelnemers/", plan + "beschikkingen/1/", plan + "voorschotten/"):
        assessor.goto(path)
    assessor.click("Voorschot boeken")  # empty: error summary

    walkers = (visitor, applicant, evaluator, admin, assessor)
    violations = [v for w in walkers for v in w.problems()]
    assert not violations, "\n".join(violations)
