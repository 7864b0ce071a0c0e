"""Rounding half-up to cents without floats, and Dutch notation for people."""

from decimal import Decimal
from fractions import Fraction

import pytest

from sectorplannen.common.money import cents_down, format_eur, format_int, format_pct, is_cents, to_cents


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("0.005"), "0.01"),
    (Decimal("0.0049999"), "0.00"),
    (Decimal("2.675"), "2.68"),  # a float would give 2.67
    (Decimal("-0.005"), "-0.01"),
    (Fraction(1, 3), "0.33"),
    (Fraction(2, 3), "0.67"),
    (Fraction(1, 200), "0.01"),
    (18641480, "18641480.00"),
])
def test_to_cents_rounds_half_up(value, expected):
    assert to_cents(value) == Decimal(expected)
    assert str(to_cents(value)) == expected


def test_cents_down_never_rounds_up():
    assert cents_down(Fraction(8, 1000)) == Decimal("0.00")
    assert cents_down(Decimal("800000.009")) == Decimal("800000.00")


def test_is_cents():
    assert is_cents(Decimal("1.10")) and is_cents(Decimal("5"))
    assert not is_cents(Decimal("1.005")) and not is_cents(Decimal("NaN"))


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("1234.56"), "€ 1.234,56"),
    (Decimal("18641480"), "€ 18.641.480,00"),
    (Decimal("0"), "€ 0,00"),
    (Decimal("999.9"), "€ 999,90"),
    (Decimal("-1234567.89"), "€ -1.234.567,89"),
])
def test_format_eur_is_dutch(value, expected):
    assert format_eur(value) == expected


@pytest.mark.parametrize(("ratio", "expected"), [
    (Decimal("0.60"), "60 %"),
    (Decimal("0.155"), "15,5 %"),
    (Fraction(59999, 100000), "59,99 %"),  # just below 60 % is never shown as 60 %
    (Fraction(2, 3), "66,66 %"),
    (Decimal("1"), "100 %"),
])
def test_format_pct_cuts_off(ratio, expected):
    assert format_pct(ratio) == expected


def test_format_int_groups_thousands():
    assert format_int(3400) == "3.400" and format_int(12) == "12" and format_int(-1234567) == "-1.234.567"
