"""The pure row checks: BSN 11-test against stdnum, dates, ages, employer numbers, headers."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from sectorplannen.participants.validation import (
    MeasureRef,
    RowValidator,
    UploadRules,
    age_on,
    map_header,
    mask_digits,
    missing_columns,
    normalise_bsn,
    normalise_employer,
    parse_date,
)

RULES = UploadRules(
    plan_id=1,
    measures={"M01": MeasureRef(1, "M01", "training", True), "M03": MeasureRef(3, "M03", "other", False)},
    period_start=dt.date(2014, 7, 1), period_end=dt.date(2016, 12, 31),
    min_age=15, max_age=70, youth_max_age=26, target_group_required=True,
    target_groups=("working_in_sector", "working_other_sector", "student", "not_working"),
)
HEADER = ["maatregel", "bsn", "geboortedatum", "startdatum", "einddatum", "doelgroep", "werkgever"]


def validator(rules=RULES, header=HEADER):
    positions, labels, _ = map_header(header)
    return RowValidator(rules, positions, labels)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_fast_11_test_agrees_with_stdnum(number):
    assert (normalise_bsn(number) is not None) == stdnum_bsn.is_valid(number)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_eight_digits_are_left_padded_like_stdnum(number):
    assert normalise_bsn(number) == (("0" + number) if stdnum_bsn.is_valid("0" + number) else None)


def test_bsn_normalisation(official_test_bsns):
    b = official_test_bsns[1]
    assert normalise_bsn(b) == b
    assert normalise_bsn(f"{b[:4]}.{b[4:6]}.{b[6:]}") == b
    assert normalise_bsn(f" {b} ") == b
    assert normalise_bsn("000000000") is None
    assert normalise_bsn(b[:8] + str((int(b[8]) + 1) % 10)) is None
    assert normalise_bsn("12345678a") is None
    assert normalise_bsn("١٢٣٤٥٦٧٨٢") is None  # non-ASCII digits are no BSN


@pytest.mark.parametrize(("text", "expected"), [
    ("2015-04-01", dt.date(2015, 4, 1)),
    ("01-04-2015", dt.date(2015, 4, 1)),
    ("1-4-2015", dt.date(2015, 4, 1)),
    ("2015-04-01 00:00:00", dt.date(2015, 4, 1)),
    ("31-02-2015", None),
    ("2015/04/01", None),
    ("04-01-15", None),
    ("gisteren", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_age_on_birthday_boundaries():
    assert age_on(dt.date(2000, 4, 2), dt.date(2026, 4, 1)) == 25
    assert age_on(dt.date(2000, 4, 1), dt.date(2026, 4, 1)) == 26
    assert age_on(dt.date(2000, 2, 29), dt.date(2015, 2, 28)) == 14


@pytest.mark.parametrize(("value", "expected"), [
    ("", ""), ("12345678", "12345678"), ("123456789L01", "123456789L01"), ("1234.56.789.l01", "123456789L01"),
    ("1234567", None), ("123456789", None), ("123456789B01", None),
])
def test_employer_numbers(value, expected):
    assert normalise_employer(value) == expected


def test_mask_digits_keeps_only_last_three(official_test_bsns):
    assert mask_digits(f"BSN {official_test_bsns[1]} fout") == "BSN ******782 fout"
    assert mask_digits("rij 12 code 1234567") == "rij 12 code 1234567"


def test_header_is_case_insensitive_dutch_or_english():
    positions, labels, ignored = map_header(["\ufeffMAATREGEL", "BSN", "Birth_Date", "startdatum", "Opmerking"])
    assert positions == {"measure": 0, "bsn": 1, "birth_date": 2, "start_date": 3}
    assert labels["measure"] == "MAATREGEL"
    assert ignored == ["Opmerking"]
    missing = missing_columns(RULES, positions)
    assert [(e.row, e.code, e.column) for e in missing] == [(1, "column_missing", "doelgroep")]


def test_bsn_column_not_required_when_no_measure_registers_individually():
    rules = UploadRules(**{**RULES.__dict__, "measures": {"M03": RULES.measures["M03"]}})
    positions, _, _ = map_header(["maatregel", "geboortedatum", "startdatum", "doelgroep"])
    assert missing_columns(rules, positions) == []


def test_valid_row_computes_age_and_youth(official_test_bsns):
    ok, errors = validator().validate(2, ["M01", official_test_bsns[0], "02-04-1989", "01-04-2015", "",
                                          "werkend_sector", "12345678"])
    assert errors is None
    assert (ok.age, ok.youth, ok.target_group, ok.employer) == (25, True, "working_in_sector", "12345678")
    ok, _ = validator().validate(2, ["m01", official_test_bsns[0], "1988-04-01", "2015-04-01", "", "Student", ""])
    assert (ok.measure.code, ok.age, ok.youth, ok.target_group) == ("M01", 27, False, "student")


def _codes(cells):
    _, errors = validator().validate(7, cells)
    return sorted((e.code, e.column) for e in errors or [])


@pytest.mark.parametrize(("change", "expected"), [
    ({1: ""}, [("bsn_missing", "bsn")]),
    ({1: "123456789"}, [("bsn_invalid", "bsn")]),
    ({0: "M99"}, [("measure_unknown", "maatregel")]),
    ({0: ""}, [("measure_unknown", "maatregel")]),
    ({2: "1980-13-01"}, [("date_invalid", "geboortedatum")]),
    ({3: ""}, [("date_invalid", "startdatum")]),
    ({4: "morgen"}, [("date_invalid", "einddatum")]),
    ({2: "2003-01-01"}, [("birth_date_implausible", "geboortedatum")]),
    ({2: "1940-01-01"}, [("birth_date_implausible", "geboortedatum")]),
    ({3: "2014-06-30"}, [("start_outside_plan", "startdatum")]),
    ({3: "2017-01-01", 4: ""}, [("start_outside_plan", "startdatum")]),
    ({4: "2015-03-31"}, [("end_before_start", "einddatum")]),
    ({5: "gepensioneerd"}, [("target_group_invalid", "doelgroep")]),
    ({5: ""}, [("target_group_invalid", "doelgroep")]),
    ({6: "1234"}, [("employer_invalid", "werkgever")]),
    ({1: "", 6: "1234"}, [("bsn_missing", "bsn"), ("employer_invalid", "werkgever")]),
])
def test_each_error_code(official_test_bsns, change, expected):
    cells = ["M01", official_test_bsns[0], "1980-02-01", "2015-04-01", "2015-06-01", "werkend_sector", ""]
    for i, v in change.items():
        cells[i] = v
    assert _codes(cells) == expected


def test_age_limits_are_inclusive_and_come_from_the_rules(official_test_bsns):
    base = ["M01", official_test_bsns[0], "", "2015-04-01", "", "student", ""]
    assert _codes([*base[:2], "2000-04-01", *base[3:]]) == []  # exactly 15
    assert _codes([*base[:2], "2000-04-02", *base[3:]]) == [("birth_date_implausible", "geboortedatum")]
    strict = UploadRules(**{**RULES.__dict__, "min_age": 16})
    _, errors = validator(strict).validate(2, [*base[:2], "2000-04-01", *base[3:]])
    assert [e.code for e in errors] == ["birth_date_implausible"]


def test_measure_without_individual_registration_needs_no_bsn():
    ok, errors = validator().validate(3, ["M03", "", "1980-02-01", "2015-04-01", "", "niet_werkend", ""])
    assert errors is None and ok.bsn is None


def test_tranche_3_target_group_may_be_empty(official_test_bsns):
    rules = UploadRules(**{**RULES.__dict__, "target_group_required": False,
                           "target_groups": (*RULES.target_groups, "social_assistance")})
    ok, errors = validator(rules).validate(2, ["M01", official_test_bsns[0], "1980-02-01", "2015-04-01", "", "", ""])
    assert errors is None and ok.target_group == ""
    ok, errors = validator(rules).validate(2, ["M01", official_test_bsns[0], "1980-02-01", "2015-04-01", "",
                                               "bijstand", ""])
    assert ok.target_group == "social_assistance"


def test_messages_are_dutch_and_never_show_a_bsn(official_test_bsns, new_bsns):
    b = new_bsns(1)[0]
    wrong = b[:8] + str((int(b[8]) + 1) % 10)
    _, errors = validator().validate(4, ["M01", wrong, b, "2015-04-01", "", b, b])
    text = " ".join(e.message for e in errors)
    assert wrong not in text and b not in text
    assert "******" + wrong[-3:] in text
    assert "ongeldig" in text


CELL_CHOICES = [
    ["M01", "m01", "M03", "M99"],
    ["123456782", "23456782", "1234.56.782", "123456789", ""],
    ["01-02-1980", "1989-04-01", "1988-04-01", "2000-04-01", "1944-04-02", "1980-02-30"],
    ["2015-04-01", "01-04-2015", "2014-06-30", "x"],
    ["", "2015-06-01", "2015-03-01", "morgen"],
    ["working_in_sector", "Student", "gepensioneerd", ""],
    ["", "123456789L01", "1234", " 12345678 "],
]


def test_fast_path_agrees_with_the_full_check():
    """For every combination of the values above (and the same row cut short), the fast path gives
    the same answer as the full check; the second round takes dates and employers from the caches."""
    v = validator()
    for _ in range(2):
        for cells in itertools.product(*CELL_CHOICES):
            assert v.validate(5, list(cells)) == v._validate_fully(5, list(cells)), cells
    for n in range(1, 7):
        assert v.validate(5, list(cells[:n])) == v._validate_fully(5, list(cells[:n]))
