"""The plan's list of registrations: pseudonyms only (never a BSN or birth date), paginated and filtered,
read from the unique index, and audit-logged. BSNs are made at run time (see tests/participants)."""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from sectorplannen.audit.models import AuditEvent
from sectorplannen.participants.models import Person, Registration
from sectorplannen.participants.services import import_participants
from sectorplannen.participants.synth import BsnSource
from sectorplannen.portal.views.participants import registration_rows

from ..factories import MeasureFactory
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
PEOPLE = 12


@pytest.fixture
def registered(granted_plan, tmp_path):
    """PEOPLE persons with BSNs made now and birth dates far from every start date, each in M01; the
    first three start in M01 a second time (the example plan registers only M01 individually)."""
    source, rng = BsnSource(random.Random()), random.Random()
    people = [(source(), dt.date(1960 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28)))
              for _ in range(PEOPLE)]
    path = tmp_path / "deelnemers.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["measure", "bsn", "birth_date", "start_date", "end_date", "target_group", "employer_id"])
        for i, (bsn, birth) in enumerate(people):
            writer.writerow(["M01", bsn, birth.isoformat(), "2014-09-01", "2015-03-01", "student", ""])
            if i < 3:
                writer.writerow(["M01", bsn, birth.isoformat(), "2015-10-01", "", "working_in_sector", ""])
    result = import_participants(granted_plan, path)
    assert result.stored == PEOPLE + 3, result
    return people


def page_of(client, plan, **params) -> str:
    response = client.get(reverse("portal:participants", args=[plan.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_pseudonyms_never_a_bsn_or_birth_date(client, users, granted_plan, registered, settings):
    settings.PORTAL_PAGE_SIZE = 5
    pseudonyms = list(Person.objects.values_list("pseudonym", flat=True))
    for role in ("assessor", "applicant"):
        client.logout()
        assert client.login(username=users[role].username, password=PASSWORD)
        pages = [page_of(client, granted_plan, rpage=n) for n in (1, 2, 3, 4)]
        html = "".join(pages)
        assert "Pagina 1 van 3" in pages[0] and "15 inschrijvingen" in pages[0]
        assert pages[3].count('data-testid="pseudonym"') == 5  # past the end: the last page
        for bsn, birth in registered:
            for shown in (bsn, birth.isoformat(), birth.strftime("%d-%m-%Y"), date_format(birth, "j F Y"),
                          date_format(birth, "j-n-Y")):
                assert shown not in html, shown
        assert all(p[:10] in html and p not in html and p[:11] not in html for p in pseudonyms)


def test_filter_by_measure_and_pseudonym(client, users, granted_plan, registered):
    assert client.login(username=users["assessor"].username, password=PASSWORD)
    assert "15 inschrijvingen" in page_of(client, granted_plan, measure="M01")
    MeasureFactory(plan=granted_plan, code="M09", category="training", measure_type="general_training",
                   planned_costs_eur=Decimal("1000"), individual_registration=True)
    assert "Geen inschrijvingen gevonden" in page_of(client, granted_plan, measure="M09")
    unknown = page_of(client, granted_plan, measure="M99")  # not a measure of the plan: reported, not applied
    assert "utrecht-form-field-error-message" in unknown and "15 inschrijvingen" in unknown
    person = Registration.objects.filter(plan=granted_plan, start_date=dt.date(2015, 10, 1)).first().person
    page = page_of(client, granted_plan, pseudonym=person.pseudonym[:8].upper())
    assert "2 inschrijvingen" in page and page.count(f">{person.pseudonym[:10]}<") == 2  # both starts
    assert "0-9 en a-f" in page_of(client, granted_plan, pseudonym="xyz")  # refused, list unfiltered


def test_every_view_is_audit_logged(client, users, granted_plan, registered):
    assert client.login(username=users["assessor"].username, password=PASSWORD)
    page_of(client, granted_plan, rpage=2, measure="M01")
    event = AuditEvent.objects.filter(event="participants_viewed", plan=granted_plan).latest("pk")
    assert event.actor == users["assessor"]
    assert event.context == {"page": "overview", "registrations_page": 1, "measure": "M01", "pseudonym_prefix": ""}


def test_a_page_of_registrations_is_read_in_index_order_without_the_bsn(granted_plan, registered):
    rows = registration_rows(granted_plan)
    with CaptureQueriesContext(connection) as queries:
        page = list(rows[:5])
    [sql] = [q["sql"] for q in queries.captured_queries]
    assert "bsn_ciphertext" not in sql and "birth_date" not in sql
    assert set(page[0]) == {"pk", "measure__code", "pseudonym_short", "age_at_start", "youth", "target_group",
                            "start_date", "end_date", "employer_number"}
    if connection.vendor == "sqlite":
        sql, params = rows[:5].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "sqlite_autoindex_participants_registration" in plan and "TEMP B-TREE" not in plan, plan
