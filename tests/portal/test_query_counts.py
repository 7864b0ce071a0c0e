"""The load test's hot pages make the same number of queries however many plans there are (no
query per plan): measured with one plan of each kind, then with four more of each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sectorplannen.plans.application import submit_application
from sectorplannen.workflow.services import propose, transition

from .conftest import PASSWORD, application

pytestmark = pytest.mark.django_db


def plans(users, start: int, n: int) -> None:
    """n submitted plans (one with a waiting proposal) and n granted plans of the applicant."""
    for i in range(start, start + n):
        submitted = submit_application(application(f"Sectorplan S{i}"), actor=users["applicant"])
        if i == start:
            propose(submitted, "grant", {"assessments": []}, users["assessor"])
        granted = submit_application(application(f"Sectorplan G{i}"), actor=users["applicant"])
        transition(granted, "grant", None, decided_on=dt.date(2014, 7, 1))


def queries(client, url: str) -> int:
    client.get(url)  # sessions, caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("role", "url"), [
    ("assessor", "/werkvoorraad/"), ("assessor", "/voorstellen/"), ("assessor", "/plannen/"),
    ("applicant", "/mijn-plannen/"), ("policy_officer", "/realisatie/"),
])
def test_a_hot_page_makes_no_query_per_plan(client, users, role, url):
    assert client.login(username=users[role].username, password=PASSWORD)
    plans(users, 0, 1)
    few = queries(client, url)
    plans(users, 1, 4)
    assert queries(client, url) == few


def test_the_evaluation_page_is_computed_once_per_state_of_the_files(tmp_path, monkeypatch):
    import os

    from django.core.cache import cache

    from sectorplannen.portal import evaluation_page

    calls = []
    monkeypatch.setattr(evaluation_page, "net_effect_tables", lambda d: calls.append(d) or ([], []))
    cache.clear()
    evaluation, effects = tmp_path / "evaluatie", tmp_path / "netto-effecten"
    effects.mkdir()
    (effects / "effects.csv").write_text("method\n")
    evaluation_page.evaluation_context(evaluation, effects)
    evaluation_page.evaluation_context(evaluation, effects)
    assert len(calls) == 1
    (effects / "effects.csv").write_text("method,outcome\n")  # the evaluator wrote new figures
    os.utime(effects / "effects.csv", ns=(1, 1))
    evaluation_page.evaluation_context(evaluation, effects)
    assert len(calls) == 2


# The heaviest pages of the load test (issue 17, docs/benchmarks.md): a plan's page, its assessment and its
# participants. Bounds at what they make now (one query per kind of record the page shows); a permission
# question or a measure that reads the database again breaks them.
PLAN_PAGE_QUERIES = {"plan_detail": 22, "assess": 16, "participants": 20}


def test_a_plan_page_asks_each_permission_without_a_query(client, users, granted_plan):
    assert client.login(username="applicant", password=PASSWORD)
    url = f"/plannen/{granted_plan.pk}/"
    assert queries(client, url) <= PLAN_PAGE_QUERIES["plan_detail"]


def test_the_assessment_page_reads_the_measures_once(client, users, submitted_plan):
    assert client.login(username="assessor", password=PASSWORD)
    assert queries(client, f"/plannen/{submitted_plan.pk}/beoordelen/") <= PLAN_PAGE_QUERIES["assess"]


def test_the_participants_page_makes_no_query_per_registration(client, users, granted_plan):
    import io

    from sectorplannen.participants.services import import_participants

    def register(*bsns):
        rows = "".join(f"M01;{bsn};1980-01-01;2014-09-01;werkend_sector\n" for bsn in bsns)
        import_participants(granted_plan, io.BytesIO(f"maatregel;bsn;geboortedatum;startdatum;doelgroep\n{rows}"
                                                     .encode()), file_name="d.csv", actor=users["applicant"])

    assert client.login(username="assessor", password=PASSWORD)
    url = f"/plannen/{granted_plan.pk}/deelnemers/"
    register("999991607")
    one = queries(client, url)
    register("123456782", "111222333", "999990019", "999993653", "999995078")
    assert queries(client, url) == one <= PLAN_PAGE_QUERIES["participants"]
