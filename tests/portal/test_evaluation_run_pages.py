"""The evaluation started from the evaluator's page (ADR 021): deliveries listed from the input
directory (never one with the linkage file, never a name that could be a BSN), a job that runs the
same evaluation as ``sectorplannen evaluate``, its progress, and the outputs downloaded when ready."""

from __future__ import annotations

import os
import time

import pytest
from django.urls import reverse

from sectorplannen.evaluation.services import run_evaluation
from sectorplannen.jobs.models import Job
from sectorplannen.portal.evaluation_jobs import KIND

from ..evaluation.helpers import benefit, job, participant, write_inputs
from .conftest import PASSWORD
from .test_settlement_run_pages import run_worker

pytestmark = pytest.mark.django_db
DATES = "31-05-2018, 31-05-2019"


@pytest.fixture
def inputs(settings, tmp_path):
    settings.SECTORPLANNEN_EVALUATION_INPUT_DIR = str(tmp_path / "invoer")
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    people = [participant(i) for i in range(25)]
    write_inputs(tmp_path / "invoer" / "levering-2019", people, [job(i) for i in range(20)],
                 [benefit(i) for i in range(20, 25)])
    return tmp_path / "invoer"


def start(client, delivery="levering-2019", dates=DATES):
    return client.post(reverse("portal:evaluation_runs"), {"delivery": delivery, "dates": dates})


def test_the_evaluator_starts_a_run_and_downloads_the_same_outputs_as_the_command(client, users, inputs, settings,
                                                                                 tmp_path, monkeypatch):
    from sectorplannen.conf.background import task_settings

    settings.TASKS = task_settings("database")
    assert client.login(username="evaluator", password=PASSWORD)
    assert reverse("portal:evaluation_runs") in client.get(reverse("portal:evaluation")).content.decode()
    page = client.get(reverse("portal:evaluation_runs")).content.decode()
    assert "levering-2019" in page and "Evaluatie starten" in page
    began = time.perf_counter()
    started = start(client)
    assert started.status_code == 302 and time.perf_counter() - began < 2
    run = Job.objects.get(kind=KIND)
    assert run.params == {"delivery": "levering-2019", "dates": ["2018-05-31", "2019-05-31"]}
    waiting = client.get(started.url).content.decode()
    assert 'data-state="queued"' in waiting and 'hx-trigger="every 1s"' in waiting

    run_worker(monkeypatch)
    assert client.get(started.url, headers={"HX-Request": "true"}).headers["HX-Refresh"] == "true"
    done = client.get(started.url).content.decode()
    assert 'data-testid="evaluation-ready"' in done and "25 eenheden" in done
    run.refresh_from_db()
    names = {f.name: f for f in run.files.all()}
    assert {"income_status.csv", "outcomes.xlsx", "report.html", "disclosure_log.csv"} <= set(names)
    cli = run_evaluation(inputs / "levering-2019" / "deelnemers.csv", inputs / "levering-2019" / "banen.csv",
                         inputs / "levering-2019" / "uitkeringen.csv", ["2018-05-31", "2019-05-31"], tmp_path / "cli")
    assert cli.exit_code == 0
    for name in ("income_status.csv", "hours.csv", "disclosure_log.csv"):
        url = reverse("portal:evaluation_output", args=[run.pk, names[name].pk])
        assert url in done
        download = client.get(url)
        assert b"".join(download.streaming_content) == (tmp_path / "cli" / name).read_bytes()
    xlsx = b"".join(client.get(reverse("portal:evaluation_output", args=[run.pk, names["outcomes.xlsx"].pk]))
                    .streaming_content)
    assert xlsx.startswith(b"PK")


def test_the_same_files_and_dates_give_the_same_run_and_a_change_a_new_one(client, users, inputs):
    assert client.login(username="evaluator", password=PASSWORD)
    first = start(client).url
    assert start(client).url == first  # cached: the finished run's files
    assert start(client, dates="31-05-2019").url != first
    banen = inputs / "levering-2019" / "banen.csv"
    os.utime(banen, (time.time() + 5, time.time() + 5))  # a new delivery of the same file
    assert start(client).url != first
    assert Job.objects.filter(kind=KIND).count() == 3


def test_a_folder_with_the_linkage_file_or_a_name_like_a_bsn_is_never_used(client, users, inputs):
    (inputs / "levering-2019" / "koppeling.csv").write_text("bsn,pseudonym\n", encoding="utf-8")
    write_inputs(inputs / "999991607", [participant(i) for i in range(12)], [job(1)], [benefit(1)])
    assert client.login(username="evaluator", password=PASSWORD)
    page = client.get(reverse("portal:evaluation_runs")).content.decode()
    assert "koppelbestand met BSN" in page and "999991607" not in page and "Evaluatie starten" not in page
    assert start(client).status_code == 422 and start(client, "999991607").status_code == 422
    assert not Job.objects.filter(kind=KIND).exists()


def test_wrong_dates_are_refused_and_unusable_input_is_explained(client, users, inputs):
    assert client.login(username="evaluator", password=PASSWORD)
    refused = start(client, dates="31-02-2019")
    assert refused.status_code == 422 and "geen geldige datum" in refused.content.decode()
    (inputs / "levering-2019" / "banen.csv").write_text("iets,anders\n1,2\n", encoding="utf-8")
    done = client.get(start(client).url).content.decode()
    assert 'data-testid="evaluation-unusable"' in done and "banen" in done
    assert str(inputs) not in done  # no server paths on the page
    assert not Job.objects.get(kind=KIND).files.exists()


def test_a_cancelled_run_keeps_no_outputs(client, users, inputs, monkeypatch):
    from sectorplannen.jobs import runner

    update = runner.Progress.update

    def cancel_at_the_pipeline(self, done=None, **kwargs):
        if done == 1:
            Job.objects.filter(pk=self.job.pk).update(cancel_requested=True)
        return update(self, done=done, **kwargs)

    monkeypatch.setattr(runner.Progress, "update", cancel_at_the_pipeline)
    assert client.login(username="evaluator", password=PASSWORD)
    run = Job.objects.get(pk=int(start(client).url.rstrip("/").split("/")[-1]))
    assert run.status == "cancelled" and not run.files.exists()


def test_only_the_evaluator_runs_the_evaluation(client, users, inputs):
    for role in ("policy_officer", "assessor", "applicant"):
        assert client.login(username=role, password=PASSWORD)
        assert client.get(reverse("portal:evaluation_runs")).status_code == 403
        assert start(client).status_code == 403
        client.logout()
    assert client.login(username="policy_officer", password=PASSWORD)
    assert reverse("portal:evaluation_runs") not in client.get(reverse("portal:evaluation")).content.decode()
