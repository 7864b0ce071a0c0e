"""The evaluator's interview notes through the pages: record, code by two coders who do not see each
other's codes, their agreement as Cohen's kappa, and the agreed codes in the tabulations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sectorplannen.accounts.services import create_user
from sectorplannen.qualitative.models import Coding, InterviewNote
from sectorplannen.qualitative.specs import published_specs
from sectorplannen.qualitative.store import load_frame
from sectorplannen.qualitative.tabulate import tabulate

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def coders(users):
    return users["evaluator"], create_user("evaluator2", role="evaluator", password=PASSWORD)


def test_two_coders_code_one_note_blind_and_see_their_kappa(client, coders, granted_plan):
    first, second = coders
    login(client, first)
    url = reverse("portal:interviews")
    r = client.post(url, {"kind": "group", "interviewee": "partners van het plan", "held_on": "2017-03-01",
                          "text": "Geen belangentegenstellingen."})
    assert "data-error-summary" in r.content.decode()  # a group discussion needs its plan
    r = client.post(url, {"kind": "group", "plan": granted_plan.pk, "interviewee": "partners van het plan",
                          "held_on": "2017-03-01", "text": "Geen belangentegenstellingen."})
    note = InterviewNote.objects.get()
    assert r.status_code == 302 and note.created_by == first
    page = reverse("portal:interview_note", args=[note.pk])
    client.post(page + "?blok=C", {"code-C15": "no", "code-C9": ["trust", "urgency"]})
    assert {c.question: c.codes for c in Coding.objects.filter(coder=first)} == {"C15": ["no"],
                                                                                "C9": ["trust", "urgency"]}
    login(client, second)
    html = client.get(page + "?blok=C").content.decode()
    assert 'value="no" checked' not in html and "checked" not in html  # the first coder's codes stay hidden
    client.post(page + "?blok=C", {"code-C15": "no", "code-C9": ["trust"]})
    html = client.get(url).content.decode()
    assert "Cohens kappa" in html and "data-kappa-question" in html
    # the coders agree on C15 for this plan: the tabulation of conflicts of interest counts it
    c15 = next(s for s in published_specs() if s.item == "C15")
    record = next(p for p in load_frame() if p.key == str(granted_plan.pk))
    assert record.answers["C15"] == "no" and "C9" not in record.answers  # C9: the coders differ
    assert tabulate(c15, [record], min_n=1).n == (1 if c15.tranche in ("all", record.tranche_group) else 0)


def test_codes_outside_the_codebook_are_refused_at_the_field(client, coders):
    login(client, coders[0])
    note = InterviewNote.objects.create(kind="stakeholder", interviewee="sociale partner", held_on=dt.date(2018, 1, 1),
                                        text="…", codebook_id=1, created_by=coders[0])
    r = client.post(reverse("portal:interview_note", args=[note.pk]) + "?blok=C", {"code-C15": "perhaps"})
    assert r.status_code == 200 and "data-error-summary" in r.content.decode()
    assert not Coding.objects.exists()
