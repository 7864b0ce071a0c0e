"""Finding 2 of the security review: decompression bombs and oversized files end at the first limit
with a clear message, store nothing and write no more than the capped error report.

The bombs are small XLSX zips built at run time (tests/security/bombs.py), with the limits lowered so
that each test takes a fraction of a second; docs/benchmarks.md has the full-size bombs."""

from __future__ import annotations

import time

import pytest

from sectorplannen.participants.models import ImportBatch, Registration
from sectorplannen.participants.services import UnusableInput, import_participants
from tests.security.bombs import HEADER, bad_rows, write_workbook

from .conftest import read_errors, row, write_csv
from .test_import import run

MIB = 1024 * 1024


@pytest.fixture
def limits(settings):
    settings.PARTICIPANT_UPLOAD_LIMITS = {**settings.PARTICIPANT_UPLOAD_LIMITS, "max_uncompressed_bytes": 2 * MIB,
                                          "max_shared_strings_bytes": MIB, "max_rows": 1000}
    return settings.PARTICIPANT_UPLOAD_LIMITS


def _refused(plan, path, tmp_path, match: str) -> str:
    start = time.perf_counter()
    code, out, err = run(plan, path, "--errors", str(tmp_path / "e.csv"))
    assert code == 2, out + err
    assert match in err and "niets opgeslagen" in err
    assert time.perf_counter() - start < 5
    assert (Registration.objects.count(), ImportBatch.objects.count()) == (0, 0)
    assert read_errors(tmp_path / "e.csv") == []  # the report holds only its header
    return err


def test_a_sheet_that_expands_beyond_the_limit_is_refused_before_reading(plan, tmp_path, limits):
    bomb = write_workbook(tmp_path / "bom.xlsx", ([r[0]] for r in bad_rows(60_000)))
    assert bomb.stat().st_size < limits["max_uncompressed_bytes"] // 4  # a small file ...
    _refused(plan, bomb, tmp_path, "uitgepakt")  # ... that would expand to more than 2 MiB


def test_a_huge_shared_string_is_refused_before_reading(plan, tmp_path, limits):
    bomb = write_workbook(tmp_path / "bom.xlsx", [], shared_string=int(1.5 * MIB))
    _refused(plan, bomb, tmp_path, "gedeelde teksten")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_more_rows_than_allowed_stop_the_import(plan, tmp_path, limits, new_bsns, fmt):
    rows = [row(b) for b in new_bsns(1001)]
    path = (write_csv(tmp_path / "u.csv", rows) if fmt == "csv"
            else write_workbook(tmp_path / "u.xlsx", rows, header=HEADER[:4] + ["einddatum", "doelgroep"]))
    _refused(plan, path, tmp_path, "meer dan 1000 rijen")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_too_many_columns_or_too_long_a_cell(plan, tmp_path, limits, new_bsns, fmt, settings):
    settings.PARTICIPANT_UPLOAD_LIMITS = {**limits, "max_columns": 10, "max_cell_chars": 50}
    bsn = new_bsns(1)[0]
    wide = [row(bsn) + [""] * 3 + ["x"]]  # a value in column 11; further right nothing is read at all
    long = [row(bsn, group="x" * 51)]
    for rows, match in ((wide, "meer dan 10 kolommen"), (long, "meer dan 50 tekens")):
        path = (write_csv(tmp_path / "u.csv", rows) if fmt == "csv" else write_workbook(tmp_path / "u.xlsx", rows))
        _refused(plan, path, tmp_path, match)


def test_the_error_report_is_capped_and_says_how_many_there_were(plan, tmp_path, settings):
    settings.PARTICIPANT_UPLOAD_LIMITS = {**settings.PARTICIPANT_UPLOAD_LIMITS, "max_reported_errors": 50}
    path = write_csv(tmp_path / "u.csv", [row("", measure="M99") for _ in range(400)])
    code, out, _ = run(plan, path, "--errors", str(tmp_path / "e.csv"))
    assert code == 1
    assert len(read_errors(tmp_path / "e.csv")) == 50
    assert "De eerste 50 van de 400 fouten staan in" in out
    result = import_participants(plan, path, errors_path=tmp_path / "e2.csv")
    assert (result.errors_reported, sum(result.error_counts.values())) == (50, 400)


def test_a_workbook_with_corrupt_xml_is_unusable_input(plan, tmp_path):
    """Finding 8: a ParseError inside the sheet is a clear message, not a traceback."""
    import zipfile

    good = write_workbook(tmp_path / "good.xlsx", [row("1")])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data.replace(b"</sheetData>", b"<row><c") if "sheet1" in info.filename else data)
    with pytest.raises(UnusableInput, match="niet te lezen|onleesbaar"):
        import_participants(plan, bad)
    _refused(plan, bad, tmp_path, "Excel-bestand")


def test_xml_entity_expansion_is_refused(plan, tmp_path):
    """A 'billion laughs' sheet: entities are refused by the XML parser (defusedxml), not expanded."""
    import zipfile

    good = write_workbook(tmp_path / "good.xlsx", [row("1")])
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                        for i in range(1, 10))
              + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    bad = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, laughs.encode() if "sheet1" in info.filename else src.read(info))
    _refused(plan, bad, tmp_path, "Excel-bestand")
