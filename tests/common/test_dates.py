"""One date module: strict and lenient parsing with one error type, and calendar months."""

from __future__ import annotations

import datetime as dt

import pytest

from sectorplannen.common.dates import DateError, add_months, input_date_or_none, parse_input_date, parse_iso
from sectorplannen.common.documents import json_path

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("2014-07-01", D(2014, 7, 1)), ("01-07-2014", D(2014, 7, 1)), (" 29-02-2016 ", D(2016, 2, 29)),
])
def test_lenient_reads_iso_and_dutch(text, expected):
    assert parse_input_date(text) == expected


@pytest.mark.parametrize("text", ["2014-7-1", "1-7-2014", "20140701", "2015-02-29", "01/07/2014", "",
                                  "２０１４-07-01", "gisteren", "2014-07-01T00:00"])
def test_lenient_refuses_everything_else_with_one_error(text):
    with pytest.raises(DateError) as exc:
        parse_input_date(text)
    assert isinstance(exc.value, ValueError) and exc.value.text == text
    assert str(exc.value) == f"{text!r} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)"
    assert input_date_or_none(text) is None


def test_short_day_and_month_only_when_asked():
    assert parse_input_date("1-4-2015", short_day_month=True) == D(2015, 4, 1)
    assert input_date_or_none("1-4-2015") is None
    assert input_date_or_none("2015-4-1", short_day_month=True) is None  # ISO keeps two digits


def test_strict_reads_iso_only():
    assert parse_iso("2013-08-01") == D(2013, 8, 1)
    for text in ("01-08-2013", "2013-8-1", "2013-02-30"):
        with pytest.raises(DateError, match="JJJJ-MM-DD"):
            parse_iso(text)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2014, 7, 1), 24, D(2016, 7, 1)), (D(2014, 1, 31), 1, D(2014, 2, 28)), (D(2016, 1, 31), 1, D(2016, 2, 29)),
    (D(2014, 8, 31), -6, D(2014, 2, 28)), (D(2015, 3, 15), -12 * 40, D(1975, 3, 15)),
    (D(2014, 5, 31), 0, D(2014, 5, 31)),
])
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_json_path_writes_locations_as_the_findings_do():
    assert json_path(("measures", 2, "type")) == "measures[2].type"
    assert json_path(("partners", 0, "roles", 1)) == "partners[0].roles[1]"
    assert json_path(()) == ""
