"""Dutch notation in pages: € 1.234,56, 12.345, 59,99 % and dates as 1 juli 2014."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import date_format

from sectorplannen.common.money import format_eur, format_int, format_pct

register = template.Library()


@register.filter
def eur(value):
    if value in (None, ""):
        return "–"
    try:
        return format_eur(Decimal(str(value)))
    except InvalidOperation:
        return value


@register.filter
def nlint(value):
    if value in (None, ""):
        return "–"
    try:
        return format_int(int(value))
    except (TypeError, ValueError):
        return value


@register.filter
def pct(value, places=1):
    if value in (None, ""):
        return "–"
    return format_pct(Decimal(str(value)), int(places))


@register.filter
def nldate(value):
    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return date_format(value, "j F Y")


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def who(user, fallback=""):
    """A user's full name or user name; ``fallback`` (e.g. a stored label) or a dash without a user.

    Filter arguments like ``default:user.username`` fail on a missing user (reference plans' decisions
    were taken outside the system), this does not."""
    if user is None:
        return fallback or "–"
    return user.get_full_name() or user.get_username()
