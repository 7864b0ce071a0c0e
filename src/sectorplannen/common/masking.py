"""Masking possible BSNs in free text that leaves a process (job errors, tracebacks kept in the
database): any run of 8 or more digits, also with spaces, dots or dashes between them, becomes
``******`` and its last three digits."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d(?:[ .\-]?\d){7,}")


def mask_number_runs(text: str) -> str:
    def _mask(m: re.Match) -> str:
        digits = re.sub(r"\D", "", m.group())
        return "******" + digits[-3:]

    return _DIGITS.sub(_mask, text)
