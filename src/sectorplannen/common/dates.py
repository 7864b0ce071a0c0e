"""Dates of the project in one place: strict and lenient parsing with one error type, and month
arithmetic (python-dateutil).

- ``parse_iso``: exactly ``YYYY-MM-DD`` (data the system wrote itself, scheme parameters).
- ``parse_input_date``: what people type or export (formats.md, introduction): ISO ``YYYY-MM-DD`` or
  Dutch ``DD-MM-YYYY``; with ``short_day_month`` the Dutch day and month may have one digit
  (``1-4-2015``, how spreadsheets write dates in participant uploads). Only ASCII digits; surrounding
  spaces are ignored.

Both raise ``DateError`` (a ``ValueError``) with a Dutch message that callers show as it is or
replace by their own wording; ``input_date_or_none`` is the lenient parser for callers that report
a bad date themselves (a finding, a row error).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

__all__ = ["DateError", "add_months", "input_date_or_none", "parse_input_date", "parse_iso"]

FORMS = "JJJJ-MM-DD of DD-MM-JJJJ"


class DateError(ValueError):
    """Text that is not a date in the accepted form, or an impossible date (31-02-2015)."""

    def __init__(self, text: str, forms: str = FORMS):
        self.text = text
        super().__init__(f"{text!r} is geen datum ({forms})")


def _digits(part: str, lengths: tuple[int, ...]) -> bool:
    return len(part) in lengths and part.isascii() and part.isdigit()


def _date(text: str, year: str, month: str, day: str, forms: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise DateError(text, forms) from None


def parse_iso(text: str) -> dt.date:
    """Exactly ``YYYY-MM-DD``."""
    parts = str(text).strip().split("-")
    if len(parts) == 3 and _digits(parts[0], (4,)) and _digits(parts[1], (2,)) and _digits(parts[2], (2,)):
        return _date(text, *parts, forms="JJJJ-MM-DD")
    raise DateError(text, "JJJJ-MM-DD")


def parse_input_date(text: str, *, short_day_month: bool = False) -> dt.date:
    """ISO ``YYYY-MM-DD`` or Dutch ``DD-MM-YYYY`` (``D-M-YYYY`` too with ``short_day_month``)."""
    parts = str(text).strip().split("-")
    if len(parts) == 3:
        first, middle, last = parts
        dutch = (1, 2) if short_day_month else (2,)
        if _digits(first, (4,)) and _digits(middle, (2,)) and _digits(last, (2,)):
            return _date(text, first, middle, last, FORMS)
        if _digits(first, dutch) and _digits(middle, dutch) and _digits(last, (4,)):
            return _date(text, last, middle, first, FORMS)
    raise DateError(text)


def input_date_or_none(text: str, *, short_day_month: bool = False) -> dt.date | None:
    """``parse_input_date``, with None instead of the error."""
    try:
        return parse_input_date(text, short_day_month=short_day_month)
    except DateError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``months`` calendar months later (earlier when negative); the 31st of a month becomes the
    last day of a shorter one (31 January + 1 month = 28 or 29 February)."""
    return day + relativedelta(months=months)
