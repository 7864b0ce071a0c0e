"""The advance schedule, recording advances against it, and the underspending signal."""

import datetime as dt
from decimal import Decimal as D

import pytest

from sectorplannen.finance.advances import HalfYearSpending, advance_schedule, due_by, underspend_signals
from sectorplannen.finance.models import AdvancePayment
from sectorplannen.finance.services import Refused, advance_schedule_for, record_advance, settle_plan

from .factories import declared_plan, revise, rules

GRANT = dt.date(2014, 7, 1)


def test_schedule_ten_percent_then_equal_steps_up_to_eighty():
    s = advance_schedule(D("1000000"), GRANT, dt.date(2016, 6, 30), rules())
    assert [(a.number, a.due_on, a.amount_eur) for a in s] == [
        (1, dt.date(2014, 7, 1), D("100000.00")),
        (2, dt.date(2015, 1, 1), D("233333.33")),
        (3, dt.date(2015, 7, 1), D("233333.33")),
        (4, dt.date(2016, 1, 1), D("233333.34")),
    ]
    assert s[-1].cumulative_eur == D("800000.00")


def test_schedule_numbers_come_from_the_rules():
    r = rules(advances={"initial_share": "0.25", "interval_months": 12, "max_cumulative_share": "0.75"})
    s = advance_schedule(D("1000000"), GRANT, dt.date(2016, 6, 30), r)
    assert [(a.due_on, a.amount_eur) for a in s] == [(GRANT, D("250000.00")), (dt.date(2015, 7, 1), D("500000.00"))]


def test_short_plan_gets_only_the_first_advance():
    s = advance_schedule(D("1000000"), GRANT, dt.date(2014, 12, 31), rules())
    assert [a.amount_eur for a in s] == [D("100000.00")]


def test_schedule_never_rounds_above_the_maximum_share():
    s = advance_schedule(D("0.01"), GRANT, dt.date(2016, 6, 30), rules())
    assert s[-1].cumulative_eur <= D("0.008")
    assert all(a.amount_eur >= 0 for a in s)


def test_due_by():
    s = advance_schedule(D("1000000"), GRANT, dt.date(2016, 6, 30), rules())
    assert due_by(s, dt.date(2014, 6, 30)) == 0
    assert due_by(s, dt.date(2015, 6, 30)) == D("333333.33")
    assert due_by(s, dt.date(2020, 1, 1)) == D("800000.00")


@pytest.mark.parametrize(("planned", "realised", "signal"), [
    ("100000", "75000", True),  # 75 % or less must be reported
    ("100000", "75000.01", False),
    ("100000", "0", True),
    ("0", "0", False),  # nothing planned: nothing to fall short of
    ("100000", "120000", False),
])
def test_underspend_signal(planned, realised, signal):
    periods = [HalfYearSpending(dt.date(2015, 1, 1), D(planned), D(realised))]
    found = underspend_signals(periods, rules())
    assert bool(found) is signal
    if found:
        assert "moet dit melden" in found[0].message and "01-01-2015" in found[0].message


def test_underspend_threshold_is_a_parameter():
    periods = [HalfYearSpending(dt.date(2015, 1, 1), D("100"), D("80"))]
    assert not underspend_signals(periods, rules())
    assert underspend_signals(periods, rules(advances={"underspend_signal_ratio": "0.80"}))


@pytest.mark.django_db
class TestRecordAdvance:
    def plan(self):
        # max subsidy 17,873,000; 80 % = 14,298,400
        return declared_plan(decided_on=GRANT, start=GRANT, end=dt.date(2016, 6, 30))

    def test_advances_follow_the_schedule(self):
        plan = self.plan()
        schedule = advance_schedule_for(plan)
        assert schedule[0].amount_eur == D("1787300.00")
        entry = record_advance(plan, D("1787300.00"), GRANT)
        assert entry.reference == "voorschot 1" and AdvancePayment.objects.get() == entry
        with pytest.raises(Refused, match="voorschotschema"):
            record_advance(plan, D("0.01"), dt.date(2014, 12, 31))
        record_advance(plan, schedule[1].amount_eur, schedule[1].due_on)
        assert AdvancePayment.objects.filter(plan=plan).count() == 2

    def test_never_more_than_the_maximum_share(self):
        plan = self.plan()
        record_advance(plan, D("14298400.00"), dt.date(2020, 1, 1))
        with pytest.raises(Refused):
            record_advance(plan, D("0.01"), dt.date(2020, 1, 1))

    def test_revision_moves_the_schedule(self):
        plan = self.plan()
        revise(plan, max_subsidy=D("1000000.00"), decided_on=dt.date(2015, 1, 15))
        assert advance_schedule_for(plan)[-1].cumulative_eur == D("800000.00")
        with pytest.raises(Refused):
            record_advance(plan, D("800000.01"), dt.date(2020, 1, 1))

    @pytest.mark.parametrize("amount", [D("0"), D("-1"), D("1.001")])
    def test_amount_must_be_positive_cents(self, amount):
        with pytest.raises(Refused, match="positief bedrag"):
            record_advance(self.plan(), amount, GRANT)

    def test_no_advance_after_settlement(self):
        plan = self.plan()
        settle_plan(plan, dt.date(2016, 12, 1))
        with pytest.raises(Refused, match="al vastgesteld"):
            record_advance(plan, D("100"), GRANT)
