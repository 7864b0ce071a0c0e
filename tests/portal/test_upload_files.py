"""Finding 3 of the security review: no upload with BSNs stays on disk in clear.

The portal encrypts a participant upload into the upload queue as it arrives (never a clear file
under the media directory, the data directory or Django's temporary upload directory); the job reads
it decrypted from there and removes it when it ends; the error report is private (0600); orphans of
older versions or of a killed server are removed at start-up and by ``uploads cleanup``."""

from __future__ import annotations

import os
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sectorplannen.jobs.models import Job
from sectorplannen.jobs.services import file_path
from sectorplannen.participants import sealed, upload_jobs
from sectorplannen.participants.services import upload_job_file
from sectorplannen.portal import uploads
from sectorplannen.portal.models import UploadReport

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _files_containing(roots: list[Path], needle: bytes) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*")
            if p.is_file() and needle in p.read_bytes()]


def _rows(bsns: list[str]) -> str:
    return "maatregel;bsn;geboortedatum;startdatum;doelgroep\n" + "".join(
        f"M01;{b};1980-01-01;2014-09-01;werkend_sector\n" for b in bsns) + "M99;x;1980-01-01;2014-09-01;student\n"


@pytest.fixture
def disk(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # Django would spill anything bigger to its temp dir
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.DATA_DIR = tmp_path / "data"
    return [Path(settings.MEDIA_ROOT), Path(settings.FILE_UPLOAD_TEMP_DIR), tmp_path / "queue", tmp_path / "jobs",
            tmp_path / "data"]


def _client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _job_errors() -> list[dict]:
    errors = upload_job_file(Job.objects.get(), "errors")
    return uploads.csv_rows(file_path(errors) if errors else None)


def test_an_upload_is_never_on_disk_in_clear(users, granted_plan, disk, official_test_bsns, monkeypatch):
    seen: list[tuple[list[Path], int]] = []
    real = upload_jobs.import_participants

    def watching(*args, **kwargs):
        seen.append((_files_containing(disk, official_test_bsns[0].encode()), len(sealed.tokens())))
        return real(*args, **kwargs)

    monkeypatch.setattr(upload_jobs, "import_participants", watching)
    text = _rows(official_test_bsns[:3]) * 1
    r = _client(users["applicant"]).post(reverse("portal:participants", args=[granted_plan.pk]),
                                         {"file": SimpleUploadedFile("d.csv", text.encode(), "text/csv")})
    assert r.status_code == 302
    assert seen == [([], 1)]  # while the import ran: the file queued, encrypted; no file with the BSN anywhere
    assert _files_containing(disk, official_test_bsns[0].encode()) == []
    assert sealed.tokens() == []  # removed when the job ended
    errors = file_path(upload_job_file(Job.objects.get(), "errors"))
    assert stat.S_IMODE(os.stat(errors).st_mode) == 0o600


def test_a_crash_during_the_import_leaves_no_file(users, granted_plan, disk, official_test_bsns, monkeypatch):
    def crash(*args, errors_path=None, **kwargs):
        errors_path.write_text("row,column,code,message\n")
        raise RuntimeError("the server fell over")

    monkeypatch.setattr(upload_jobs, "import_participants", crash)
    client = _client(users["applicant"])
    client.raise_request_exception = False
    r = client.post(reverse("portal:participants", args=[granted_plan.pk]),
                    {"file": SimpleUploadedFile("d.csv", _rows(official_test_bsns[:2]).encode(), "text/csv")},
                    follow=True)
    assert r.status_code == 200 and "De verwerking is mislukt" in r.content.decode()
    assert Job.objects.get().status == "failed"
    assert [p for root in disk if root.exists() for p in root.rglob("*") if p.is_file()] == []


def test_a_refused_form_leaves_no_queued_file(users, granted_plan, disk, official_test_bsns):
    r = _client(users["applicant"]).post(reverse("portal:participants", args=[granted_plan.pk]),
                                         {"file": SimpleUploadedFile("d.exe", _rows(official_test_bsns[:2]).encode())})
    assert r.status_code == 422 and sealed.tokens() == [] and not Job.objects.exists()
    outsider = _client(users["outsider"])
    outsider.raise_request_exception = False
    r = outsider.post(reverse("portal:participants", args=[granted_plan.pk]),
                      {"file": SimpleUploadedFile("d.csv", _rows(official_test_bsns[:2]).encode())})
    assert r.status_code in (403, 404) and sealed.tokens() == []


def test_a_file_over_the_limit_is_refused_without_being_kept(users, granted_plan, disk, official_test_bsns, settings):
    settings.PARTICIPANT_UPLOAD_MAX_BYTES = 1024 * 1024
    big = _rows(official_test_bsns[:2]).encode() * 20_000
    r = _client(users["applicant"]).post(reverse("portal:participants", args=[granted_plan.pk]),
                                         {"file": SimpleUploadedFile("d.csv", big, "text/csv")})
    assert r.status_code == 422 and "groter dan 1 MB" in r.content.decode()
    assert sealed.tokens() == [] and not Job.objects.exists()


def test_cleanup_removes_orphans_and_keeps_reports(users, granted_plan, settings):
    folder = Path(settings.MEDIA_ROOT) / "portal_uploads"
    folder.mkdir(parents=True)
    kept = folder / "abc-fouten.csv"
    kept.write_text("row,column,code,message\n")
    UploadReport.objects.create(plan=granted_plan, uploaded_by=users["applicant"], file_name="d.csv",
                                result={}, errors_file=kept.name)
    orphans = [folder / "0123456789abcdef.csv", folder / "0123456789abcdef.xlsx", folder / "dead-fouten.csv",
               folder / "upload-x.part"]
    for p in orphans:
        p.write_text("bsn\n")
    out = StringIO()
    call_command("uploads", "cleanup", stdout=out)
    assert sorted(p.name for p in folder.iterdir()) == [kept.name]
    assert "4 " in out.getvalue()
    assert uploads.remove_orphans() == 0  # idempotent


def test_orphans_go_at_start_up(users, settings):
    folder = Path(settings.MEDIA_ROOT) / "portal_uploads"
    folder.mkdir(parents=True)
    (folder / "left-behind.csv").write_text("bsn\n")
    import importlib

    import sectorplannen.wsgi

    importlib.reload(sectorplannen.wsgi)
    assert list(folder.iterdir()) == []


def test_a_bomb_through_the_portal_ends_at_once_with_a_clear_message(users, granted_plan, settings, tmp_path):
    """Finding 2 through the web: refused before reading, within the request, nothing on disk."""
    import time

    from tests.security.bombs import write_workbook

    settings.PARTICIPANT_UPLOAD_LIMITS = {**settings.PARTICIPANT_UPLOAD_LIMITS, "max_uncompressed_bytes": 1 << 20}
    bomb = write_workbook(tmp_path / "bom.xlsx", (["X"] for _ in range(40_000))).read_bytes()
    start = time.perf_counter()
    r = _client(users["applicant"]).post(reverse("portal:participants", args=[granted_plan.pk]),
                                         {"file": SimpleUploadedFile("bom.xlsx", bomb, "application/vnd.ms-excel")},
                                         follow=True)
    assert time.perf_counter() - start < 5
    page = r.content.decode()
    assert "Het bestand is niet verwerkt" in page and "uitgepakt" in page
    assert _job_errors() == []


def test_a_capped_error_report_says_so(users, granted_plan, settings):
    settings.PARTICIPANT_UPLOAD_LIMITS = {**settings.PARTICIPANT_UPLOAD_LIMITS, "max_reported_errors": 3}
    text = "maatregel;bsn;geboortedatum;startdatum;doelgroep\n" + "M99;;1980-01-01;2014-09-01;student\n" * 7
    r = _client(users["applicant"]).post(reverse("portal:participants", args=[granted_plan.pk]),
                                         {"file": SimpleUploadedFile("d.csv", text.encode(), "text/csv")}, follow=True)
    page = r.content.decode()
    assert 'data-testid="errors-capped"' in page and "de eerste 3 van de 7 fouten" in page
    assert len(_job_errors()) == 3


def test_a_corrupt_workbook_through_the_portal_is_a_message_not_a_500(users, granted_plan, tmp_path):
    """Finding 8 through the web: a ParseError inside the sheet, answered on the upload report."""
    import zipfile

    from tests.security.bombs import write_workbook

    good = write_workbook(tmp_path / "good.xlsx", [["M01", "1"]])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data.replace(b"</sheetData>", b"<row><c") if "sheet1" in info.filename else data)
    client = _client(users["applicant"])
    client.raise_request_exception = False
    r = client.post(reverse("portal:participants", args=[granted_plan.pk]),
                    {"file": SimpleUploadedFile("bad.xlsx", bad.read_bytes())}, follow=True)
    assert r.status_code == 200 and "Het bestand is niet verwerkt" in r.content.decode()
    assert "Excel-bestand" in r.content.decode()
    assert _job_errors() == []
