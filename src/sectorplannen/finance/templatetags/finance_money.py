"""Template filters for money in Dutch notation (letters and pages): ``{{ amount|eur }}``."""

from django import template

from sectorplannen.common.money import format_eur, format_int, format_pct

register = template.Library()


@register.filter
def eur(value) -> str:
    return "" if value is None else format_eur(value)


@register.filter
def pct(value) -> str:
    return "" if value is None else format_pct(value)


@register.filter
def unbroken(text: str) -> str:
    """Keep "€ 1.234,56" and "60 %" on one line in running text (non-breaking spaces)."""
    return str(text).replace("€ ", "€\u00a0").replace(" %", "\u00a0%")


@register.filter
def number(value) -> str:
    return "–" if value is None else format_int(value)
