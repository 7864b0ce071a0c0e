"""Finding 6 of the security review: no CSV or XLSX the system writes holds a cell that a spreadsheet
would run as a formula, while numbers (negative ones too) stay numbers; control characters are
refused in text fields."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

import sectorplannen
from sectorplannen.common.spreadsheet import FORMULA_START, safe_cell
from sectorplannen.participants.export import EVALUATOR_COLUMNS, write_evaluator_files
from sectorplannen.participants.services import import_participants
from tests.participants.conftest import make_plan, row, write_csv

EVIL = ['=HYPERLINK("http://evil.example","klik")', "=1+1", "=2+3", "+A1", "-1+2", "@SUM(A1)", "\tx", "\rx"]
SRC = Path(sectorplannen.__file__).parent


@pytest.mark.parametrize("value", [*EVIL, "-", "-x"])
def test_formula_text_is_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-12", "-0.0300", "+5", "1e-3", "", "plan", "2015-04-01", -3, 1.5, None])
def test_numbers_and_plain_text_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_evaluators_participant_file_has_no_formulas(db, tmp_path, new_bsns):
    plan = make_plan(EVIL[0], sectors=["=1+1", "@x"], measures=[("=2+3", "training", "general_training", True)])
    import_participants(plan, write_csv(tmp_path / "u.csv", [row(b, measure="=2+3") for b in new_bsns(3)]))
    export = write_evaluator_files(tmp_path / "out", [plan])
    with open(export.csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == EVALUATOR_COLUMNS  # formats §4: the same columns
    cells = [c for r in rows[1:] for c in r]
    assert [c for c in cells if c.startswith(FORMULA_START)] == []
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["plan"], first["plan_sectors"], first["measure"]) == ("'" + EVIL[0], "'=1+1;@x", "'=2+3")
    assert first["age_at_start"] == "35"


def test_the_report_workbook_has_no_formulas(tmp_path):
    from sectorplannen.monitoring.report import ReportMeta, Section, write_xlsx
    from sectorplannen.monitoring.tables import Column, Table

    table = Table("3.1", "=1+1", (Column("=Plan", "text"), Column("Saldo", "eur")),
                  tuple((name, -1000) for name in EVIL), notes=("@note",))
    meta = ReportMeta("=titel", None, dt.datetime(2019, 6, 1), "=hash", ("-methode",))
    write_xlsx(tmp_path / "r.xlsx", meta, [Section("kop", "intro", (table,))])
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    values = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value is not None]
    assert [v for v in values if isinstance(v, str) and v.startswith(FORMULA_START)] == []
    assert values.count(-1000) == len(EVIL)  # numbers stay numbers
    assert all(c.data_type != "f" for ws in wb.worksheets for r in ws.iter_rows() for c in r)


WRITES = re.compile(r"csv\.writer\(|csv\.DictWriter\(|xlsxwriter\.Workbook\(|openpyxl\.Workbook\(|COPY \(|"
                    r"\.write_csv\(|\.to_csv\(")


def test_every_writer_uses_the_one_helper():
    """The class of fault: any module that writes CSV or XLSX goes through common/spreadsheet.py."""
    offenders = []
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        if path.name == "spreadsheet.py" or "migrations" in path.parts or not WRITES.search(text):
            continue
        if "sectorplannen.common.spreadsheet import" not in text:
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f", "\u202e"])
def test_control_characters_are_refused_in_application_documents(db, char):
    from sectorplannen.plans.application import ApplicationRefused, assess, submit_application
    from sectorplannen.plans.examples import FORMATS, load

    doc = load(FORMATS)
    doc["name"] = f"Sectorplan{char}Bouw"
    doc["measures"][0]["description"] = f"regel{char}"
    findings = [f for f in assess(doc).findings if f.code == "control_character"]
    assert [f.path for f in findings] == ["name", "measures[0].description"]
    with pytest.raises(ApplicationRefused):
        submit_application(doc)


@pytest.mark.parametrize(("char", "multi_line_ok"), [("\x00", False), ("\x1b", False), ("\n", True), ("\t", True)])
def test_control_characters_are_refused_in_every_portal_text_field(char, multi_line_ok):
    from django import forms

    from sectorplannen.common.forms import PortalForm

    class Form(PortalForm):
        name = forms.CharField(strip=False)
        text = forms.CharField(widget=forms.Textarea)
        password = forms.CharField(widget=forms.PasswordInput)

    form = Form({"name": f"a{char}b", "text": f"a{char}b", "password": f"a{char}b"})
    form.is_valid()
    assert "name" in form.errors
    assert ("text" in form.errors) is not multi_line_ok
    assert "password" not in form.errors or char == "\x00"  # Django refuses NUL everywhere itself


def test_the_security_helpers_import_no_app():
    """The helpers in common (the evaluation uses them) import nothing else of the project."""
    helpers = ("spreadsheet.py", "masking.py", "jsonfile.py", "text.py", "logsetup.py")
    found = [f"{p.name}: {line.strip()}" for p in (SRC / "common").glob("*.py") if p.name in helpers
             for line in p.read_text().splitlines()
             if re.match(r"\s*(from|import) sectorplannen\.(?!common)", line)]
    assert found == []
