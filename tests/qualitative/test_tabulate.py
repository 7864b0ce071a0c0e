"""The tabulation engine on hand-made answer sets: exact shares, denominators, groups, suppression."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from sectorplannen.qualitative.frame import MeasureRecord, PlanRecord
from sectorplannen.qualitative.specs import TabulationSpec, published_specs
from sectorplannen.qualitative.tabulate import tabulate

SPECS = {s.id: s for s in published_specs()}
RATIO = Decimal("0.98")


def plan(key, tranche="T1/2", kind="sectoral", cluster="overig", measures=(), **answers):
    return PlanRecord(key, key, tranche, kind, cluster, list(measures), answers)


def measure(key, theme, planned=100, realised=100, **answers):
    return MeasureRecord.with_shortfall(key, theme, planned, realised, RATIO, answers)


def test_share_of_measures_counts_only_those_that_answered():
    a = [measure("a1", "career_check", B1="changed"), measure("a2", "career_check", B1="as_planned"),
         measure("a3", "training", B1="stopped")]
    b = [measure("b1", "career_check", B1="stopped"), measure("b2", "career_check")]
    plans = [plan("a", measures=a), plan("b", measures=b),
             plan("c", tranche="T3", measures=[measure("c1", "career_check", B1="changed")])]
    r = tabulate(SPECS["T-02"], plans)  # career check, T1/2, changed or stopped
    assert (r.k, r.n, r.share) == (2, 3, Fraction(2, 3))


def test_plan_unit_counts_a_plan_once_when_any_measure_of_the_theme_has_the_code():
    a = [measure("a1", "mobility", B5=["fit"]), measure("a2", "mobility", B5=["fit", "approach"])]
    b = [measure("b1", "mobility", B5=["approach"]), measure("b2", "training", B5=["fit"])]
    plans = [plan("a", measures=a), plan("b", measures=b), plan("c", measures=[measure("c1", "training", B5=["fit"])])]
    r = tabulate(SPECS["T-06a"], plans)  # plans with mobility measures naming fit
    assert (r.k, r.n) == (1, 2)


def test_all_aggregation_needs_every_trajectory_as_planned():
    a = [measure("a1", "ww_to_work", B1="as_planned"), measure("a2", "other_to_work", B1="as_planned")]
    b = [measure("b1", "ww_to_work", B1="as_planned"), measure("b2", "other_to_work", B1="changed")]
    r = tabulate(SPECS["T-31"], [plan("a", "T3", measures=a), plan("b", "T3", measures=b)])
    assert (r.k, r.n, r.share) == (1, 2, Fraction(1, 2))


def test_shortfall_is_computed_from_the_decision_never_asked():
    plans = [plan("a", measures=[measure("a1", "training", 100, 98), measure("a2", "training", 100, 97),
                                 measure("a3", "other", None, 5), measure("a4", "health", 50, 10)])]
    r = tabulate(SPECS["T-10"], plans, by="theme")
    assert (r.k, r.n) == (2, 3)  # 98 % is reached; the measure without a planned number is not counted
    assert {(c.group, c.k, c.n) for c in r.groups} == {("training", 1, 2), ("health", 1, 1)}


def test_condition_on_an_earlier_answer_sets_the_denominator():
    plans = [plan(str(i), C5=codes) for i, codes in enumerate(
        [["quality_up"], ["quality_down"], ["quality_up", "personnel"], ["none"], ["composition"]])]
    assert tabulate(SPECS["T-44b"], plans).share == Fraction(3, 5)
    assert tabulate(SPECS["T-44c"], plans).share == Fraction(2, 3)
    assert tabulate(SPECS["T-44a"], plans).share == Fraction(1, 5)


def test_counts_and_rank_of_mentions():
    plans = [plan(str(i), C9=c) for i, c in enumerate([["shared_vision", "trust"], ["shared_vision"], ["urgency"]])]
    assert tabulate(SPECS["T-52.01"], plans).k == 2
    ms = [measure("m1", "training", B5=["fit", "approach"]), measure("m2", "health", B5=["fit"]),
          measure("m3", "other", B5=["approach", "information"]), measure("m4", "other", B5=["fit"])]
    r = tabulate(SPECS["T-09"], [plan("p", measures=ms)])
    assert r.ranking == (("fit", 3), ("approach", 2), ("information", 1))
    assert r.meets_published() is True


def test_populations_by_kind_cluster_and_tranche():
    plans = [plan("r1", kind="regional", C11c="strongly_agree"), plan("r2", "T3", kind="regional", C11c="agree"),
             plan("s1", C11c="disagree"), plan("s2", C11c="strongly_disagree"), plan("s3", C11c="neutral"),
             plan("z", cluster="zorg", C11c="agree")]
    assert tabulate(SPECS["T-58d"], plans).share == Fraction(1, 2)  # regional, every tranche
    assert tabulate(SPECS["T-58e"], plans).share == Fraction(2, 4)  # national T1/2
    assert tabulate(SPECS["T-58f"], plans).share == 1
    r = tabulate(SPECS["T-58a"], plans, by="kind", min_n=2)
    assert [(c.group, c.k, c.n, c.suppressed) for c in r.groups] == [
        ("regional", 1, 1, True), ("sectoral", 1, 4, False)]


@pytest.mark.parametrize("n, suppressed", [(4, True), (5, False)])
def test_small_cells_are_suppressed_at_the_threshold(n, suppressed):
    plans = [plan(str(i), C14="yes") for i in range(n)]
    assert tabulate(SPECS["T-47"], plans).suppressed is suppressed


def test_published_expectation_is_read_from_the_data_file():
    spec = replace(SPECS["T-57b"])
    plans = [plan(str(i), C11b="disagree" if i < 13 else "agree") for i in range(20)]
    assert tabulate(spec, plans).meets_published() is True
    assert tabulate(spec, plans[:19]).meets_published() is False  # n must be the printed 20
    assert isinstance(spec, TabulationSpec)
