"""A participant upload as a background job: the same import as the command line, the file encrypted
while it waits, removed afterwards, progress while it runs, cancel, idempotency and all-or-nothing."""

from __future__ import annotations

import io

import pytest

from sectorplannen.conf.background import task_settings
from sectorplannen.jobs.runner import Progress
from sectorplannen.jobs.services import JobStatus, file_path, request_cancel
from sectorplannen.participants import sealed
from sectorplannen.participants.models import Registration
from sectorplannen.participants.services import (
    UnusableInput,
    UploadRefused,
    cancel_upload_job,
    import_participants,
    remove_orphan_queued_files,
    submit_upload_job,
    upload_job_file,
    upload_job_status,
    upload_jobs,
)
from sectorplannen.participants.vault import VaultError

from .conftest import make_plan, read_errors, row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")


def queued_files() -> list[str]:
    return sealed.tokens()


def upload_file(tmp_path, new_bsns, n=12, bad=1):
    rows = [row(b) for b in new_bsns(n)]
    rows += [row("12345678")] * bad  # too short: rejected
    return write_csv(tmp_path / "deelnemers.csv", rows), rows


def test_the_job_imports_as_the_command_line_does_and_leaves_no_queued_file(plan, tmp_path, new_bsns):
    path, _ = upload_file(tmp_path, new_bsns)
    job = submit_upload_job(plan, path, user=None, original_name="deelnemers.csv")
    status = upload_job_status(job)
    assert status["state"] == JobStatus.SUCCEEDED and status["finished"] and status["outcome"] == "stored"
    assert (status["rows_read"], status["stored"], status["rejected"]) == (13, 12, 1)
    assert status["fraction"] == 1.0 and status["file_name"] == "deelnemers.csv"
    assert Registration.objects.filter(plan=plan).count() == 12
    assert queued_files() == []
    errors = upload_job_file(job, "errors")
    assert status["files"]["errors"]["id"] == errors.pk
    assert [e["code"] for e in read_errors(file_path(errors))] == ["bsn_invalid"]
    report = file_path(upload_job_file(job, "report")).read_text(encoding="utf-8")
    assert "rows_read,13" in report and "stored,12" in report

    other = make_plan(name="Testplan Zorg")
    cli = import_participants(other, path)
    assert {k: v for k, v in status["summary"].items() if k != "outcome"} == cli.summary()


def test_the_same_idempotency_key_gives_the_same_job(plan, tmp_path, new_bsns):
    path, _ = upload_file(tmp_path, new_bsns, bad=0)
    first = submit_upload_job(plan, path, user=None, original_name="a.csv", idempotency_key="form-1")
    again = submit_upload_job(plan, path, user=None, original_name="a.csv", idempotency_key="form-1")
    assert again.pk == first.pk and upload_jobs(plan).count() == 1
    new = submit_upload_job(plan, path, user=None, original_name="a.csv")
    assert new.pk != first.pk
    assert upload_job_status(new)["stored"] == 0 and upload_job_status(new)["already_known"] == 12
    assert Registration.objects.filter(plan=plan).count() == 12 and queued_files() == []


def test_all_or_nothing_stores_nothing_when_a_row_is_wrong(plan, tmp_path, new_bsns):
    path, _ = upload_file(tmp_path, new_bsns)
    status = upload_job_status(submit_upload_job(plan, path, user=None, original_name="a.csv", all_or_nothing=True))
    assert status["outcome"] == "rolled_back" and status["stored"] == 0 and status["rejected"] == 1
    assert not Registration.objects.filter(plan=plan).exists()


def test_an_unusable_file_is_an_outcome_with_its_reasons(plan, tmp_path, new_bsns):
    path = write_csv(tmp_path / "x.csv", [r[:1] for r in [row(b) for b in new_bsns(3)]], header=["measure"])
    status = upload_job_status(submit_upload_job(plan, path, user=None, original_name="x.csv"))
    assert status["state"] == JobStatus.SUCCEEDED and status["outcome"] == "unusable"
    assert "Verplichte kolom ontbreekt" in status["message"]
    assert {e["code"] for e in read_errors(file_path(upload_job_file(job_of(status), "errors")))} == {"column_missing"}


def job_of(status):
    from sectorplannen.jobs.models import Job

    return Job.objects.get(pk=status["id"])


def test_limits_and_refusals_are_checked_before_anything_is_queued(plan, tmp_path, new_bsns, settings):
    path, _ = upload_file(tmp_path, new_bsns)
    settings.PARTICIPANT_UPLOAD_MAX_BYTES = 100
    with pytest.raises(UnusableInput, match="groter dan"):
        submit_upload_job(plan, path, user=None, original_name="a.csv")
    with pytest.raises(UnusableInput, match="groter dan"):  # a file object without a size: checked when queued
        submit_upload_job(plan, io.BytesIO(path.read_bytes()), user=None, original_name="a.csv")
    settings.PARTICIPANT_UPLOAD_MAX_BYTES = 1 << 20
    closed = make_plan(name="Testplan Dicht", status="settled")
    with pytest.raises(UploadRefused):
        submit_upload_job(closed, path, user=None, original_name="a.csv")
    assert queued_files() == [] and not upload_jobs(plan).exists()


