"""Work queue deadlines from the scheme rules, pagination, audit pages and the evaluator's view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sectorplannen.audit.models import AuditEvent
from sectorplannen.jobs.models import Job
from sectorplannen.plans.application import submit_application
from sectorplannen.portal import services

from .conftest import PASSWORD, application

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_queue_shows_the_decision_deadline_from_the_rules(client, users, submitted_plan, settings):
    weeks = submitted_plan.scheme.rules.decision_weeks
    due = submitted_plan.submitted_on + dt.timedelta(weeks=weeks)
    [item] = services.work_queue()
    assert item.due_on == due and item.task == "Aanvraag beoordelen" and not item.overdue
    settings.SECTORPLANNEN_BUSINESS_DATE = (due + dt.timedelta(days=1)).isoformat()
    assert services.work_queue()[0].overdue
    login(client, users["assessor"])
    page = client.get(reverse("portal:queue")).content.decode()
    assert "termijn verstreken" in page and "portal-deadline--overdue" in page


def test_overdue_progress_reports_are_listed(client, users, granted_plan, settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-01-01"
    login(client, users["assessor"])
    page = client.get(reverse("portal:queue")).content.decode()
    assert "rapportage na 12 maanden" in page


def test_advance_booking(client, users, granted_plan):
    login(client, users["assessor"])
    r = client.post(reverse("portal:advances", args=[granted_plan.pk]),
                    {"amount_eur": "30000", "paid_on": "2014-07-15", "reference": "V1"})
    assert r.status_code == 302
    assert "€\xa030.000,00" in client.get(r.url).content.decode()


def test_lists_paginate(client, users, settings):
    settings.PORTAL_PAGE_SIZE = 2
    for i in range(5):
        submit_application(application(f"Plan {i}"), actor=users["applicant"])
    login(client, users["applicant"])
    first = client.get(reverse("portal:my_plans")).content.decode()
    assert "Pagina 1 van 3" in first and first.count("/plannen/") == 2
    last = client.get(reverse("portal:my_plans"), {"page": 3}).content.decode()
    assert "Pagina 3 van 3" in last and 'rel="prev"' in last
    login(client, users["administrator"])
    page = client.get(reverse("portal:system_audit"), {"event": "plan_submitted"}).content.decode()
    assert "Pagina 1 van 3" in page and "event=plan_submitted&amp;page=2" in page


def test_plan_audit_shows_who_did_what(client, users, granted_plan):
    login(client, users["applicant"])
    client.get(reverse("portal:participants", args=[granted_plan.pk]))
    page = client.get(reverse("portal:plan_audit", args=[granted_plan.pk])).content.decode()
    assert "Deelnemersgegevens bekeken" in page and "Subsidie verleend" in page and "applicant" in page
    assert "participants_viewed" not in page.replace('data-event="participants_viewed"', "")


def test_evaluator_sees_only_disclosure_controlled_tables(client, users, settings, tmp_path):
    directory = tmp_path / "evaluatie"
    directory.mkdir()
    (directory / "income_status.csv").write_text(
        "measurement_date,dimension,group,outcome,n,share,suppressed\n"
        "2019-05-31,total,total,werknemer,120,0.8000,false\n"
        "2019-05-31,total,total,ww,,,true\n"
        "2019-05-31,total,total,overig,30,0.2000,false\n", encoding="utf-8")
    login(client, users["evaluator"])
    page = client.get(reverse("portal:evaluation")).content.decode()
    assert "Inkomenspositie" in page and "80" in page and "–" in page
    assert client.get(reverse("portal:plan_detail", args=[1])).status_code in (403, 404)


def test_linkage_officer_home_page(client, users):
    login(client, users["linkage_officer"])
    page = client.get(reverse("portal:home")).content.decode()
    assert "koppelbestand" in page
    assert not AuditEvent.objects.filter(event="participants_viewed").exists()


def test_realisation_report_downloads(client, users, granted_plan):
    login(client, users["policy_officer"])
    xlsx = client.get(reverse("portal:realisation_report", args=["xlsx"]))
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content).startswith(b"PK")
    pdf = client.get(reverse("portal:realisation_report", args=["pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("portal:realisation_report", args=["doc"])).status_code == 404
    assert AuditEvent.objects.filter(event="realisation_report_downloaded").count() == 2
    assert Job.objects.filter(kind="realisation_report").count() == 1  # one job made both, for this data


def test_evaluator_sees_the_net_effects_and_downloads_them(client, users, tmp_path):
    from sectorplannen.evaluation.effects_service import run_effects
    from sectorplannen.evaluation.effects_synth import generate_comparison
    from sectorplannen.evaluation.synth import generate_participants

    data = tmp_path / "data"
    generate_participants(data / "deelnemers.csv", 800, seed=4)
    generate_comparison(data / "deelnemers.csv", data, 1500, seed=4)
    login(client, users["evaluator"])
    assert "nog geen netto-effecten" in client.get(reverse("portal:evaluation")).content.decode()
    assert client.get(reverse("portal:effects_download", args=["effects.csv"])).status_code == 404
    run_effects(data / "deelnemers.csv", data / "vergelijkingsgroep.csv", data / "banen.csv",
                data / "uitkeringen.csv", tmp_path / "netto-effecten", horizon=24, staggered=False)
    page = client.get(reverse("portal:evaluation")).content.decode()
    assert "Netto-effecten" in page and "Netto-effect op werkend" in page and "data:image/png" in page
    assert "selectie op kenmerken" in page or "niet in de registers" in page
    csv_file = client.get(reverse("portal:effects_download", args=["effects.csv"]))
    assert csv_file.status_code == 200 and csv_file.content.startswith(b"method,outcome,dimension")
    xlsx = client.get(reverse("portal:effects_download", args=["effects.xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert client.get(reverse("portal:effects_download", args=["banen.csv"])).status_code == 404
    assert AuditEvent.objects.filter(event="net_effects_downloaded").count() == 2
