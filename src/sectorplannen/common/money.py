"""Money and percentages: exact rounding to cents and Dutch formatting for letters and explanations.

Calculations keep exact values (``Fraction`` or ``Decimal``) and round once, half-up, to cents;
formatting is for people only (JSON and CSV output use plain ``str(Decimal)``).
"""

from __future__ import annotations

from decimal import MAX_PREC, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

CENT = Decimal("0.01")
_EXACT = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP)  # however large the amount, no precision loss
ZERO = Decimal("0.00")


def to_cents(value: Decimal | Fraction | int) -> Decimal:
    """Round an exact amount half-up (away from zero) to whole cents, without any float step."""
    exact = Fraction(value)
    hundredfold = abs(exact) * 100
    whole, rest = divmod(hundredfold.numerator, hundredfold.denominator)
    if 2 * rest >= hundredfold.denominator:
        whole += 1
    cents = Decimal(-whole if exact < 0 else whole).scaleb(-2)
    return cents.quantize(CENT, context=_EXACT)


def cents_down(value: Decimal | Fraction | int) -> Decimal:
    """Whole cents not above ``value`` (for ceilings: "up to 80 %" must never round up past it)."""
    exact = Fraction(value) * 100
    return Decimal(exact.numerator // exact.denominator).scaleb(-2).quantize(CENT, context=_EXACT)


def is_cents(value: Decimal) -> bool:
    """Whether ``value`` is a finite amount with at most two decimals."""
    return value.is_finite() and value == value.quantize(CENT)


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        digits, tail = digits[:-3], digits[-3:]
        groups.insert(0, tail)
    return ".".join([digits, *groups])


def format_int(value: int) -> str:
    """``12345`` → ``12.345``."""
    text = _group(str(abs(value)))
    return f"-{text}" if value < 0 else text


def format_decimal(value, places: int = 2) -> str:
    """Dutch notation of a number rounded half-up to ``places`` decimals: ``1.234,5``."""
    amount = Decimal(value).quantize(Decimal(1).scaleb(-places), context=_EXACT)
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    sign = "-" if amount < 0 else ""
    return f"{sign}{_group(whole)}" + (f",{fraction}" if places else "")


def format_eur(value: Decimal, places: int = 2) -> str:
    """Dutch notation: ``€ 1.234,56`` and ``€ -1.234,56`` (``places=0`` for whole euros in reports)."""
    return f"€ {format_decimal(value, places)}"


def format_share(ratio, places: int = 1) -> str:
    """A ratio as a percentage rounded half-up, for reports: ``0.9572`` → ``95,7 %``. (Letters use
    ``format_pct``, which never rounds up past a threshold.)"""
    return f"{format_decimal(Decimal(ratio) * 100, places)} %"


def format_pct(ratio: Decimal | Fraction, places: int = 2) -> str:
    """A ratio as a Dutch percentage, cut off (never rounded up) after ``places`` decimals, so that a
    ratio just below a threshold is never shown as the threshold itself: ``0.59999`` → ``59,99 %``."""
    exact = abs(Fraction(ratio)) * 100 * 10**places
    shown = Decimal(exact.numerator // exact.denominator).scaleb(-places)
    text = ("-" if ratio < 0 else "") + f"{shown:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"
