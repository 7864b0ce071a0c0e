"""The realisation tables and report and the evaluator's tables through the API: the portal's services,
its permission functions, and no count of fewer than 10 people."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.base import ContentFile

from sectorplannen.audit.models import AuditEvent
from sectorplannen.finance.services import DeclaredMeasure
from sectorplannen.monitoring.disclosure import DISCLOSURE_THRESHOLD
from sectorplannen.monitoring.services import realisation_tables
from sectorplannen.workflow.services import transition

from .conftest import token_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")


@pytest.fixture
def declared_plan(users, granted_plan):
    """A plan whose declaration reports a handful of participants: fewer than the disclosure threshold."""
    transition(granted_plan, "declare", users["applicant"], submitted_on=dt.date(2016, 8, 1),
               lines={"M01": DeclaredMeasure(DISCLOSURE_THRESHOLD - 3, Decimal("58000.00"), 2)},
               auditor_statement=ContentFile(PDF, name="v.pdf"))
    granted_plan.refresh_from_db()
    return granted_plan


def _people_cells(tables: list[dict]) -> list[tuple]:
    """(table, column, value) of every whole-number cell in a column that counts people."""
    from sectorplannen.monitoring.disclosure import _counts_people

    out = []
    for t in tables:
        for i, row in enumerate(t["rows"]):
            for column, value in zip(t["columns"], row, strict=True):
                kind, title = column["kind"], column["title"]
                if kind == "mixed":
                    kind, title = t["row_kinds"][i], row[0]
                if _counts_people(kind, title) and value is not None:
                    out.append((t["id"], title, value))
    return out


def test_the_realisation_tables_show_no_count_under_ten_people(api, users, declared_plan):
    # The tables themselves hold the small count (computed from the data, not copied here) ...
    unprotected = [(t.id, c.title, v) for t in realisation_tables() for row in t.rows
                   for c, v in zip(t.columns, row, strict=True) if v == DISCLOSURE_THRESHOLD - 3]
    assert unprotected
    # ... the API suppresses it, and every other small count of people.
    r = api.as_(token_for(users["policy_officer"])).get("/api/v1/rapportages/realisatie")
    assert r.status_code == 200, r.content[:300]
    body = r.json()
    assert body["suppressed_cells"] >= len(unprotected)
    cells = _people_cells(body["tables"])
    assert cells and all(float(v) == 0 or abs(float(v)) >= DISCLOSURE_THRESHOLD for _t, _c, v in cells)
    assert {t["id"] for t in body["tables"]} >= {"3.1", "4.1"}
    noted = [t for t in body["tables"] if any("onderdrukt" in n for n in t["notes"])]
    assert {table_id for table_id, _c, _v in unprotected} <= {t["id"] for t in noted}


def test_the_realisation_filters_are_checked(api, users, declared_plan):
    api.as_(token_for(users["assessor"]))
    bad = api.get("/api/v1/rapportages/realisatie?tranche=9")
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "tranche"
    assert api.get("/api/v1/rapportages/realisatie?tranche=").status_code == 400  # empty is not "no filter"
    typo = api.get("/api/v1/rapportages/realisatie?trance=3")  # never the unfiltered tables for a typo
    assert typo.status_code == 400 and typo.json()["invalidParams"][0]["name"] == "trance"
    regional = api.get("/api/v1/rapportages/realisatie?kind=regional").json()
    assert regional["filters"]["kind"] == "regional"


def test_the_realisation_report_is_a_job_then_a_protected_file(api, users, declared_plan, settings):
    api.as_(token_for(users["assessor"]))
    r = api.get("/api/v1/rapportages/realisatie/rapport?formaat=xlsx")  # the immediate task backend of the tests
    assert r.status_code == 200, r.content[:300]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)), read_only=True)
    values = [v for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    assert DISCLOSURE_THRESHOLD - 3 not in values
    assert AuditEvent.objects.filter(event="realisation_report_downloaded").exists()
    assert api.get("/api/v1/rapportages/realisatie/rapport?formaat=doc").status_code == 400


def test_a_report_not_yet_made_answers_202_with_the_job(api, users, monkeypatch):
    from sectorplannen.api import views_reports
    from sectorplannen.jobs.models import Job

    queued = Job.objects.create(kind="realisation_report", key="realisation_report:test", task_path="x")
    monkeypatch.setattr(views_reports, "current_realisation_report", lambda **kwargs: queued)
    r = api.as_(token_for(users["assessor"])).get("/api/v1/rapportages/realisatie/rapport")
    assert r.status_code == 202 and r["Retry-After"]
    assert (r.json()["id"], r.json()["state"], r.json()["fraction"]) == (queued.pk, "queued", None)


def _outcomes(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hours.csv").write_text(
        "measurement_date,dimension,group,outcome,n,share,suppressed\n"
        "2018-05-31,total,total,voltijd,100,0.7000,false\n"
        "2019-05-31,total,total,voltijd,120,0.8000,false\n"
        "2019-05-31,total,total,4_dagen,,,true\n", encoding="utf-8")


def test_the_evaluation_outcomes_per_measurement_date(api, users, settings):
    _outcomes(Path(settings.SECTORPLANNEN_EVALUATION_DIR))
    api.as_(token_for(users["evaluator"]))
    latest = api.get("/api/v1/evaluatie/uitkomsten").json()
    assert latest["dates"] == ["2018-05-31", "2019-05-31"] and latest["date"] == "2019-05-31"
    table = latest["tables"][0]
    assert table["rows"][0][0] == "Totaal" and table["rows"][0][2:] == ["0.8000", None]  # suppressed stays empty
    older = api.get("/api/v1/evaluatie/uitkomsten?datum=2018-05-31").json()
    assert older["tables"][0]["rows"][0][2] == "0.7000"
    assert api.get("/api/v1/evaluatie/uitkomsten?datum=2017-01-01").status_code == 400
    assert api.as_(token_for(users["assessor"])).get("/api/v1/evaluatie/uitkomsten").status_code == 403


def test_the_net_effects_as_the_evaluator_wrote_them(api, users, settings):
    folder = Path(settings.SECTORPLANNEN_EFFECTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    rows = [f"matched_did,{outcome},{dimension},{group},12,0.0500,0.0100,0.0300,0.0700,{n},1600,false\n"
            for outcome in ("werknemer", "ww", "uitkering")
            for dimension, group, n in (("total", "total", 400), ("category", "training", 300))]
    (folder / "effects.csv").write_text(
        "method,outcome,dimension,group,event_month,att,se,ci_low,ci_high,n_treated,n_comparison,suppressed\n"
        + "".join(rows), encoding="utf-8")
    body = api.as_(token_for(users["evaluator"])).get("/api/v1/evaluatie/netto-effecten").json()
    assert body["tables"] and body["explanation"]
    totals = [row for t in body["tables"] for row in t["rows"] if row[:2] == ["Totaal", "400"]]
    assert totals and any(cell and cell.startswith(("5", "+5")) for cell in totals[0][2:]), totals
