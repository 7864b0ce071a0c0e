"""Checks on a final declaration that need no database: the auditor's PDF and the registry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sectorplannen.common.money import format_int

PDF_MAGIC = b"%PDF-"


def looks_like_pdf(head: bytes) -> bool:
    """A PDF file starts with ``%PDF-`` (its magic bytes); the file name or content type proves nothing."""
    return head.startswith(PDF_MAGIC)


@dataclass(frozen=True)
class ParticipantExcess:
    """A measure for which more participants were declared than the registry holds."""

    measure: str
    declared: int
    registered: int

    @property
    def message(self) -> str:
        return (f"Maatregel {self.measure}: {format_int(self.declared)} deelnemers gedeclareerd, maar "
                f"{format_int(self.registered)} geregistreerd ({format_int(self.declared - self.registered)} te veel).")


def participant_excess(declared: Mapping[str, int | None], registered: Mapping[str, int]) -> list[ParticipantExcess]:
    """The measures whose declared participants exceed the registered count (a measure missing from
    ``registered`` has none registered). Declaring fewer than registered is not a contradiction."""
    return [
        ParticipantExcess(code, count, registered.get(code, 0))
        for code, count in sorted(declared.items())
        if count is not None and count > registered.get(code, 0)
    ]
