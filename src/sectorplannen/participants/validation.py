"""Validation of upload rows (formats.md §3): pure functions and dataclasses, no ORM, no I/O.

The functions run once per row of files with hundreds of thousands of rows, so the BSN 11-test
uses precomputed tables and parsed dates are cached; ``stdnum.nl.bsn`` is the reference the tests
hold them against. Messages are Dutch and never contain a BSN or an invalid identifier in full:
possible BSNs are masked (``******782``, ``*** *** 782``; common/masking.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sectorplannen.common.dates import input_date_or_none
from sectorplannen.common.logs import mask_digits  # noqa: F401 - the masking, as callers of this module know it

from .messages import date_message, identifier, masked_bsn, shown

ERROR_CODES = (
    "bsn_missing",
    "bsn_invalid",
    "measure_unknown",
    "date_invalid",
    "birth_date_implausible",
    "start_outside_plan",
    "end_before_start",
    "target_group_invalid",
    "employer_invalid",
    "duplicate_in_file",
    "column_missing",
)
#: Codes of an employer's own upload only (docs/partnership.md): a row someone else in the plan registered
#: is "not stored" without saying by whom.
EMPLOYER_ERROR_CODES = ("not_stored",)

# canonical column -> (Dutch header, English header)
COLUMNS = {
    "measure": ("maatregel", "measure"),
    "bsn": ("bsn", "bsn"),
    "birth_date": ("geboortedatum", "birth_date"),
    "start_date": ("startdatum", "start_date"),
    "end_date": ("einddatum", "end_date"),
    "target_group": ("doelgroep", "target_group"),
    "employer": ("werkgever", "employer_id"),
}
_HEADER_NAMES = {name: canon for canon, names in COLUMNS.items() for name in names}

# Dutch spellings of the target-group codes; English codes are accepted as they are.
TARGET_GROUP_DUTCH = {
    "werkend_sector": "working_in_sector",
    "werkend_andere_sector": "working_other_sector",
    "student": "student",
    "niet_werkend": "not_working",
    "bijstand": "social_assistance",
    "arbeidsongeschikt": "occupational_disability",
}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # line number in the file, header = 1
    column: str
    code: str
    message: str


# -- BSN ------------------------------------------------------------------------------------------

def _weights_table(weights: Sequence[int]) -> dict[str, int]:
    return {
        "".join(map(str, digits)): sum(d * w for d, w in zip(digits, weights, strict=True))
        for digits in itertools.product(range(10), repeat=len(weights))
    }


# The 11-test sum over three slices of three digits (weights 9..2, and -1 for the check digit):
# three dictionary look-ups instead of nine int() calls; a missing key means a non-digit.
_BSN_1, _BSN_2, _BSN_3 = _weights_table((9, 8, 7)), _weights_table((6, 5, 4)), _weights_table((3, 2, -1))
_BSN_SEPARATORS = str.maketrans("", "", " .-")


def _passes_11_test(value: str) -> bool:
    try:
        return (_BSN_1[value[:3]] + _BSN_2[value[3:6]] + _BSN_3[value[6:]]) % 11 == 0
    except KeyError:
        return False


def normalise_bsn(value: str) -> str | None:
    """The 9-digit BSN, or ``None`` when ``value`` is no BSN. Separators (spaces, dots, hyphens) are
    dropped and 8 digits are left-padded with 0 (a leading zero that a spreadsheet dropped)."""
    if len(value) == 9 and _passes_11_test(value):
        return None if value == "000000000" else value
    value = value.translate(_BSN_SEPARATORS)
    if len(value) == 8:
        value = "0" + value
    if len(value) != 9 or value == "000000000" or not _passes_11_test(value):
        return None
    return value




# -- dates ----------------------------------------------------------------------------------------

_DATE_CACHE: dict[str, dt.date] = {}
_DATE_CACHE_MAX = 200_000


def parse_date(value: str) -> dt.date | None:
    """ISO ``YYYY-MM-DD`` or Dutch ``DD-MM-YYYY`` (day and month may have one digit); ``None`` for
    anything else or an impossible date."""
    cached = _DATE_CACHE.get(value)
    if cached is not None:
        return cached
    text = value.strip()
    if len(text) > 10 and text[10] == " ":  # "2015-04-01 00:00:00" from a spreadsheet export
        text = text[:10]
    parsed = input_date_or_none(text, short_day_month=True)
    if parsed is None:
        return None
    if len(_DATE_CACHE) >= _DATE_CACHE_MAX:
        _DATE_CACHE.clear()
    _DATE_CACHE[value] = parsed
    return parsed


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Age in completed years on ``on``."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# -- employer -------------------------------------------------------------------------------------

_EMPLOYER = re.compile(r"\d{9}L\d{2}|\d{8}")
_EMPLOYER_SEPARATORS = str.maketrans("", "", " .-")


def normalise_employer(value: str) -> str | None:
    """Payroll-tax number (9 digits, ``L``, 2 digits) or KvK number (8 digits); ``""`` when empty,
    ``None`` when invalid."""
    value = value.translate(_EMPLOYER_SEPARATORS).upper()
    if not value:
        return ""
    return value if _EMPLOYER.fullmatch(value) else None


# -- the rules for one plan -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MeasureRef:
    id: int
    code: str
    category: str
    individual_registration: bool


@dataclass(frozen=True)
class UploadRules:
    """Everything a row is checked against, taken from the plan and its scheme version."""

    plan_id: int
    measures: Mapping[str, MeasureRef]  # by code
    period_start: dt.date
    period_end: dt.date  # extension included
    min_age: int
    max_age: int
    youth_max_age: int
    target_group_required: bool
    target_groups: tuple[str, ...]  # allowed codes
    # An employer registering its own staff (issue 21): every row is this employer's; an empty cell means it.
    own_employer: str | None = None

    def required_columns(self) -> tuple[str, ...]:
        """Canonical columns without which no row can be judged."""
        cols = ["measure", "birth_date", "start_date"]
        if any(m.individual_registration for m in self.measures.values()):
            cols.insert(1, "bsn")
        if self.target_group_required:
            cols.append("target_group")
        return tuple(cols)


def map_header(header: Sequence[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    """Column positions by canonical name, the header text as written, and the ignored columns.
    Names are case-insensitive, Dutch or English; the first of two equal columns counts."""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for i, raw in enumerate(header):
        label = (raw or "").strip().lstrip("\ufeff")
        canon = _HEADER_NAMES.get(label.lower())
        if canon is None or canon in positions:
            if label:
                ignored.append(shown(label))
            continue
        positions[canon] = i
        labels[canon] = label
    return positions, labels, ignored


def missing_columns(rules: UploadRules, positions: Mapping[str, int]) -> list[RowError]:
    return [
        RowError(1, COLUMNS[c][0], "column_missing",
                 f"Verplichte kolom '{COLUMNS[c][0]}' (of '{COLUMNS[c][1]}') ontbreekt in de kopregel.")
        for c in rules.required_columns()
        if c not in positions
    ]


class ValidRow(NamedTuple):
    row: int
    measure: MeasureRef
    bsn: str | None  # None only for a measure without individual registration
    birth_date: dt.date
    start_date: dt.date
    end_date: dt.date | None
    target_group: str
    employer: str
    age: int
    youth: bool


_UNSEEN = object()
_EMPLOYER_CACHE_MAX = 100_000
_new_valid_row = tuple.__new__  # a ValidRow without the keyword handling of its constructor


class RowValidator:
    """Checks one row at a time against ``UploadRules``; the per-row work is dictionary look-ups."""

    def __init__(self, rules: UploadRules, positions: Mapping[str, int], labels: Mapping[str, str]):
        self.rules = rules
        self._pos = tuple(positions.get(c, -1) for c in COLUMNS)
        self._label = {c: labels.get(c, COLUMNS[c][0]) for c in COLUMNS}
        self._measures = dict(rules.measures)
        self._measures_folded = {code.strip().casefold(): m for code, m in rules.measures.items()}
        allowed = set(rules.target_groups)
        spellings = {code: code for code in allowed} | {
            dutch: code for dutch, code in TARGET_GROUP_DUTCH.items() if code in allowed
        }
        self._target_groups = spellings
        own = rules.own_employer
        # raw cell -> normalised (employers repeat a lot); an employer's own upload: its own number or nothing
        self._employers: dict[str, str | None] = {"": own or "", **({own: own} if own else {})}
        self._known_codes = ", ".join(sorted(rules.measures)[:10])
        # The fast path: missing columns read the "" appended to each row.
        self._cells = operator.itemgetter(*(positions.get(c, -1) for c in COLUMNS))
        self._groups_exact = dict(spellings) | ({} if rules.target_group_required else {"": ""})

    def _target_group(self, value: str) -> str | None:
        code = self._target_groups.get(value)
        if code is None:
            code = self._target_groups.get(value.strip().lower().replace(" ", "_").replace("-", "_"))
        return code

    def _employer(self, value: str) -> str | None:
        employer = self._employers.get(value, _UNSEEN)
        if employer is _UNSEEN:
            employer = normalise_employer(value)
            own = self.rules.own_employer
            if own and employer is not None:
                employer = own if employer in ("", own) else None
            if len(self._employers) < _EMPLOYER_CACHE_MAX:
                self._employers[value] = employer
        return employer

    def _measure(self, value: str) -> MeasureRef | None:
        m = self._measures.get(value)
        return m if m is not None else self._measures_folded.get(value.strip().casefold())

    def validate(self, row: int, cells: list[str]) -> tuple[ValidRow | None, list[RowError] | None]:
        """The valid row, or ``None`` and every error found in it. ``cells`` gets an extra "" at its end.

        A fast path for the common row returns early; anything unusual (a spelling to normalise, a
        missing value, an error) takes the full check, which gives the same answer for every row."""
        cells.append("")
        try:
            measure_v, bsn_v, birth_v, start_v, end_v, group_v, employer_v = self._cells(cells)
        except IndexError:  # a short row
            return self._validate_fully(row, cells)
        measure = self._measures.get(measure_v)
        if len(bsn_v) == 8:  # a leading zero that a spreadsheet dropped
            bsn_v = "0" + bsn_v
        if measure is None or not measure.individual_registration or len(bsn_v) != 9 or bsn_v == "000000000":
            return self._validate_fully(row, cells)
        try:
            if (_BSN_1[bsn_v[:3]] + _BSN_2[bsn_v[3:6]] + _BSN_3[bsn_v[6:]]) % 11:
                return self._validate_fully(row, cells)
        except KeyError:
            return self._validate_fully(row, cells)
        dates = _DATE_CACHE
        birth = dates.get(birth_v) or parse_date(birth_v)
        start = dates.get(start_v) or parse_date(start_v)
        end = (dates.get(end_v) or parse_date(end_v)) if end_v else None
        group = self._groups_exact.get(group_v)
        employer = self._employers.get(employer_v, _UNSEEN)
        if employer is _UNSEEN:
            employer = self._employer(employer_v)
        rules = self.rules
        if (birth is None or start is None or (end_v and (end is None or end < start)) or group is None
                or employer is None or not rules.period_start <= start <= rules.period_end):
            return self._validate_fully(row, cells)
        age = start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))
        if not rules.min_age <= age <= rules.max_age:
            return self._validate_fully(row, cells)
        return _new_valid_row(ValidRow, (row, measure, bsn_v, birth, start, end, group, employer, age,
                                         age <= rules.youth_max_age)), None

    def _validate_fully(self, row: int, cells: Sequence[str]) -> tuple[ValidRow | None, list[RowError] | None]:
        n = len(cells)
        p_measure, p_bsn, p_birth, p_start, p_end, p_group, p_employer = self._pos
        measure_v = cells[p_measure] if -1 < p_measure < n else ""
        bsn_v = cells[p_bsn] if -1 < p_bsn < n else ""
        birth_v = cells[p_birth] if -1 < p_birth < n else ""
        start_v = cells[p_start] if -1 < p_start < n else ""
        end_v = cells[p_end] if -1 < p_end < n else ""
        group_v = cells[p_group] if -1 < p_group < n else ""
        employer_v = cells[p_employer] if -1 < p_employer < n else ""
        errors: list[RowError] | None = None
        label = self._label

        def fail(column: str, code: str, message: str) -> None:
            nonlocal errors
            if errors is None:
                errors = []
            errors.append(RowError(row, label[column], code, message))

        measure = self._measure(measure_v) if measure_v else None
        if measure is None:
            if measure_v.strip():
                fail("measure", "measure_unknown",
                     f"Maatregel '{shown(measure_v)}' hoort niet bij dit plan (bekend: {self._known_codes}).")
            else:
                fail("measure", "measure_unknown", "Maatregel ontbreekt.")

        bsn = normalise_bsn(bsn_v) if bsn_v else None
        if bsn is None:
            if bsn_v.strip():
                fail("bsn", "bsn_invalid",
                     f"BSN {masked_bsn(bsn_v)} is ongeldig: verwacht 9 cijfers die aan de elfproef voldoen.")
            elif measure is not None and measure.individual_registration:
                fail("bsn", "bsn_missing", f"BSN ontbreekt; maatregel {measure.code} registreert per deelnemer.")

        birth = parse_date(birth_v) if birth_v else None
        if birth is None:
            fail("birth_date", "date_invalid", date_message("Geboortedatum", birth_v))
        start = parse_date(start_v) if start_v else None
        rules = self.rules
        if start is None:
            fail("start_date", "date_invalid", date_message("Startdatum", start_v))
        elif not rules.period_start <= start <= rules.period_end:
            fail("start_date", "start_outside_plan",
                 f"Startdatum {start:%d-%m-%Y} valt buiten de looptijd van het plan "
                 f"({rules.period_start:%d-%m-%Y} t/m {rules.period_end:%d-%m-%Y}, verlenging inbegrepen).")
        end = parse_date(end_v) if end_v else None
        if end is None:
            if end_v.strip():
                fail("end_date", "date_invalid", date_message("Einddatum", end_v))
        elif start is not None and end < start:
            fail("end_date", "end_before_start",
                 f"Einddatum {end:%d-%m-%Y} ligt vóór de startdatum {start:%d-%m-%Y}.")
        age = 0
        if birth is not None and start is not None:
            age = age_on(birth, start)
            if not rules.min_age <= age <= rules.max_age:
                fail("birth_date", "birth_date_implausible",
                     f"Leeftijd op de startdatum is {age} jaar; toegestaan is {rules.min_age} tot en met "
                     f"{rules.max_age} jaar.")

        group = self._target_group(group_v) if group_v.strip() else ""
        if group is None:
            fail("target_group", "target_group_invalid",
                 f"Doelgroep '{shown(group_v)}' is onbekend; kies uit {self._group_choices()}.")
        elif not group and rules.target_group_required:
            fail("target_group", "target_group_invalid",
                 f"Doelgroep ontbreekt; verplicht in dit plan ({self._group_choices()}).")

        employer = self._employer(employer_v)
        if employer is None and self.rules.own_employer and normalise_employer(employer_v):
            fail("employer", "employer_invalid",
                 f"Werkgever {identifier(employer_v)} is niet uw organisatie; u registreert alleen uw eigen "
                 "medewerkers (laat de kolom leeg of vul uw eigen nummer in).")
        elif employer is None:
            fail("employer", "employer_invalid",
                 f"Werkgever {identifier(employer_v)} is ongeldig: verwacht een loonheffingennummer "
                 "(9 cijfers, L, 2 cijfers) of een KvK-nummer (8 cijfers).")

        if errors is not None:
            return None, errors
        return ValidRow(row, measure, bsn, birth, start, end, group, employer, age,
                        age <= rules.youth_max_age), None

    def _group_choices(self) -> str:
        dutch = {code: name for name, code in TARGET_GROUP_DUTCH.items()}
        return ", ".join(dutch.get(code, code) for code in self.rules.target_groups)
