"""The finance models in the Django admin: lists and detail pages open; settlements are read-only."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from sectorplannen.finance.models import LedgerEntry, ProgressReport, Settlement
from sectorplannen.finance.services import record_advance, settle_plan

from ..factories import ProgressReportFactory
from .factories import declared_plan

pytestmark = pytest.mark.django_db

MODELS = ["finaldeclaration", "progressreport", "settlement", "ledgerentry", "advancepayment", "payment"]


@pytest.fixture
def settled():
    plan = declared_plan(decided_on=dt.date(2014, 7, 1))
    record_advance(plan, D("1000.00"), dt.date(2014, 7, 1))
    ProgressReportFactory(plan=plan, month=12, period_end=dt.date(2015, 7, 1), due_on=dt.date(2015, 8, 26),
                          submitted_on=dt.date(2015, 8, 1))
    return settle_plan(plan, dt.date(2016, 12, 1))


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open(admin_client, settled, model):
    response = admin_client.get(reverse(f"admin:finance_{model}_changelist"))
    assert response.status_code == 200
    assert settled.plan.name in response.content.decode()


def test_proxies_show_only_their_kind(admin_client, settled):
    # the balance was paid out: no clawback for this plan
    response = admin_client.get(reverse("admin:finance_clawback_changelist"))
    assert response.status_code == 200 and settled.plan.name not in response.content.decode()


def test_settlement_detail_shows_the_explanation_read_only(admin_client, settled):
    url = reverse("admin:finance_settlement_change", args=[settled.pk])
    page = admin_client.get(url).content.decode()
    assert "Overheadsubsidie: 50 % van € 1.536.960,00 = € 768.480,00." in page
    assert admin_client.post(url, {}).status_code == 403
    assert admin_client.get(reverse("admin:finance_settlement_add")).status_code == 403
    assert Settlement.objects.get() == settled


def test_ledger_is_read_only(admin_client, settled):
    entry = LedgerEntry.objects.filter(plan=settled.plan).first()
    url = reverse("admin:finance_ledgerentry_delete", args=[entry.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_declaration_and_progress_report_pages(admin_client, settled):
    declaration = settled.declaration
    page = admin_client.get(reverse("admin:finance_finaldeclaration_change", args=[declaration.pk])).content.decode()
    assert "declaratieregels" in page.lower()
    history = admin_client.get(reverse("admin:finance_finaldeclaration_history", args=[declaration.pk]))
    assert history.status_code == 200
    report = ProgressReport.objects.get()
    assert admin_client.get(reverse("admin:finance_progressreport_change", args=[report.pk])).status_code == 200
