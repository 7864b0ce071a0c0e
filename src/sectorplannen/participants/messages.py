"""How a cell value may appear in an upload's messages: possible BSNs masked, shortened, and an invalid
identifier never in full (its last three characters only)."""

from __future__ import annotations

from sectorplannen.common.masking import mask_bsns


def shown(value: str, limit: int = 40) -> str:
    """A cell value as it may appear in a message: masked and shortened."""
    value = mask_bsns(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def identifier(value: str) -> str:
    """An invalid identifier as a message may show it: never in full, only its last three characters."""
    value = value.strip()
    return f"'…{shown(value[-3:], 3)}'" if len(value) > 3 else "(te kort)"


def masked_bsn(value: str) -> str:
    digits = "".join(c for c in value if c.isdigit())
    return "******" + digits[-3:] if digits else "'" + shown(value, 12) + "'"


def date_message(what: str, value: str) -> str:
    if not value.strip():
        return f"{what} ontbreekt (JJJJ-MM-DD of DD-MM-JJJJ)."
    return f"{what} '{shown(value)}' is geen geldige datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ."
