"""The realisation report as a background job: progress per stage, cached by the data's fingerprint,
made again when the data change, and its files handed out by the command."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command

from sectorplannen.jobs.models import Job
from sectorplannen.jobs.services import Progress, file_path
from sectorplannen.monitoring.background import report_key, submit_realisation_report
from sectorplannen.monitoring.facts import fingerprint
from sectorplannen.monitoring.queries import load_facts
from sectorplannen.monitoring.services import report_steps
from sectorplannen.plans.models import Plan
from sectorplannen.workflow.reference import import_reference


@pytest.fixture
def reference(db, settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    import_reference()


def test_the_report_job_reports_each_stage_and_keeps_its_files(reference, monkeypatch):
    seen = []
    update = Progress.update

    def spy(self, done=None, total=None, message=None):
        seen.append((done, total, message))
        return update(self, done, total, message)

    monkeypatch.setattr(Progress, "update", spy)
    job = submit_realisation_report(pdf=False)
    assert job.status == "succeeded", job.error
    assert job.total == report_steps(pdf=False) == job.done
    assert [m for _, _, m in seen] == ["Gegevens laden", "Tabellen en grafieken berekenen", "HTML maken",
                                       "XLSX maken", "Klaar"]
    assert [d for d, _, _ in seen] == list(range(job.total + 1))
    files = {f.name: f for f in job.files.all()}
    assert set(files) == {"realisatie.html", "realisatie.xlsx"} == set(job.result["files"])
    html = file_path(files["realisatie.html"]).read_text(encoding="utf-8")
    assert fingerprint(load_facts()) in html
    wb = openpyxl.load_workbook(file_path(files["realisatie.xlsx"]))
    assert "Tabel 3.1" in wb.sheetnames


def test_the_report_is_cached_until_the_data_change(reference):
    first = submit_realisation_report(pdf=False)
    again = submit_realisation_report(pdf=False)
    assert again.pk == first.pk and Job.objects.count() == 1 and again.attempts == 1
    key = report_key(pdf=False)
    plan = Plan.objects.order_by("pk").first()
    Plan.objects.filter(pk=plan.pk).update(name=plan.name + " (gewijzigd)")
    assert report_key(pdf=False) != key
    changed = submit_realisation_report(pdf=False)
    assert changed.pk != first.pk and changed.status == "succeeded"
    assert "(gewijzigd)" in file_path(changed.files.get(name="realisatie.html")).read_text(encoding="utf-8")


def test_the_command_runs_the_job_and_copies_the_files(reference, tmp_path):
    out = io.StringIO()
    call_command("report", background=True, no_pdf=True, out=tmp_path / "uit", stdout=out)
    job = Job.objects.get()
    assert f"Taak #{job.pk}" in out.getvalue()
    stored = file_path(job.files.get(name="realisatie.html"))
    assert (tmp_path / "uit" / "realisatie.html").read_bytes() == stored.read_bytes()
    out = io.StringIO()
    call_command("jobs", "show", str(job.pk), stdout=out)
    assert "realisatie.xlsx" in out.getvalue() and job.files.get(name="realisatie.xlsx").sha256 in out.getvalue()
