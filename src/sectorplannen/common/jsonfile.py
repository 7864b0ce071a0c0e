"""Reading a JSON document from a user, within limits: every way a file can be unusable is one
``UnusableJson`` with a specific Dutch message (exit code 2), never a traceback.

Why more than ``json.loads``: it raises ``RecursionError`` on deep nesting, Python refuses integers of
more than 4,300 digits with a ``ValueError``, and a number such as ``1e400`` or one of 60 digits
passes the parser and fails deep inside a ``Decimal`` calculation. Numbers become ``int`` and
``Decimal`` (never ``float``), limited in digits and exponent; NaN and Infinity are not JSON."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

MAX_DEPTH = 50  # objects and arrays inside each other
MAX_DIGITS = 20  # significant digits of a number (amounts up to 10^18 euros, to the cent)
MAX_BYTES = 10 * 1024 * 1024
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


class UnusableJson(ValueError):
    """The document cannot be read as JSON within the limits; the message says why."""


def _number(text: str) -> Any:
    digits = sum(c.isdigit() for c in text.split("e")[0].split("E")[0])
    if digits > MAX_DIGITS:
        raise UnusableJson(f"het getal {text[:12]}… heeft {digits} cijfers; het maximum is {MAX_DIGITS}")
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UnusableJson(f"{text[:20]} is geen getal") from None
    if value and not -MAX_DIGITS <= value.adjusted() <= MAX_DIGITS:
        raise UnusableJson(f"het getal {text[:20]} is te groot of te klein")
    return value


def _float(text: str) -> float:
    return float(_number(text))


def _constant(name: str):
    raise UnusableJson(f"{name} is geen JSON-waarde")


def _depth(text: str) -> int:
    deepest = depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def parse_json(raw: bytes | str, *, decimals: bool = True) -> Any:
    """The JSON value of ``raw`` (UTF-8, a byte-order mark allowed), or ``UnusableJson``. Fractions
    become ``Decimal``, or ``float`` with ``decimals=False`` (documents that are stored as JSON again)."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise UnusableJson(f"het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnusableJson(f"geen UTF-8-tekst (byte {exc.start})") from None
    if not raw.strip():
        raise UnusableJson("het bestand is leeg")
    if _depth(raw) > MAX_DEPTH:
        raise UnusableJson(f"te diep genest (meer dan {MAX_DEPTH} niveaus)")
    try:
        return json.loads(raw, parse_int=_number, parse_float=_number if decimals else _float,
                          parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise UnusableJson(f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise UnusableJson(f"te diep genest (meer dan {MAX_DEPTH} niveaus)") from None


def read_json(path: str | Path, *, decimals: bool = True) -> Any:
    """``parse_json`` of a file; an unreadable file is ``UnusableJson`` too."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise UnusableJson(f"het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UnusableJson("bestand niet gevonden: het bestaat niet") from None
    except IsADirectoryError:
        raise UnusableJson("dit is een map, geen bestand") from None
    except PermissionError:
        raise UnusableJson("geen leesrechten") from None
    except OSError as exc:
        raise UnusableJson(exc.strerror or str(exc)) from None
    return parse_json(raw, decimals=decimals)