def test_the_queued_file_is_encrypted_and_removed_when_the_queued_job_is_cancelled(plan, tmp_path, new_bsns,
                                                                                    settings):
    settings.TASKS = task_settings("database")  # no worker: the job waits
    path, rows = upload_file(tmp_path, new_bsns)
    job = submit_upload_job(plan, path, user=None, original_name="123456782.csv")
    assert job.status == JobStatus.QUEUED and upload_job_status(job)["state"] == JobStatus.QUEUED
    assert "123456782" not in job.params["file_name"] and "123456782" not in str(job.params)
    [token] = queued_files()
    raw = sealed.sealed_path(token).read_bytes()
    assert rows[0][1].encode() not in raw and b"measure" not in raw
    assert oct(sealed.sealed_path(token).stat().st_mode & 0o777) == "0o600"
    with sealed.open_sealed(token) as fh:
        assert fh.read() == path.read_bytes()
    assert cancel_upload_job(job).status == JobStatus.CANCELLED
    assert queued_files() == []


def test_a_sealed_file_reads_with_seeks_and_refuses_tampering(tmp_path, settings, new_bsns, plan):
    data = bytes(range(256)) * (sealed.CHUNK // 128 + 3)  # more than two chunks
    token, size = sealed.seal(io.BytesIO(data))
    assert size == len(data)
    with sealed.open_sealed(token) as fh:
        fh.seek(sealed.CHUNK - 5)
        assert fh.read(10) == data[sealed.CHUNK - 5:sealed.CHUNK + 5]
        assert fh.seek(0, io.SEEK_END) == len(data)
        fh.seek(3)
        assert fh.read() == data[3:]
    path = sealed.sealed_path(token)
    path.write_bytes(path.read_bytes()[:-(len(data) % sealed.CHUNK) - 16])  # the last chunk cut off
    with pytest.raises(VaultError), sealed.open_sealed(token) as fh:
        fh.read()
    xlsx = write_xlsx(tmp_path / "d.xlsx", [row(b) for b in new_bsns(5)])  # a zip: read by seeking
    status = upload_job_status(submit_upload_job(plan, xlsx, user=None, original_name="d.xlsx"))
    assert status["stored"] == 5


def test_cancel_while_the_import_runs_stores_nothing(plan, tmp_path, new_bsns, monkeypatch):
    path = write_csv(tmp_path / "big.csv", [row(b) for b in new_bsns(25_000)])
    seen = []
    live = Progress.live

    def cancel_after_first_chunk(self, **kwargs):
        seen.append(kwargs["counts"]["rows_read"])
        if len(seen) == 1:
            request_cancel(self.job)  # from outside the import's transaction this is a marker file
        live(self, **kwargs)

    monkeypatch.setattr(Progress, "live", cancel_after_first_chunk)
    status = upload_job_status(submit_upload_job(plan, path, user=None, original_name="big.csv"))
    assert status["state"] == JobStatus.CANCELLED and seen == [10_000]
    assert not Registration.objects.filter(plan=plan).exists() and queued_files() == []


def test_the_status_of_a_running_job_comes_from_its_live_figures(plan, tmp_path, new_bsns, settings):
    settings.TASKS = task_settings("database")
    path, _ = upload_file(tmp_path, new_bsns)
    job = submit_upload_job(plan, path, user=None, original_name="a.csv")
    job.status = JobStatus.RUNNING
    job.save(update_fields=["status"])
    Progress(job).live(done=250, total=1000, counts={"rows_read": 10, "stored": 9, "rejected": 1,
                                                     "seconds_left": 12})
    status = upload_job_status(job)
    assert (status["fraction"], status["rows_read"], status["stored"], status["rejected"]) == (0.25, 10, 9, 1)
    assert status["seconds_left"] == 12 and status["files"] == {"report": None, "errors": None}


def test_orphan_queued_files_are_removed(plan, tmp_path, settings, new_bsns):
    settings.TASKS = task_settings("database")
    path, _ = upload_file(tmp_path, new_bsns)
    submit_upload_job(plan, path, user=None, original_name="a.csv")  # waits: its file stays
    orphan, _ = sealed.seal(path)
    assert remove_orphan_queued_files() == 0  # young files may be uploads still arriving
    assert remove_orphan_queued_files(older_than_seconds=-1) == 1
    assert orphan not in queued_files() and len(queued_files()) == 1


def test_the_uploader_is_told_once_when_the_job_is_done(plan, tmp_path, new_bsns):
    """The job announces the finished upload; the notifications app turns it into a message with the
    counts only, for the person who uploaded (an upload without a user tells nobody)."""
    from sectorplannen.accounts.services import create_user
    from sectorplannen.notifications.models import Notification

    user = create_user("uploader", role="assessor", password="Lang-genoeg-wachtwoord-42")
    path, rows = upload_file(tmp_path, new_bsns)
    submit_upload_job(plan, path, user=user, original_name="deelnemers.csv")
    messages = list(Notification.objects.filter(recipient=user, kind="upload_finished"))
    assert len(messages) == 1
    text = messages[0].subject + messages[0].body
    assert "12" in text and all(r[1] not in text for r in rows if len(r[1]) == 9)
    submit_upload_job(plan, path, user=None, original_name="deelnemers.csv")
    assert Notification.objects.filter(kind="upload_finished").count() == 1
