"""Invariants of the settlement engine, over generated plans and scheme variants (hypothesis)."""

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sectorplannen.finance.settlement import BELOW_PARTICIPANT_THRESHOLD, MeasureInput, SettlementInput, settle

from .factories import rules

RULE_VARIANTS = [
    rules(scheme, participant_threshold={"level": level}, cost_threshold={"consequence": consequence})
    for scheme in ("sectorplannen-2013", "sectorplannen-2015")
    for level in ("measure", "plan")
    for consequence in ("nil", "proportional")
]
TIERS_ON = [None, dt.date(2014, 1, 1), dt.date(2016, 1, 1)]


def cents(max_euros=200_000_000):
    return st.integers(0, max_euros * 100).map(lambda c: Decimal(c).scaleb(-2))


@st.composite
def cases(draw):
    r = draw(st.sampled_from(RULE_VARIANTS))
    n = draw(st.integers(1, 6))
    measures = []
    for i in range(n):
        planned_p = draw(st.none() | st.integers(0, 5000))
        realised_p = draw(st.none() | st.integers(0, 6000))
        measures.append(MeasureInput(f"M{i}", draw(st.sampled_from(sorted(r.measure_types))), planned_p, realised_p,
                                     draw(cents()), draw(cents())))
    inp = SettlementInput(tuple(measures), draw(st.none() | cents()), draw(cents()),
                          tiers_on=draw(st.sampled_from(TIERS_ON)))
    return inp, r


def with_measure(inp, i, **changes):
    measures = list(inp.measures)
    measures[i] = dataclasses.replace(measures[i], **changes)
    return dataclasses.replace(inp, measures=tuple(measures))


def amounts(result):
    yield from (result.eligible_costs_eur, result.planned_costs_eur, result.measure_subsidy_eur,
                result.capped_measure_subsidy_eur, result.overhead_base_eur, result.overhead_eur,
                result.overhead_subsidy_eur, result.determined_subsidy_eur, result.balance_eur)
    for m in result.measures:
        yield from (m.gross_subsidy_eur, m.subsidy_eur)
    for b in result.overhead_bands:
        yield b.overhead_eur


@settings(max_examples=150, deadline=None)
@given(cases())
def test_never_above_the_cap_plus_the_overhead_subsidy(case):
    inp, r = case
    result = settle(inp, r)
    assert Decimal(0) <= result.determined_subsidy_eur
    assert result.determined_subsidy_eur <= result.capped_measure_subsidy_eur + result.overhead_subsidy_eur
    if inp.max_subsidy_eur is not None:
        assert result.determined_subsidy_eur <= inp.max_subsidy_eur + result.overhead_subsidy_eur
        assert result.capped_measure_subsidy_eur <= inp.max_subsidy_eur


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_never_decreases_when_realised_costs_rise(case, data):
    inp, r = case
    i = data.draw(st.integers(0, len(inp.measures) - 1))
    more = data.draw(cents(50_000_000))
    before = settle(inp, r).determined_subsidy_eur
    after = settle(with_measure(inp, i, eligible_costs_eur=inp.measures[i].eligible_costs_eur + more), r)
    assert after.determined_subsidy_eur >= before


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_never_decreases_when_realised_participants_rise(case, data):
    inp, r = case
    i = data.draw(st.integers(0, len(inp.measures) - 1))
    more = data.draw(st.integers(0, 5000))
    before = settle(inp, r).determined_subsidy_eur
    after = settle(with_measure(inp, i, realised_participants=(inp.measures[i].realised_participants or 0) + more), r)
    assert after.determined_subsidy_eur >= before


@settings(max_examples=150, deadline=None)
@given(cases(), st.data())
def test_a_nilled_measure_contributes_nothing(case, data):
    inp, r = case
    # Without a cost threshold the realised costs matter only through the measures themselves.
    r = dataclasses.replace(r, cost_threshold=dataclasses.replace(r.cost_threshold, min_ratio=Decimal(0)))
    result = settle(inp, r)
    nilled = [i for i, m in enumerate(result.measures) if m.status == BELOW_PARTICIPANT_THRESHOLD]
    for i in nilled:
        assert result.measures[i].subsidy_eur == 0
    assert result.overhead_base_eur == sum((m.eligible_costs_eur for m in result.measures
                                            if m.status != BELOW_PARTICIPANT_THRESHOLD), Decimal(0))
    if nilled:
        i = data.draw(st.sampled_from(nilled))
        other = settle(with_measure(inp, i, eligible_costs_eur=data.draw(cents())), r)
        assert other.measures[i].status == BELOW_PARTICIPANT_THRESHOLD
        assert other.determined_subsidy_eur == result.determined_subsidy_eur


@settings(max_examples=150, deadline=None)
@given(cases())
def test_amounts_are_exact_cents_and_add_up(case):
    inp, r = case
    result = settle(inp, r)
    for amount in amounts(result):
        assert amount.as_tuple().exponent == -2
    assert result.measure_subsidy_eur == sum((m.subsidy_eur for m in result.measures), Decimal(0))
    assert result.overhead_eur == sum((b.overhead_eur for b in result.overhead_bands), Decimal(0))
    assert result.balance_eur == result.determined_subsidy_eur - inp.advances_paid_eur
    if result.cost_threshold_met:
        assert result.determined_subsidy_eur == result.capped_measure_subsidy_eur + result.overhead_subsidy_eur
    elif r.cost_threshold.consequence == "nil":
        assert result.determined_subsidy_eur == 0
    rules_explained = [e.rule for e in result.explanation]
    for rule in ("cost_threshold", "cap", "overhead", "overhead_subsidy", "determined_subsidy", "balance"):
        assert rules_explained.count(rule) == 1
    assert {e.measure for e in result.explanation if e.rule == "measure_subsidy"} - {""} == {
        m.code for m in inp.measures}
