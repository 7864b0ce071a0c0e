"""What the portal's forms share: money fields, the date widget, choices from labels."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from sectorplannen.common.labels import label

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def choices_of(codes, mapping) -> list[tuple[str, str]]:
    return [(c, label(mapping, c)) for c in codes]


def split_lines(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


