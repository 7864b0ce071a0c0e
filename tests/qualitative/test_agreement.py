"""Cohen's kappa against worked examples with a known answer."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sectorplannen.qualitative.agreement import cohen_kappa, per_code


def test_textbook_example():
    # 50 items: both yes 20, first yes second no 5, first no second yes 10, both no 15 -> kappa 0.4
    first = ["yes"] * 25 + ["no"] * 25
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(first, second) == Fraction(2, 5)


def test_perfect_and_chance_agreement():
    assert cohen_kappa(["a", "b", "c"], ["a", "b", "c"]) == 1
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["a", "a"], ["a", "a"]) is None  # expected agreement 1: undefined
    with pytest.raises(ValueError):
        cohen_kappa(["a"], [])


def test_per_code_of_a_multi_code_question():
    first = [["fit", "approach"], ["fit"], [], ["approach"]]
    second = [["fit"], ["fit"], ["approach"], ["approach"]]
    result = {r.code: r for r in per_code(first, second, ["fit", "approach"])}
    assert result["fit"].kappa == 1 and result["fit"].agreed == 4
    assert result["approach"].agreed == 2 and result["approach"].kappa == 0
