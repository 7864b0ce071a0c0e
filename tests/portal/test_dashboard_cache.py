"""The realisation dashboard is computed once per state of the data: served from the cache while nothing
changes, computed again as soon as a decision, declaration, settlement, registration or plan changes."""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sectorplannen.finance.services import DeclaredMeasure
from sectorplannen.participants.services import import_participants
from sectorplannen.participants.synth import BsnSource
from sectorplannen.portal import realisation
from sectorplannen.workflow.services import transition

from ..factories import DeclarationLineFactory, FinalDeclarationFactory
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch):
    """Counts how often the tables are really computed."""
    calls = []
    original = realisation.realisation_tables

    def counting():
        calls.append(1)
        return original()

    monkeypatch.setattr(realisation, "realisation_tables", counting)
    return calls


def dashboard(client) -> str:
    """The tables of the dashboard page (the rest of the page holds a fresh CSRF token every time)."""
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    tables = html[html.index("<section"):html.rindex("</section>")]
    assert "<table" in tables
    return tables


def test_served_from_the_cache_until_the_data_changes(client, users, granted_plan, fresh_plan, computed, tmp_path):
    assert client.login(username=users["policy_officer"].username, password=PASSWORD)
    first = dashboard(client)
    assert dashboard(client) == first and len(computed) == 1  # unchanged data: from the cache

    transition(fresh_plan, "grant", users["assessor"], approved_by=users["policy_officer"],
               decided_on=dt.date(2014, 7, 1))
    second = dashboard(client)
    assert len(computed) == 2 and second != first  # a new decision: the figures of a second plan
    assert dashboard(client) == second and len(computed) == 2

    path = tmp_path / "deelnemers.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["measure", "bsn", "birth_date", "start_date", "target_group"])
        writer.writerow(["M01", BsnSource(random.Random())(), "1995-02-03", "2014-09-01", "student"])
    assert import_participants(granted_plan, path).stored == 1
    third = dashboard(client)
    assert len(computed) == 3 and third != second  # one registered (young) participant more

    transition(granted_plan, "declare", users["applicant"], submitted_on=dt.date(2016, 8, 1),
               lines={"M01": DeclaredMeasure(450, Decimal("580000.00"), 40)},
               auditor_statement=ContentFile(b"%PDF-1.4\n%%EOF\n", name="v.pdf"))
    fourth = dashboard(client)
    assert len(computed) == 4 and fourth != third
    transition(granted_plan, "settle", users["assessor"], approved_by=users["policy_officer"],
               settled_on=dt.date(2016, 9, 1))
    dashboard(client)
    assert len(computed) == 5
    dashboard(client)
    assert len(computed) == 5


def test_the_data_version_follows_every_source(users, granted_plan):
    before = realisation.data_version()
    assert realisation.data_version() == before
    granted_plan.name = "Hernoemd plan"
    granted_plan.save()  # Plan.updated_at
    renamed = realisation.data_version()
    assert renamed != before
    line = granted_plan.measures.get(code="M01")
    declaration = FinalDeclarationFactory(plan=granted_plan, submitted_on=dt.date(2016, 8, 1))
    declared = DeclarationLineFactory(declaration=declaration, measure=line, realised_participants=10,
                                      eligible_costs_eur=Decimal("100.00"))
    with_line = realisation.data_version()
    assert with_line != renamed
    type(declared).objects.filter(pk=declared.pk).update(realised_participants=11)  # edited in place
    assert realisation.data_version() != with_line


def test_the_cache_is_per_language(client, users, granted_plan, computed):
    """The rendered tables hold translated texts: each language has its own entry."""
    assert client.login(username=users["administrator"].username, password=PASSWORD)
    dashboard(client)
    for _ in range(2):
        response = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200 and response.headers["Content-Language"] == "en"
    assert len(computed) == 2
