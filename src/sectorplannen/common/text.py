"""Control characters are refused in every text a user gives (application documents, form fields).

Why: a NUL or an escape sequence in a plan name ends up in letters, exports, terminals and other
systems, each of which reads it differently. Tab, line feed and carriage return are allowed in
multi-line text only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError

# C0 and C1 control characters and DEL; bidirectional overrides that make text display as other text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MESSAGE = "bevat een stuurteken (bijvoorbeeld NUL of escape); dat is in tekst niet toegestaan"


def has_control_characters(text: str, *, multi_line: bool = True) -> bool:
    return bool((_CONTROL if multi_line else _CONTROL_SINGLE_LINE).search(text))


def control_character_paths(value: Any, path: str = "") -> Iterator[str]:
    """The paths (``measures[2].description``) of every string in a JSON value, keys included, that
    holds a control character."""
    if isinstance(value, str):
        if has_control_characters(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and has_control_characters(key):
                yield where
            yield from control_character_paths(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from control_character_paths(item, f"{path}[{i}]")


def refuse_control_characters(value: str) -> None:
    """Django validator for multi-line text."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError("Deze tekst " + MESSAGE + ".", code="control_character")


def refuse_control_characters_single_line(value: str) -> None:
    """Django validator for a one-line text (no tab or line break either)."""
    if isinstance(value, str) and has_control_characters(value, multi_line=False):
        raise ValidationError("Deze tekst " + MESSAGE + ".", code="control_character")
