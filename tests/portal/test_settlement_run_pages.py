"""The settlement run's pages: an assessor starts it, the request only queues the job (under 2 s), the
page follows the job and then shows per plan the amount or the reason and a link to each proposal;
a policy officer sees the runs but does not start one; a second person approves each proposal."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.urls import reverse

from sectorplannen.conf.background import task_settings
from sectorplannen.finance.services import preview_settlements
from sectorplannen.jobs.models import Job
from sectorplannen.workflow.models import Proposal
from sectorplannen.workflow.settlement_run import KIND

from ..finance.factories import declared_plan
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
ON = dt.date(2016, 9, 1)


@pytest.fixture
def queued(settings, tmp_path):
    settings.TASKS = task_settings("database")  # no worker runs until the test runs one
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()


@pytest.fixture
def declared(users):
    return [declared_plan("Plan Noord"), declared_plan("Plan Zuid")]


def run_worker(monkeypatch):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # would close the test's connection
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def test_an_assessor_starts_a_run_and_follows_it_to_the_proposals(client, users, declared, queued, monkeypatch):
    assert client.login(username="assessor", password=PASSWORD)
    page = client.get(reverse("portal:settlement_runs")).content.decode()
    assert 'data-testid="run-candidates"' in page and "2 plannen wachten" in page
    start = time.perf_counter()
    started = client.post(reverse("portal:settlement_runs"))
    assert started.status_code == 302 and time.perf_counter() - start < 2
    job = Job.objects.get(kind=KIND)
    assert started.url == reverse("portal:settlement_run", args=[job.pk]) and not Proposal.objects.exists()
    waiting = client.get(started.url).content.decode()
    assert 'data-state="queued"' in waiting and 'hx-trigger="every 1s"' in waiting
    poll = client.get(started.url, headers={"HX-Request": "true"})
    assert 'data-testid="run-progress"' in poll.content.decode() and "sessionid" not in poll.cookies

    run_worker(monkeypatch)
    assert client.get(started.url, headers={"HX-Request": "true"}).headers["HX-Refresh"] == "true"
    done = client.get(started.url).content.decode()
    assert 'data-testid="run-ready"' in done
    expected = {o.plan.name: o.settlement for o in preview_settlements(declared, ON)}
    for proposal in Proposal.objects.filter(kind="settlement"):
        assert reverse("portal:proposal_detail", args=[proposal.pk]) in done
        amount = expected[proposal.plan.name].determined_subsidy_eur
        assert f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".") in done
    assert client.post(reverse("portal:settlement_runs")).url == started.url.replace(str(job.pk), str(job.pk + 1))


def test_the_same_data_gives_the_same_run(client, users, declared, settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()
    assert client.login(username="assessor", password=PASSWORD)
    client.post(reverse("portal:settlement_runs"))  # immediate backend: the job runs in the request
    second = client.post(reverse("portal:settlement_runs"))
    assert client.post(reverse("portal:settlement_runs")).url == second.url  # nothing changed: cached
    assert Proposal.objects.filter(kind="settlement").count() == 2
    assert 'Er wachtte al een voorstel' in client.get(second.url).content.decode()


def test_who_may_start_see_and_cancel_a_run(client, users, declared, queued):
    assert client.login(username="policy_officer", password=PASSWORD)
    page = client.get(reverse("portal:settlement_runs")).content.decode()
    assert "Vaststellingsronde starten" not in page
    assert client.post(reverse("portal:settlement_runs")).status_code == 403
    client.logout()
    assert client.login(username="applicant", password=PASSWORD)
    assert client.get(reverse("portal:settlement_runs")).status_code == 403
    client.logout()
    assert client.login(username="assessor", password=PASSWORD)
    job = Job.objects.get(pk=int(client.post(reverse("portal:settlement_runs")).url.rstrip("/").split("/")[-1]))
    assert "Ronde annuleren" in client.get(reverse("portal:settlement_run", args=[job.pk])).content.decode()
    client.post(reverse("portal:settlement_run_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "cancelled" and not Proposal.objects.exists()


def test_a_proposal_of_a_run_is_approved_on_its_page_by_a_second_person(client, users, declared, settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()
    assert client.login(username="assessor", password=PASSWORD)
    client.post(reverse("portal:settlement_runs"))
    proposal = Proposal.objects.filter(kind="settlement").first()
    mine = client.get(reverse("portal:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Goedkeuren en besluit nemen" not in mine  # not the one who drafted it
    client.logout()
    assert client.login(username="assessor2", password=PASSWORD)
    client.post(reverse("portal:proposal_approve", args=[proposal.pk]),
                {"lock_version": proposal.lock_version})
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    settlement = proposal.plan.settlements.get()
    assert settlement.determined_subsidy_eur == Decimal(proposal.payload["determined_subsidy_eur"])


def test_the_run_page_reads_a_fixed_number_of_queries(client, users, settings, tmp_path, django_assert_max_num_queries):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_BUSINESS_DATE = ON.isoformat()
    for i in range(6):
        declared_plan(f"Plan {i}")
    assert client.login(username="assessor", password=PASSWORD)
    url = client.post(reverse("portal:settlement_runs")).url
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("portal:settlement_runs")).status_code == 200
