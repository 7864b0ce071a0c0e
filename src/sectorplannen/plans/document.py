"""The application document as read (formats.md §1): the typed values and findings, and the reader
that gives typed access to the parsed JSON and turns every defect into an ``invalid_value`` finding
with its path (``measures[2].type``). Pure: no ORM, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import MAX_PREC, ROUND_HALF_UP, Context, Decimal
from typing import Any

from sectorplannen.common.dates import input_date_or_none
from sectorplannen.common.documents import json_decimal, kind_of, show
from sectorplannen.common.kinds import PARTNER_KINDS, PARTNER_ROLES
from sectorplannen.schemes.rules import SchemeRules

ERROR, WARNING = "error", "warning"
PLAN_KINDS = ("sectoral", "regional")
MAIN_APPLICANT, GUARANTOR = "main_applicant", "guarantor"
ROLES = tuple(code for code, _ in PARTNER_ROLES)
KIND_LABELS = dict(PARTNER_KINDS)
# Exact money arithmetic whatever the size of the numbers in the document (no rounding surprises,
# no InvalidOperation when quantizing a huge amount).
MONEY = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP)

parse_date = input_date_or_none  # an input date (formats.md intro), or None: the reader reports it


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # ERROR or WARNING
    path: str  # into the document, e.g. "measures[2].bottlenecks"; "" is the document itself
    message: str  # Dutch

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class TrancheRules:
    """What the checks need to know about one tranche: its window, ceiling and scheme rules."""

    number: int
    window_start: dt.date
    window_end: dt.date
    budget_ceiling_eur: Decimal
    rules: SchemeRules


@dataclass(frozen=True)
class GoalLists:
    """The narrow goals a measure of each theme may name and the main mechanisms, as one codebook
    version of the qualitative evaluation has them (docs/qualitative.md). The plans app does not own
    them: the qualitative app provides them (``application.set_goal_lists``)."""

    version: int
    by_theme: dict[str, tuple[str, ...]]
    mechanisms: tuple[str, ...]
    theme_labels: dict[str, str]  # Dutch, for messages


@dataclass(frozen=True)
class Funding:
    source: str | None
    amount_eur: Decimal | None


@dataclass(frozen=True)
class PartnerData:
    name: str | None
    kind: str | None
    roles: tuple[str, ...]
    cao_party: bool | None
    equity_eur: Decimal | None


@dataclass(frozen=True)
class AnalysisData:
    date: dt.date | None
    bottlenecks: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class MeasureData:
    code: str | None
    category: str | None
    measure_type: str | None  # in a trajectory scheme: the trajectory
    activities: tuple[str, ...]
    description: str
    target_groups: tuple[str, ...]
    bottlenecks: tuple[str, ...]
    planned_participants: int | None
    planned_youth_participants: int | None
    planned_costs_eur: Decimal | None
    own_funding: tuple[Funding, ...]
    other_public_funding: tuple[Funding, ...]
    individual_registration: bool
    requested_subsidy_eur: Decimal | None  # None when type or costs are unusable
    goals: tuple[str, ...] = ()  # narrow goals (codes of the theme's list in the codebook)
    mechanism: str | None = None  # the main mechanism (a code of the codebook's mechanism list)


@dataclass(frozen=True)
class ApplicationData:
    """The document as read. Fields are None where the document was unusable; when the assessment
    has no errors every required field is set."""

    tranche: int
    name: str | None
    kind: str | None
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    start_date: dt.date | None
    end_date: dt.date | None
    submitted_on: dt.date | None
    indemnity_agreement: bool
    partners: tuple[PartnerData, ...]
    analysis: AnalysisData | None
    measures: tuple[MeasureData, ...]


@dataclass(frozen=True)
class Assessment:
    findings: tuple[Finding, ...]
    application: ApplicationData | None  # None when the document or its tranche is unusable
    requested_subsidy_eur: Decimal | None  # None when a measure's subsidy cannot be computed

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    @property
    def valid(self) -> bool:
        return not self.errors


class Reader:
    """Typed access to the document that turns every defect into an ``invalid_value`` finding."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def error(self, code: str, path: str, message: str, severity: str = ERROR) -> None:
        self.findings.append(Finding(code, severity, path, message))

    def invalid(self, path: str, message: str) -> None:
        self.error("invalid_value", path, message)

    def failed(self, path: str) -> bool:
        """Whether ``path`` or anything below it was invalid (its rule checks are then skipped)."""
        return any(
            f.code == "invalid_value" and (f.path == path or f.path.startswith((path + ".", path + "[")))
            for f in self.findings
        )

    def _get(self, obj: dict, key: str, path: str, required: bool) -> Any:
        value = obj.get(key)
        if value is None and required:
            self.invalid(path, "Dit veld ontbreekt.")
        return value

    def text(self, obj: dict, key: str, path: str, *, required: bool = True) -> str | None:
        value = self._get(obj, key, path, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.invalid(path, f"Verwacht tekst, niet {kind_of(value)}.")
            return None
        if required and not value.strip():
            self.invalid(path, "Dit veld mag niet leeg zijn.")
            return None
        return value

    def choice(self, obj: dict, key: str, path: str, allowed: Sequence[str], what: str) -> str | None:
        value = self.text(obj, key, path)
        if value is not None and value not in allowed:
            self.invalid(path, f"Onbekende {what} {show(value)}; toegestaan: {', '.join(allowed)}.")
            return None
        return value

    def date(self, obj: dict, key: str, path: str) -> dt.date | None:
        value = self.text(obj, key, path)
        if value is None:
            return None
        day = parse_date(value)
        if day is None:
            self.invalid(path, f"{show(value)} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ).")
        return day

    def amount(self, obj: dict, key: str, path: str, *, required: bool = True) -> Decimal | None:
        value = self._get(obj, key, path, required)
        if value is None:
            return None
        number = json_decimal(value)
        if number is None and isinstance(value, float):
            self.invalid(path, "Een bedrag moet een eindig getal zijn (geen NaN of oneindig).")
        elif number is None:
            self.invalid(path, f"Verwacht een bedrag in euro's (een getal), niet {kind_of(value)}.")
        elif number < 0:
            self.invalid(path, "Een bedrag mag niet negatief zijn.")
            return None
        return number

    def count(self, obj: dict, key: str, path: str) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.invalid(path, f"Verwacht een geheel aantal, niet {kind_of(value)}.")
            return None
        if value < 0:
            self.invalid(path, "Een aantal mag niet negatief zijn.")
            return None
        return value

    def flag(self, obj: dict, key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, bool):
            self.invalid(path, f"Verwacht true of false, niet {kind_of(value)}.")
            return None
        return value

    def items(self, obj: dict, key: str, path: str, *, required: bool) -> list | None:
        """The list at ``key``: missing is [] unless required; anything else than a list is None."""
        value = self._get(obj, key, path, required)
        if value is None:
            return None if required else []
        if not isinstance(value, list):
            self.invalid(path, f"Verwacht een lijst, niet {kind_of(value)}.")
            return None
        return value

    def texts(self, obj: dict, key: str, path: str, *,
              required: bool = False) -> list[tuple[int, str]] | None:
        """(index, text) of the list at ``key``; non-text entries are reported and left out."""
        values = self.items(obj, key, path, required=required)
        if values is None:
            return None
        out = []
        for i, value in enumerate(values):
            if isinstance(value, str):
                out.append((i, value))
            else:
                self.invalid(f"{path}[{i}]", f"Verwacht tekst, niet {kind_of(value)}.")
        return out

    def objects(self, values: list | None, path: str, what: str) -> list[tuple[int, dict]]:
        """(index, object) of ``values`` (a list read by ``items``); other entries are reported."""
        out = []
        for i, value in enumerate(values or ()):
            if isinstance(value, dict):
                out.append((i, value))
            else:
                self.invalid(f"{path}[{i}]", f"{what} moet een object zijn, niet {kind_of(value)}.")
        return out
