"""Optimistic locking on any database (SQLite here): a form carries the version it was loaded with,
a save against another version gets a 409 that says what changed, and nothing is written twice."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sectorplannen.common.errors import Conflict
from sectorplannen.plans.models import PlanStatus
from sectorplannen.workflow import services
from sectorplannen.workflow.models import ClosingDecision, Proposal, ProposalStatus, RevisionStatus

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def loaded_version(page: str) -> str:
    return re.search(r'name="lock_version" value="(\d+)"', page).group(1)


def test_every_step_raises_the_plans_version_and_a_stale_one_is_refused_with_what_changed(users, submitted_plan):
    seen = submitted_plan.lock_version
    proposal = services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"], expected_version=seen)
    submitted_plan.refresh_from_db()
    assert submitted_plan.lock_version == seen + 1
    with pytest.raises(Conflict) as exc:
        services.propose(submitted_plan, "refusal", {"reasons": [{"ground": "other", "text": "Nee"}]},
                         users["assessor2"], expected_version=seen)
    assert exc.value.codes == {"stale"}
    assert "versie 1, nu 2" in exc.value.problems[0]
    assert "Voorstel verlening door assessor (status nu 'ingediend')" in exc.value.problems[1]
    services.approve(proposal, users["policy_officer"])
    with pytest.raises(Conflict) as exc:
        services.transition(submitted_plan, "withdraw", users["applicant"], expected_version=seen)
    assert [p.split(": ", 1)[1] for p in exc.value.problems[1:]] == [
        "Voorstel verlening door assessor (status nu 'ingediend')",
        "Verlenen door policy_officer (status nu 'verleend')"]
    assert not ClosingDecision.objects.exists()
    submitted_plan.refresh_from_db()
    closing = services.transition(submitted_plan, "withdraw", users["applicant"],
                                  expected_version=submitted_plan.lock_version)
    assert closing.kind == "withdrawal" and submitted_plan.status == PlanStatus.WITHDRAWN


def test_a_second_proposal_of_a_kind_waits_for_the_first(users, submitted_plan):
    services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    with pytest.raises(Conflict) as exc:  # no version given (a command, an API client): still one proposal
        services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor2"])
    assert exc.value.codes == {"already_proposed"} and "voorbereid door assessor" in exc.value.problems[0]
    assert Proposal.objects.filter(plan=submitted_plan).count() == 1


def test_two_assessors_on_one_plan_in_the_portal_one_proposal_and_a_409_page(client, users, submitted_plan):
    login(client, users["assessor2"])
    page = client.get(reverse("portal:refuse", args=[submitted_plan.pk])).content.decode()
    version = loaded_version(page)
    services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])  # the other one was first
    r = client.post(reverse("portal:refuse", args=[submitted_plan.pk]),
                    {"ground_ceiling": "Het plafond is bereikt.", "lock_version": version})
    assert r.status_code == 409
    text = r.content.decode()
    assert "Iemand anders was u voor" in text and "Het plan is gewijzigd nadat u deze pagina opende" in text
    assert "Voorstel verlening door assessor" in text
    assert list(Proposal.objects.values_list("kind", flat=True)) == ["grant"]


def test_a_double_submitted_withdrawal_is_taken_once(client, users, submitted_plan):
    login(client, users["applicant"])
    url = reverse("portal:withdraw", args=[submitted_plan.pk])
    version = loaded_version(client.get(url).content.decode())
    first = client.post(url, {"reason": "Geen partners", "lock_version": version})
    second = client.post(url, {"reason": "Geen partners", "lock_version": version})
    assert (first.status_code, second.status_code) == (302, 409)
    assert ClosingDecision.objects.filter(plan=submitted_plan).count() == 1


def test_the_approval_form_carries_the_proposals_version(client, users, submitted_plan):
    proposal = services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    login(client, users["policy_officer"])
    page = client.get(reverse("portal:proposal_detail", args=[proposal.pk])).content.decode()
    assert loaded_version(page) == str(proposal.lock_version)
    from sectorplannen.accounts.services import create_user

    other = create_user("beleid2", role="policy_officer", password=PASSWORD)
    services.send_back(proposal, other, "Onderbouwing ontbreekt")  # another approver was first
    r = client.post(reverse("portal:proposal_approve", args=[proposal.pk]), {"lock_version": loaded_version(page)})
    assert r.status_code == 409
    assert "Over dit voorstel is al beslist (teruggestuurd door beleid2" in r.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and proposal.lock_version == 2
    with pytest.raises(Conflict) as exc:
        services.approve(proposal, users["policy_officer"], expected_version=1)
    assert exc.value.codes == {"already_decided"}


def test_one_revision_request_is_either_proposed_or_refused(users, granted_plan):
    import datetime as dt

    req = services.request_revision(granted_plan, users["applicant"], reason="minder", changes=[
        {"op": "set", "measure": "M01", "planned_participants": 400}], analysis_date=dt.date(2014, 6, 1),
        expected_version=granted_plan.lock_version)
    seen = req.lock_version
    services.refuse_revision(req, users["assessor"], expected_version=seen)
    with pytest.raises(Conflict) as exc:
        services.propose(granted_plan, "revision", {}, users["assessor2"], revision_request=req,
                         expected_request_version=seen)
    assert exc.value.codes == {"stale"} and "afgewezen" in exc.value.problems[0]
    req.refresh_from_db()
    assert req.status == RevisionStatus.REJECTED and not Proposal.objects.exists()
    with pytest.raises(Conflict):  # a request on a decision the applicant did not see
        services.request_revision(granted_plan, users["applicant"], reason="x", changes=[],
                                  analysis_date=dt.date(2014, 6, 1), expected_version=granted_plan.lock_version - 1)


def test_the_409_page_speaks_english(client, users, submitted_plan):
    login(client, users["applicant"])
    client.cookies["django_language"] = "en"
    url = reverse("portal:withdraw", args=[submitted_plan.pk])
    services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    r = client.post(url, {"reason": "", "lock_version": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409
    text = r.content.decode()
    assert "The plan was changed after you opened this page (version 1, now 2)" in text
