"""Each settlement rule (scheme-rules.md, Settlement 1–8), table-driven, with the worked example."""

import datetime as dt
from decimal import Decimal as D

import pytest

from sectorplannen.finance.settlement import (
    BELOW_PARTICIPANT_THRESHOLD,
    OK,
    MeasureInput,
    SettlementInput,
    settle,
)

from .factories import WORKED_EXAMPLE, rules

AMENDED = dt.date(2015, 1, 1)
ORIGINAL = dt.date(2014, 6, 1)


def measure(code="M1", mtype="general_training", planned_p=100, realised_p=100, planned="1000000",
            eligible="1000000"):
    return MeasureInput(code, mtype, planned_p, realised_p, D(planned), D(eligible))


def plan(*measures, max_subsidy=None, advances="0", tiers_on=AMENDED):
    return SettlementInput(tuple(measures), None if max_subsidy is None else D(max_subsidy), D(advances),
                           tiers_on=tiers_on)


def worked_example(**kwargs):
    return plan(*(MeasureInput(c, t, pp, rp, D(pc), D(ec)) for c, t, _, pp, pc, rp, ec in WORKED_EXAMPLE), **kwargs)


def test_worked_example_of_scheme_rules():
    r = settle(worked_example(), rules("sectorplannen-2013"))
    assert r.eligible_costs_eur == D("85696000.00")
    assert r.measure_subsidy_eur == D("17873000.00")
    assert [b.overhead_eur for b in r.overhead_bands] == [D("150000.00"), D("630000.00"), D("756960.00")]
    assert r.overhead_eur == D("1536960.00")
    assert r.overhead_subsidy_eur == D("768480.00")
    assert r.determined_subsidy_eur == D("18641480.00")
    assert r.total_costs_including_overhead_eur == D("87232960.00")
    assert not r.cap_applied and r.cost_threshold_met
    assert r.balance_eur == D("18641480.00")


def test_worked_example_with_the_original_2013_tiers():
    r = settle(worked_example(tiers_on=ORIGINAL), rules("sectorplannen-2013"))
    # 15 % of 500,000 + 7 % of 500,000 + 1 % of 84,696,000
    assert r.overhead_eur == D("75000.00") + D("35000.00") + D("846960.00")
    assert r.overhead_subsidy_eur == D("478480.00")
    assert r.determined_subsidy_eur == D("17873000.00") + D("478480.00")


@pytest.mark.parametrize(("scheme", "mtype", "eligible", "subsidy"), [
    ("sectorplannen-2013", "work_placement", "83250000", "16650000.00"),
    ("sectorplannen-2013", "vulnerable_hiring", "40000", "40000.00"),
    ("sectorplannen-2013", "general_training", "1735000", "867500.00"),
    ("sectorplannen-2013", "career_check", "0.01", "0.01"),  # 0.005 rounds half-up
    ("sectorplannen-2015", "ww_to_work", "200000", "100000.00"),
])
def test_step1_measure_subsidy_is_rate_times_realised_costs(scheme, mtype, eligible, subsidy):
    r = settle(plan(measure(mtype=mtype, planned="0", eligible=eligible)), rules(scheme))
    assert r.measures[0].subsidy_eur == D(subsidy)
    assert r.measure_subsidy_eur == D(subsidy)


@pytest.mark.parametrize(("planned_p", "realised_p", "status", "check"), [
    (100, 60, OK, "met"),  # exactly 60 % is enough
    (100, 59, BELOW_PARTICIPANT_THRESHOLD, "not_met"),
    (3, 2, OK, "met"),
    (3, 1, BELOW_PARTICIPANT_THRESHOLD, "not_met"),
    (5, None, BELOW_PARTICIPANT_THRESHOLD, "not_met"),  # nothing declared counts as 0
    (None, None, OK, "exempt"),
    (0, 0, OK, "exempt"),
    (100, 250, OK, "met"),
])
def test_step2_participant_threshold_per_measure(planned_p, realised_p, status, check):
    r = settle(plan(measure(planned_p=planned_p, realised_p=realised_p)), rules())
    m = r.measures[0]
    assert (m.status, m.participant_check) == (status, check)
    assert m.gross_subsidy_eur == D("500000.00")
    assert m.subsidy_eur == (D("500000.00") if status == OK else D("0.00"))


def test_step2_participant_threshold_at_plan_level():
    low = measure("A", planned_p=100, realised_p=30)
    high = measure("B", planned_p=100, realised_p=100)
    free = measure("C", planned_p=None, realised_p=None)
    per_measure = settle(plan(low, high, free), rules())
    assert [m.status for m in per_measure.measures] == [BELOW_PARTICIPANT_THRESHOLD, OK, OK]
    plan_level = rules(participant_threshold={"level": "plan"})
    together = settle(plan(low, high, free), plan_level)  # 130 of 200 = 65 %
    assert [m.status for m in together.measures] == [OK, OK, OK]
    short = settle(plan(low, measure("B", planned_p=100, realised_p=80), free), plan_level)  # 110 of 200
    assert [m.status for m in short.measures] == [BELOW_PARTICIPANT_THRESHOLD, BELOW_PARTICIPANT_THRESHOLD, OK]
    assert any("planniveau" in e.text and "55 %" in e.text for e in short.explanation)


@pytest.mark.parametrize(("eligible", "met", "determined"), [
    ("600000", True, "300000.00"),
    ("599999.99", False, "0.00"),
    ("0", False, "0.00"),
])
def test_step3_cost_threshold_nil(eligible, met, determined):
    scheme = rules(overhead={"subsidy_rate": "0"})
    r = settle(plan(measure(planned="1000000", eligible=eligible)), scheme)
    assert r.cost_threshold_met is met
    assert r.determined_subsidy_eur == D(determined)


