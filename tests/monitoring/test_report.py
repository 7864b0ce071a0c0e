"""The report's files are opened and read back, not only checked for existence."""

import re

import openpyxl
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from sectorplannen.monitoring.facts import fingerprint
from sectorplannen.monitoring.queries import load_facts
from sectorplannen.workflow.reference import import_reference


@pytest.fixture
def report(db, tmp_path_factory):
    import_reference()
    out = tmp_path_factory.mktemp("report")
    call_command("report", out=out)
    return out


def test_html_xlsx_and_pdf_carry_the_figures_and_their_provenance(report):
    html = (report / "realisatie.html").read_text()
    digest = fingerprint(load_facts())
    assert digest in html and "Softwareversie" in html
    assert "296.145" in html and "309.384" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")  # self-contained
    images = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', html)
    assert len(images) >= 5 and all(len(alt) > 40 for alt in images)

    wb = openpyxl.load_workbook(report / "realisatie.xlsx")
    assert "Toelichting" in wb.sheetnames and "Tabel 3.1" in wb.sheetnames and "Tabel A.13" in wb.sheetnames
    info = {row[0]: row[1] for row in wb["Toelichting"].iter_rows(values_only=True)}
    assert info["Hash van de invoer (SHA-256)"] == digest
    ws = wb["Tabel 3.1"]
    assert ws["A1"].value.startswith("Tabel 3.1")
    assert [c.value for c in ws[3]][:4] == ["Thema", "Maatregelen", "Gepland (laatste beschikking)", "Gerealiseerd"]
    totals = next(row for row in ws.iter_rows(values_only=True) if row[0] == "Totaal")
    assert totals[2:4] == (309384, 296145)
    assert ws.tables  # a real Excel table with named headers (screen readers announce them)

    reader = PdfReader(report / "realisatie.pdf")
    assert len(reader.pages) > 5
    text = "\n".join(page.extract_text() for page in reader.pages[:12])
    assert "296.145" in text and "Realisatie" in text


def test_report_can_include_the_evaluation(db, tmp_path):
    import_reference()
    evaluation = tmp_path / "eval"
    evaluation.mkdir()
    (evaluation / "income_status.csv").write_text(
        "measurement_date,dimension,group,outcome,n,share,suppressed\n"
        "2019-05-31,total,total,werknemer,870,0.8700,false\n"
        "2019-05-31,total,total,ww,,,true\n"
        "2019-05-31,total,total,overig,125,0.1250,false\n"
    )
    call_command("report", out=tmp_path / "out", evaluation=evaluation, no_pdf=True)
    html = (tmp_path / "out" / "realisatie.html").read_text()
    assert "Arbeidsmarktpositie van deelnemers" in html and "87,0 %" in html
    assert not (tmp_path / "out" / "realisatie.pdf").exists()


def test_funding_tables_come_from_the_settlements(db):
    import datetime as dt
    from decimal import Decimal

    from sectorplannen.finance.models import Settlement
    from sectorplannen.finance.services import plans_to_settle
    from sectorplannen.monitoring.services import realisation_tables
    from sectorplannen.workflow.services import settle_many

    import_reference()
    settle_many(plans_to_settle(), dt.date(2019, 6, 1))
    tables = {t.id: t for t in realisation_tables()}
    total = tables["6.2"].row("Totaal")
    settled = Settlement.objects.all()
    assert len(tables["6.2"].rows) == settled.count() + 1 == 76
    assert total[3] == sum(s.determined_subsidy_eur for s in settled)
    assert total[1] + total[2] == total[3] + total[4]  # government + sector = costs + overhead
    assert {r[0]: r[1] for r in tables["S.1"].rows}["Vastgestelde overheidsbijdrage"] == total[3]
    assert total[3] > Decimal("0")
