"""Helpers shared by the readers of JSON documents (the application of formats.md §1, the scheme
parameters, the settle input of §7): how a value is named in a Dutch message and how a location in
the document is written (``measures[2].type``, the paths of the findings)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

__all__ = ["json_decimal", "json_path", "kind_of", "show"]


def json_path(loc: Iterable[str | int]) -> str:
    """A location as the findings write it: keys joined by dots, list positions in brackets
    (``("measures", 2, "type")`` → ``measures[2].type``; pydantic's ``loc`` has this shape)."""
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def json_decimal(value: Any) -> Decimal | None:
    """A finite JSON number as Decimal (floats via their shortest text, so 0.1 stays 0.1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    return number if number.is_finite() else None


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    return "een lijst" if isinstance(value, list) else "een object"


def show(value: Any) -> str:
    """A value for a message: text quoted, a (reasonably sized) number as is, else its kind."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) or (type(value) is int and value.bit_length() < 64):
        return repr(value)
    return kind_of(value)
