"""Two approvers at once on a real PostgreSQL server: one decision, one clear conflict, never a 500."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from sectorplannen.common.errors import Conflict
from sectorplannen.plans.models import GrantDecision, PlanStatus
from sectorplannen.workflow import services
from sectorplannen.workflow.models import Proposal, ProposalStatus

from .conftest import PASSWORD

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); run with DATABASE_URL=postgres://…")


def _at_once(jobs):
    """Run the jobs in threads released together; each thread has its own database connection."""
    barrier, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # the outcome to compare, whatever it is
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_approvals_of_one_proposal_give_one_decision_and_one_conflict(users, submitted_plan):
    proposal = services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    officer = users["policy_officer"]
    second = type(officer).objects.get(pk=officer.pk)
    results = _at_once([lambda: services.approve(proposal, officer), lambda: services.approve(proposal, second)])
    decisions = [r for r in results if isinstance(r, GrantDecision)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(decisions) == 1 and len(conflicts) == 1, results
    assert conflicts[0].codes == {"already_decided"}
    assert GrantDecision.objects.filter(plan=submitted_plan).count() == 1
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.GRANTED
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPROVED


def test_two_approvers_in_the_portal_get_one_decision_and_one_409(users, submitted_plan):
    from sectorplannen.accounts.services import create_user

    other = create_user("policy_officer2", role="policy_officer", password=PASSWORD)
    proposal = services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"])
    clients = []
    for user in (users["policy_officer"], other):
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        clients.append(client)
    url = reverse("portal:proposal_approve", args=[proposal.pk])
    responses = _at_once([lambda c=c: c.post(url) for c in clients])
    assert sorted(r.status_code for r in responses) == [302, 409], responses
    assert GrantDecision.objects.filter(plan=submitted_plan).count() == 1


def _client(user):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_two_assessors_proposing_from_one_version_give_one_proposal_and_one_conflict(users, submitted_plan):
    seen = submitted_plan.lock_version
    refusal = {"reasons": [{"ground": "ceiling", "text": "Het plafond is bereikt."}]}
    results = _at_once([
        lambda: services.propose(submitted_plan, "grant", {"assessments": []}, users["assessor"],
                                 expected_version=seen),
        lambda: services.propose(submitted_plan, "refusal", refusal, users["assessor2"], expected_version=seen),
    ])
    made = [r for r in results if isinstance(r, Proposal)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(made) == 1 and len(conflicts) == 1, results
    assert conflicts[0].codes == {"stale"}
    assert Proposal.objects.filter(plan=submitted_plan).count() == 1
    submitted_plan.refresh_from_db()
    assert submitted_plan.lock_version == seen + 1


def test_two_assessors_proposing_without_a_version_still_give_one_proposal(users, submitted_plan):
    results = _at_once([
        lambda u=u: services.propose(submitted_plan, "grant", {"assessments": []}, users[u])
        for u in ("assessor", "assessor2")])
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Proposal"], results
    assert next(r for r in results if isinstance(r, Conflict)).codes == {"already_proposed"}


def test_a_double_submitted_withdrawal_in_the_portal_gives_one_decision_and_one_409(users, submitted_plan):
    from sectorplannen.workflow.models import ClosingDecision

    url = reverse("portal:withdraw", args=[submitted_plan.pk])
    form = {"reason": "Geen partners meer", "lock_version": str(submitted_plan.lock_version)}
    clients = [_client(users["applicant"]), _client(users["applicant"])]
    responses = _at_once([lambda c=c: c.post(url, form) for c in clients])
    assert sorted(r.status_code for r in responses) == [302, 409], responses
    assert ClosingDecision.objects.filter(plan=submitted_plan).count() == 1
    page = next(r for r in responses if r.status_code == 409).content.decode()
    assert "Intrekken door applicant" in page


def test_a_double_submitted_final_declaration_is_stored_once(users, granted_plan, settings, tmp_path):
    import datetime as dt
    from decimal import Decimal

    from django.core.files.base import ContentFile

    from sectorplannen.finance.models import FinalDeclaration
    from sectorplannen.finance.services import DeclaredMeasure

    settings.MEDIA_ROOT = tmp_path
    seen = granted_plan.lock_version

    def declare():
        return services.transition(granted_plan, "declare", users["applicant"], submitted_on=dt.date(2016, 8, 1),
                                   lines={"M01": DeclaredMeasure(450, Decimal("580000.00"), 40)},
                                   auditor_statement=ContentFile(b"%PDF-1.4\n%%EOF\n", name="v.pdf"),
                                   expected_version=seen)

    results = _at_once([declare, declare])
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "FinalDeclaration"], results
    assert FinalDeclaration.objects.filter(plan=granted_plan).count() == 1
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.DECLARED
