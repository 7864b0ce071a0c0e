"""Dutch number formatting for reports and charts, with a dash for a missing value."""

from __future__ import annotations

from sectorplannen.common.money import format_decimal, format_eur, format_share

DASH = "–"


def nl_int(value) -> str:
    return DASH if value is None else format_decimal(value, 0)


def nl_eur(value, places: int = 0) -> str:
    return DASH if value is None else format_eur(value, places)


def nl_pct(value, places: int = 1) -> str:
    """``value`` is a ratio (0.96 → '96,0 %')."""
    return DASH if value is None else format_share(value, places)