def test_step3_cost_threshold_proportional_multiplies_the_determined_subsidy():
    scheme = rules(cost_threshold={"consequence": "proportional"})
    r = settle(plan(measure(planned="1000000", eligible="500000")), scheme)
    # measure 250,000 + 50 % of overhead 75,000 (15 % of 500,000) = 287,500; × 500,000 / 1,000,000
    assert r.capped_measure_subsidy_eur + r.overhead_subsidy_eur == D("287500.00")
    assert not r.cost_threshold_met
    assert r.determined_subsidy_eur == D("143750.00")
    assert any("naar rato" in e.text for e in r.explanation)


def test_step3_proportional_rounds_half_up_to_cents():
    scheme = rules(cost_threshold={"consequence": "proportional"}, overhead={"subsidy_rate": "0"})
    r = settle(plan(measure(mtype="vulnerable_hiring", planned="3", eligible="1")), scheme)
    assert r.determined_subsidy_eur == D("0.33")  # 1 × 1/3


@pytest.mark.parametrize(("max_subsidy", "applied", "capped"), [
    (None, False, "500000.00"),
    ("600000", False, "500000.00"),
    ("500000", False, "500000.00"),
    ("400000.50", True, "400000.50"),
    ("0", True, "0.00"),
])
def test_step4_cap(max_subsidy, applied, capped):
    r = settle(plan(measure(), max_subsidy=max_subsidy), rules())
    assert r.cap_applied is applied
    assert r.capped_measure_subsidy_eur == D(capped)
    assert r.determined_subsidy_eur == D(capped) + r.overhead_subsidy_eur


def test_step5_overhead_only_on_measures_that_kept_a_subsidy():
    kept = measure("A", planned="400000", eligible="400000")
    lost = measure("B", planned_p=100, realised_p=10, planned="600000", eligible="600000")
    r = settle(plan(kept, lost), rules())
    assert r.overhead_base_eur == D("400000.00")
    assert r.overhead_eur == D("60000.00")  # 15 % of the first tier
    assert r.overhead_subsidy_eur == D("30000.00")
    assert r.determined_subsidy_eur == D("200000.00") + D("30000.00")


@pytest.mark.parametrize(("base", "overhead"), [
    ("0", "0.00"),
    ("1000000", "150000.00"),
    ("1000000.01", "150000.00"),  # 7 % of one cent rounds to 0
    ("1000000.08", "150000.01"),
    ("10000000", "780000.00"),
    ("12345678.90", "803456.79"),
])
def test_step5_overhead_tiers_are_marginal(base, overhead):
    r = settle(plan(measure(planned_p=None, planned="0", eligible=base)), rules())
    assert r.overhead_eur == D(overhead)


@pytest.mark.parametrize(("advances", "balance", "word"), [
    ("0", "600000.00", "uitbetaald"),
    ("400000", "200000.00", "uitbetaald"),
    ("600000", "0.00", "geen betaling"),
    ("700000.01", "-100000.01", "teruggevorderd"),
])
def test_step7_balance(advances, balance, word):
    r = settle(plan(measure(eligible="1200000"), max_subsidy="600000", advances=advances),
               rules(overhead={"subsidy_rate": "0"}))
    assert r.determined_subsidy_eur == D("600000.00")
    assert r.balance_eur == D(balance)
    assert r.explanation[-1].rule == "balance" and word in r.explanation[-1].text


def test_step8_every_rule_is_explained_with_dutch_amounts():
    r = settle(worked_example(max_subsidy="20000000", advances="1000000"), rules())
    assert {e.rule for e in r.explanation} == {
        "measure_subsidy", "participant_threshold", "cost_threshold", "cap", "overhead", "overhead_subsidy",
        "determined_subsidy", "balance",
    }
    text = "\n".join(e.text for e in r.explanation)
    for needle in ("€ 16.650.000,00", "20 %", "3.400 van 3.400", "geen deelnemersdoel", "€ 85.696.000,00",
                   "15 % van € 1.000.000,00", "€ 1.536.960,00", "€ 768.480,00", "€ 18.641.480,00",
                   "€ 20.000.000,00", "€ 17.641.480,00 wordt uitbetaald"):
        assert needle in text, needle
    # every measure has its own lines
    assert {e.measure for e in r.explanation if e.measure} == {"mobility", "training", "work_placements", "other"}


def test_json_has_the_contract_keys_and_exact_strings():
    out = settle(worked_example(), rules()).to_json()
    assert {"measures", "eligible_costs_eur", "overhead_eur", "overhead_subsidy_eur", "measure_subsidy_eur",
            "cap_applied", "cost_threshold_met", "determined_subsidy_eur", "advances_paid_eur", "balance_eur",
            "explanation"} <= set(out)
    assert out["determined_subsidy_eur"] == "18641480.00"
    assert {"code", "rate", "subsidy_eur", "status"} <= set(out["measures"][0])
    assert out["measures"][2]["rate"] == "0.20"
    assert all(isinstance(t, str) for t in out["explanation"])


@pytest.mark.parametrize("bad", [
    {"planned": "-1"}, {"eligible": "1.005"}, {"planned_p": -1}, {"realised_p": 1.5},
])
def test_invalid_measure_input_is_refused(bad):
    with pytest.raises(ValueError):
        measure(**bad)


def test_duplicate_measure_codes_are_refused():
    with pytest.raises(ValueError, match="uniek"):
        plan(measure("A"), measure("A"))
