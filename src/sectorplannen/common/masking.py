"""Masking of anything that may be a BSN in text that leaves the system (logs, messages, file names,
audit details, error reports): every run of 8 or more digits, and every 9 digits written in groups
with spaces, dots or dashes (``999 990 019``, ``9999.90.019``), keep only their last three digits.

Why groups of exactly 9: a BSN is 9 digits however it is written, while dates (``2015-04-01``, 8
digits) and time stamps (``2026-12-01 10:07``, 10 digits) must stay readable. Masking too much is
safe; masking too little is a leak, so the rule errs on the side of masking.

One exception: a hexadecimal digest standing alone (32 to 128 hex characters with at least one
letter, as an MD5, SHA-1 or SHA-256 checksum in the audit log) is kept whole. Its digit runs are
parts of a hash, not numbers anyone wrote, and a starred checksum can no longer be compared."""

from __future__ import annotations

import re

_SEPARATORS = " .\\-\u00a0\u202f\u2009"
_RUN = re.compile(rf"\d+(?:[{_SEPARATORS}]\d+)*")
_GROUP = re.compile(r"\d+")
BSN_DIGITS = 9
LONG_RUN = 8


def _mask_run(match: re.Match) -> str:
    run = match.group()
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    if len(groups) == 1:
        return "******" + run[-3:] if len(run) >= LONG_RUN else run
    hide = [False] * len(run)
    for i, (start, end) in enumerate(groups):
        if end - start >= LONG_RUN:
            for p in range(start, end - 3):
                hide[p] = True
        total = 0
        for j in range(i, len(groups)):
            total += groups[j][1] - groups[j][0]
            if total == BSN_DIGITS:
                digits = [p for a, b in groups[i:j + 1] for p in range(a, b)]
                for p in digits[:-3]:
                    hide[p] = True
                break
            if total > BSN_DIGITS:
                break
    return "".join("*" if h else c for c, h in zip(run, hide, strict=True))


_DIGEST = re.compile(r"(?<![0-9A-Za-z])(?=[0-9]*[a-fA-F])[0-9a-fA-F]{32,128}(?![0-9A-Za-z])")


def mask_bsns(text: str) -> str:
    """``text`` with every possible BSN masked to its last three digits (see the module docstring)."""
    if not isinstance(text, str):
        text = str(text)
    parts, last = [], 0
    for digest in _DIGEST.finditer(text):
        parts += [_RUN.sub(_mask_run, text[last:digest.start()]), digest.group()]
        last = digest.end()
    parts.append(_RUN.sub(_mask_run, text[last:]))
    return "".join(parts)


_AMOUNT = re.compile(r"-?\d+\.\d{2}")


def mask_value(value):
    """A JSON-like value (audit details) with every string in it masked; numbers, and amounts in euro
    written as text (``18641480.00``, as Decimals are stored in JSON), are left alone."""
    if isinstance(value, str):
        return value if _AMOUNT.fullmatch(value) else mask_bsns(value)
    if isinstance(value, dict):
        return {k: mask_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_value(v) for v in value]
    return value
