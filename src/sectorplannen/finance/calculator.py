"""The settlement calculator's input (formats.md §7): the what-if document read with every problem
at its path; nothing is stored."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sectorplannen.common.money import is_cents
from sectorplannen.schemes.rules import SchemeRules
from sectorplannen.schemes.services import UnknownScheme, rules_for

from .settlement import MeasureInput, SettlementInput, SettlementResult, settle


@dataclass(frozen=True)
class Problem:
    """A rejected part of an input document: ``path`` points into it (e.g. ``measures[2].type``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidSettlementDocument(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def calculate_settlement(document: Any) -> SettlementResult:
    """Settle a what-if document (formats.md §7) or raise ``InvalidSettlementDocument`` listing every
    problem with its path. Nothing is stored."""
    if not isinstance(document, dict):
        raise InvalidSettlementDocument([Problem("(document)", "verwacht een JSON-object met de invoer")])
    problems: list[Problem] = []
    rules = _scheme(document, problems)
    max_subsidy = _amount(document, "max_subsidy_eur", "max_subsidy_eur", problems, nullable=True)
    advances = _amount(document, "advances_paid_eur", "advances_paid_eur", problems)
    tiers_on = _optional_date(document, "settled_on", problems)
    measures, types = _measures(document, problems)
    if rules is not None:
        _unknown_types(rules, types, problems)
    if problems:
        raise InvalidSettlementDocument(problems)
    return settle(SettlementInput(tuple(measures), max_subsidy, advances, tiers_on=tiers_on), rules)


def _scheme(doc: dict, problems: list[Problem]) -> SchemeRules | None:
    code = doc.get("scheme")
    if "scheme" not in doc:
        problems.append(Problem("scheme", "ontbreekt"))
    elif not isinstance(code, str) or not code:
        problems.append(Problem("scheme", "moet de code van een regelingsversie zijn, bijv. 'sectorplannen-2015'"))
    else:
        try:
            return rules_for(code)
        except UnknownScheme as exc:
            problems.append(Problem("scheme", str(exc)))
    return None


def _amount(obj: dict, key: str, path: str, problems: list[Problem], *, nullable: bool = False) -> Decimal | None:
    if key not in obj:
        problems.append(Problem(path, "ontbreekt" + (" (gebruik null voor 'geen')" if nullable else "")))
        return None
    value = obj[key]
    if value is None:
        if not nullable:
            problems.append(Problem(path, "mag niet leeg zijn"))
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            raise InvalidOperation
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        problems.append(Problem(path, f"{_shown(value)} is geen bedrag"))
        return None
    if not amount.is_finite():
        problems.append(Problem(path, f"{_shown(value)} is geen bedrag"))
    elif amount < 0:
        problems.append(Problem(path, f"mag niet negatief zijn ({value})"))
    elif not is_cents(amount):
        problems.append(Problem(path, f"heeft meer dan twee decimalen ({value})"))
    else:
        return amount
    return None


def _count(obj: dict, key: str, path: str, problems: list[Problem], *, required: bool) -> int | None:
    value = obj.get(key)
    if value is None:
        if required:
            problems.append(Problem(path, "ontbreekt (verplicht als planned_participants is ingevuld)"))
        return None
    try:
        whole = isinstance(value, int | Decimal | float) and not isinstance(value, bool) and value == int(value)
    except (ValueError, OverflowError):  # NaN, Infinity
        whole = False
    if not whole:
        problems.append(Problem(path, f"{_shown(value)} is geen geheel aantal"))
        return None
    if value < 0:
        problems.append(Problem(path, f"mag niet negatief zijn ({value})"))
        return None
    return int(value)


def _shown(value: Any) -> str:
    """A value as it was written in the JSON document."""
    return str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str)


def parse_date(text: str) -> dt.date:
    """An input date: ISO ``YYYY-MM-DD`` or Dutch ``DD-MM-YYYY`` (formats.md)."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)")


def _optional_date(doc: dict, key: str, problems: list[Problem]) -> dt.date | None:
    value = doc.get(key)
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError(f"{_shown(value)} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)")
        return parse_date(value)
    except ValueError as exc:
        problems.append(Problem(key, str(exc)))
        return None


def _measures(doc: dict, problems: list[Problem]) -> tuple[list[MeasureInput], dict[str, str]]:
    raw = doc.get("measures")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("measures", "moet een lijst met minstens één maatregel zijn"))
        return [], {}
    measures, types, seen = [], {}, {}
    for i, m in enumerate(raw):
        path = f"measures[{i}]"
        if not isinstance(m, dict):
            problems.append(Problem(path, "moet een object zijn"))
            continue
        before = len(problems)
        code, mtype = m.get("code"), m.get("type")
        if not isinstance(code, str) or not code.strip():
            problems.append(Problem(f"{path}.code", "ontbreekt of is leeg"))
        elif code in seen:
            problems.append(Problem(f"{path}.code", f"{_shown(code)} komt al voor in {seen[code]}"))
        else:
            seen[code] = path
        if not isinstance(mtype, str) or not mtype.strip():
            problems.append(Problem(f"{path}.type", "ontbreekt of is leeg"))
        else:
            types.setdefault(mtype, f"{path}.type")
        planned_p = _count(m, "planned_participants", f"{path}.planned_participants", problems, required=False)
        realised_p = _count(m, "realised_participants", f"{path}.realised_participants", problems,
                            required=planned_p is not None)
        planned = _amount(m, "planned_costs_eur", f"{path}.planned_costs_eur", problems)
        eligible = _amount(m, "eligible_costs_eur", f"{path}.eligible_costs_eur", problems)
        if len(problems) == before:
            measures.append(MeasureInput(code, mtype, planned_p, realised_p, planned, eligible))
    return measures, types


def _unknown_types(rules: SchemeRules, types: dict[str, str], problems: list[Problem]) -> None:
    for mtype, path in types.items():
        if not rules.knows_type(mtype):
            problems.append(Problem(path, f"onbekend maatregeltype {_shown(mtype)} in regeling {rules.code}"))
