"""Each example scenario's effect on a plan computed by hand (amended tiers: 15 % of the first € 1 mln,
7 % up to € 10 mln, 1 % above; the government pays 50 % of the overhead; rates 50 %, work placements 20 %)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from sectorplannen.simulator.compare import compare
from sectorplannen.simulator.replay import run_scenario

from .helpers import EXAMPLES, baseline, case, example, measure

BIG = {"1-2": D("1000000000"), "3": D("1000000000")}


def diff(cases, scenario, ceilings=BIG, *, assume=False):
    ref = run_scenario(cases, baseline(), ceilings=ceilings)
    run = run_scenario(cases, scenario, assume=assume, ceilings=ceilings)
    return compare(run, ref, ceilings), ref, run


def determined(run, name):
    return run.by_key()[name].result.determined_subsidy_eur


def test_every_example_file_parses_and_names_a_lesson():
    names = sorted(p.stem for p in EXAMPLES.glob("*.json"))
    assert len(names) >= 6
    for name in names:
        s = example(name)
        assert s.name == name and s.reason


def test_fixed_overhead_part_helps_small_plans_and_leaves_large_ones():
    small = case(measure(planned="400000", eligible="400000"), name="Klein", max_subsidy="200000")
    large = case(measure(planned="2000000", eligible="2000000"), name="Groot", max_subsidy="1000000")
    c, ref, run = diff([small, large], example("vast-deel-overhead"))
    # small: now 15 % × 400,000 = 60,000 overhead → 30,000; then 50,000 + 10 % × 400,000 = 90,000 → 45,000
    assert determined(ref, "Klein") == D("230000.00") and determined(run, "Klein") == D("245000.00")
    # large: 150,000 + 70,000 = 220,000 either way (50,000 + 100,000 + 70,000)
    assert determined(run, "Groot") == determined(ref, "Groot") == D("1110000.00")
    klein = next(p for p in c.plans if p.name == "Klein")
    assert any(r.startswith("Vast deel van de overhead: € 50.000,00") for r in klein.reasons)
    assert c.gainers == 1 and c.losers == 0


def test_standard_cost_replaces_real_costs_and_recomputes_the_cap():
    plan = case(measure(planned_p=100, realised_p=80, planned="200000", eligible="190000"), max_subsidy="100000")
    c, ref, run = diff([plan], example("standaardprijs-per-deelnemer"))
    # baseline: 50 % × 190,000 = 95,000; overhead 15 % × 190,000 = 28,500 → 14,250
    assert determined(ref, "Plan A") == D("109250.00")
    # 80 × 1,250 = 100,000 eligible, planned 100 × 1,250 = 125,000 (80 %: met); cap 50 % × 125,000 = 62,500;
    # measure 50,000; overhead 15,000 → 7,500
    outcome = run.by_key()["Plan A"]
    assert outcome.result.max_subsidy_eur == D("62500.00")
    assert determined(run, "Plan A") == D("57500.00")
    assert c.plans[0].difference_eur == D("-51750.00")
    assert any("standaardprijs € 1.250,00 per deelnemer" in r for r in c.plans[0].reasons)


def test_standard_cost_as_ceiling_with_the_assumption_labelled():
    plan = case(measure(planned_p=100, realised_p=100, planned="120000", eligible="100000"), max_subsidy="60000")
    s = example("standaardprijs-als-plafond")
    c, ref, run = diff([plan], s)
    # below the standard (100 × 1,250 = 125,000): the rules alone change nothing
    assert determined(ref, "Plan A") == determined(run, "Plan A") == D("57500.00")
    c2, _, assumed = diff([plan], s, assume=True)
    # assumption: 100,000 + 50 % × (125,000 − 100,000) = 112,500; measure 56,250 (within the cap of 60,000);
    # overhead 16,875 → 8,437.50
    assert determined(assumed, "Plan A") == D("64687.50")
    assert assumed.assumption and assumed.label == "standaardprijs-als-plafond+aanname" and c2.assumption
    assert any(r.startswith("Aanname:") for r in c2.plans[0].reasons)


def _two_plans(tranche_b="1-2"):
    over = case(measure(planned_p=None, realised_p=None, planned="1000000", eligible="1200000"), name="A",
                max_subsidy="500000")
    under = case(measure(planned_p=None, realised_p=None, planned="1000000", eligible="700000"), name="B",
                 max_subsidy="500000", tranche=tranche_b)
    return [over, under]


def test_unspent_subsidy_moves_to_the_plan_the_cap_cut():
    # A: 600,000 capped at 500,000 (100,000 cut) + overhead (150,000 + 14,000) → 82,000 = 582,000.
    # B: 350,000 + overhead 105,000 → 52,500 = 402,500; unspent 500,000 − 402,500 = 97,500.
    c, ref, run = diff(_two_plans(), example("geld-verschuiven-tussen-plannen"))
    assert determined(ref, "A") == D("582000.00") and determined(ref, "B") == D("402500.00")
    assert determined(run, "A") == D("679500.00") and determined(run, "B") == D("402500.00")
    a = next(p for p in c.plans if p.name == "A")
    assert a.reallocated_eur == D("97500.00")
    assert any(r.startswith("Herverdeling binnen tranche 1-2: € 97.500,00") for r in a.reasons)
    # the tranche ceiling limits the pool: 1,000,000 − (582,000 + 402,500) = 15,500
    _, _, limited = diff(_two_plans(), example("geld-verschuiven-tussen-plannen"), {"1-2": D("1000000")})
    assert determined(limited, "A") == D("597500.00")


def test_reallocation_order_largest_shortfall_first():
    plans = _two_plans() + [case(measure(planned_p=None, realised_p=None, planned="1000000", eligible="1100000"),
                                 name="C", max_subsidy="500000")]
    # pool 97,500: A's cut (100,000) comes before C's (50,000), so A takes it all
    _, _, run = diff(plans, example("geld-verschuiven-tussen-plannen"))
    assert run.by_key()["A"].reallocated_eur == D("97500.00") and run.by_key()["C"].reallocated_eur == 0


def test_participant_threshold_on_the_plan_total():
    plan = case(measure("M1", realised_p=50), measure("M2", realised_p=90), max_subsidy="100000")
    c, ref, run = diff([plan], example("deelnemersdrempel-op-plantotaal"))
    # measure level: M1 reached 50 % (< 60 %) and gets nothing: 50,000 + overhead 15,000 → 7,500
    assert determined(ref, "Plan A") == D("57500.00") and ref.by_key()["Plan A"].nil_measures == ("M1",)
    # plan level: 140 of 200 = 70 %: both keep their subsidy: 100,000 + overhead 30,000 → 15,000
    assert determined(run, "Plan A") == D("115000.00") and run.by_key()["Plan A"].nil_measures == ()
    assert any(r.startswith("Deelnemersdrempel op planniveau: 140 van 200") for r in c.plans[0].reasons)


def test_preparation_share_is_paid_without_the_participant_threshold():
    plan = case(measure(realised_p=50), max_subsidy="50000")
    c, ref, run = diff([plan], example("voorbereiding-los-van-uitvoering"))
    assert determined(ref, "Plan A") == D("0.00")
    # 10 % of 100,000 = 10,000 preparation (no target): 5,000 + overhead 1,500 → 750; execution nil
    assert determined(run, "Plan A") == D("5750.00")
    assert run.by_key()["Plan A"].nil_measures == ("M1",)


@pytest.mark.parametrize("name, moved", [("geld-verschuiven-tussen-plannen", D("0.00")),
                                         ("anticyclisch-een-budget", D("97500.00"))])
def test_one_budget_over_all_tranches(name, moved):
    # A (tranche 1-2) was cut by the cap; B's unspent 97,500 is in tranche 3: only a single budget moves it
    _, _, run = diff(_two_plans(tranche_b="3"), example(name))
    assert run.by_key()["A"].reallocated_eur == moved


def test_cost_threshold_per_measure():
    """Not an example file, but a parameter the issue names: the cost threshold judged per measure."""
    from .helpers import scenario

    plan = case(measure("M1", planned="100000", eligible="50000"), measure("M2"), max_subsidy="100000")
    c, ref, run = diff([plan], scenario({"cost_threshold": {"level": "measure", "min_ratio": "0.60"}}))
    # plan level: 150,000 of 200,000 (75 %) met: 75,000 + overhead 22,500 → 11,250
    assert determined(ref, "Plan A") == D("86250.00")
    # per measure: M1 reached 50 % of its planned costs and gets nothing: 50,000 + overhead 15,000 → 7,500
    assert determined(run, "Plan A") == D("57500.00") and run.by_key()["Plan A"].nil_measures == ("M1",)
    assert c.plans[0].reasons[0].startswith("Kostendrempel per maatregel: maatregel M1")
