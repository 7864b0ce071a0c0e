"""Dutch number formatting for pages, reports and charts (€ 1.234,56; 96,0 %)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def nl_int(value) -> str:
    if value is None:
        return "–"
    n = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return ("-" if n < 0 else "") + _group(str(abs(n)))


def nl_decimal(value, places: int = 2) -> str:
    if value is None:
        return "–"
    d = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _, frac = str(abs(d)).partition(".")
    return f"{sign}{_group(whole)},{frac}" if places else f"{sign}{_group(whole)}"


def nl_eur(value, places: int = 0) -> str:
    return "–" if value is None else f"€ {nl_decimal(value, places)}"


def nl_pct(value, places: int = 1) -> str:
    """``value`` is a ratio (0.96 → '96,0 %')."""
    return "–" if value is None else f"{nl_decimal(Decimal(value) * 100, places)} %"
