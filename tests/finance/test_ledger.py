"""The ledger's sum rules: pure checks and the bookings that settling and advances make."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from sectorplannen.common.models import ImmutableError
from sectorplannen.finance.ledger import Booking, ledger_balance, ledger_violations
from sectorplannen.finance.models import AdvancePayment, Clawback, LedgerEntry, Payment
from sectorplannen.finance.services import check_plan_ledger, plan_ledger, record_advance, settle_plan, sync_grants

from ..factories import LedgerEntryFactory
from .factories import declared_plan, revise

SHARE = D("0.80")


def b(kind, amount):
    return Booking(kind, D(amount))


def test_balance_sums_per_kind():
    bal = ledger_balance([b("granted", "1000"), b("advanced", "100"), b("advanced", "200"), b("settled", "900"),
                          b("paid", "600"), b("granted", "-100")])
    assert (bal.granted_eur, bal.advanced_eur, bal.settled_eur, bal.paid_eur, bal.reclaimed_eur) == (
        D("900"), D("300"), D("900"), D("600"), D("0"))
    assert bal.net_paid_eur == D("900")


@pytest.mark.parametrize(("bookings", "words"), [
    ([b("granted", "1000"), b("advanced", "800")], None),
    ([b("granted", "1000"), b("advanced", "800.01")], "hoger dan 80 %"),
    ([b("granted", "1000"), b("advanced", "500"), b("granted", "-500")], None),  # later revision: no retro error
    ([b("granted", "1000"), b("paid", "10")], "zonder vaststelling"),
    ([b("granted", "1000"), b("settled", "900"), b("paid", "900")], None),
    ([b("granted", "1000"), b("settled", "900"), b("paid", "899.99")], "niet gelijk"),
    ([b("granted", "1000"), b("advanced", "800"), b("settled", "500"), b("reclaimed", "300")], None),
    ([b("granted", "1000"), b("settled", "0"), b("advanced", "1")], "geen voorschotten meer"),
    ([b("granted", "1000"), b("advanced", "0")], "positief"),
    ([b("granted", "1000"), b("reclaimed", "-5")], "positief"),
    ([b("granted", "-1")], "negatief"),
    ([b("spent", "1")], "Onbekende"),
])
def test_violations(bookings, words):
    found = ledger_violations(bookings, SHARE)
    if words is None:
        assert found == []
    else:
        assert any(words in p for p in found), found


@pytest.mark.django_db
class TestPlanLedger:
    def test_settlement_pays_the_balance(self):
        plan = declared_plan(decided_on=dt.date(2014, 7, 1))
        record_advance(plan, D("1787300.00"), dt.date(2014, 7, 1))
        s = settle_plan(plan, dt.date(2016, 12, 1))
        bal = plan_ledger(plan)
        assert bal.granted_eur == D("17873000.00")
        assert bal.advanced_eur == D("1787300.00")
        assert bal.settled_eur == s.determined_subsidy_eur == D("18641480.00")
        assert Payment.objects.get(plan=plan).amount_eur == s.balance_eur == D("16854180.00")
        assert not Clawback.objects.filter(plan=plan).exists()
        assert bal.advanced_eur + bal.paid_eur - bal.reclaimed_eur == bal.settled_eur
        assert check_plan_ledger(plan) == []

    def test_settlement_below_the_advances_is_a_clawback(self):
        measures = [("M1", "general_training", "training", 100, "1000000", 100, "700000")]
        plan = declared_plan(measures=measures, decided_on=dt.date(2014, 7, 1))
        record_advance(plan, D("400000.00"), dt.date(2016, 1, 1))
        s = settle_plan(plan, dt.date(2016, 12, 1))
        # 50 % of 700,000 + 50 % of the overhead (15 % of 700,000)
        assert s.determined_subsidy_eur == D("402500.00")
        assert s.balance_eur == D("2500.00")
        plan2 = declared_plan("Tweede", measures=[("M1", "general_training", "training", 100, "1000000", 50, "700000")],
                              decided_on=dt.date(2014, 7, 1))
        record_advance(plan2, D("400000.00"), dt.date(2016, 1, 1))
        s2 = settle_plan(plan2, dt.date(2016, 12, 1))
        assert s2.determined_subsidy_eur == D("0.00") and s2.balance_eur == D("-400000.00")
        assert Clawback.objects.get(plan=plan2).amount_eur == D("400000.00")
        assert check_plan_ledger(plan2) == []

    def test_grants_are_booked_once_per_decision_as_changes(self):
        plan = declared_plan(decided_on=dt.date(2014, 7, 1))
        sync_grants(plan)
        revise(plan, max_subsidy=D("15000000.00"), decided_on=dt.date(2015, 3, 1))
        sync_grants(plan)
        sync_grants(plan)
        amounts = list(LedgerEntry.objects.filter(plan=plan, kind="granted").values_list("amount_eur", flat=True))
        assert amounts == [D("17873000.00"), D("-2873000.00")]
        assert plan_ledger(plan).granted_eur == D("15000000.00")

    def test_bookings_are_immutable(self):
        plan = declared_plan(decided_on=dt.date(2014, 7, 1))
        entry = record_advance(plan, D("100.00"), dt.date(2014, 7, 1))
        entry = AdvancePayment.objects.get(pk=entry.pk)
        entry.amount_eur = D("1000000.00")
        with pytest.raises(ImmutableError):
            entry.save()
        with pytest.raises(ImmutableError):
            entry.delete()

    def test_the_queryset_refuses_to_change_bookings(self):
        plan = declared_plan(decided_on=dt.date(2014, 7, 1))
        entry = record_advance(plan, D("100.00"), dt.date(2014, 7, 1))
        with pytest.raises(ImmutableError):
            LedgerEntry.objects.filter(pk=entry.pk).update(amount_eur=D("1000000.00"))
        with pytest.raises(ImmutableError):
            AdvancePayment.objects.filter(pk=entry.pk).delete()
        with pytest.raises(ImmutableError):
            plan.ledger_entries.all().delete()
        assert LedgerEntry.objects.get(pk=entry.pk).amount_eur == D("100.00")

    def test_database_refuses_a_negative_payment(self):
        plan = declared_plan(decided_on=dt.date(2014, 7, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntryFactory(plan=plan, kind="paid", amount_eur=D("-1"), booked_on=dt.date(2016, 1, 1))
