"""The agency's list of all plans (search, filters, sort, pagination, who sees it) and reference plans:
readable by the agency, refused for every action with a reason that fits the plan's status."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from sectorplannen.accounts import permissions as perm
from sectorplannen.plans.models import Plan, PlanStatus
from sectorplannen.workflow.services import transition

from ..factories import PlanFactory
from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def make_plan(name: str, *, status=PlanStatus.SETTLED, tranche: str = "2", kind: str = "sectoral",
              reference: bool = True) -> Plan:
    return PlanFactory(name=name, tranche_label=tranche, kind=kind, status=status, is_reference=reference,
                       submitted_on=None, sectors=[])


def listed(client, **params) -> list[str]:
    response = client.get(reverse("portal:plan_list"), params)
    assert response.status_code == 200
    return re.findall(r'<a class="utrecht-link" href="/plannen/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def plans(users, submitted_plan):
    """The applicant's submitted plan and five reference plans of different tranches, kinds and statuses."""
    return {
        "Bouw": make_plan("Bouw", tranche="1-2"),
        "Bouw Regio Noord": make_plan("Bouw Regio Noord", tranche="3", kind="regional"),
        "Metaal": make_plan("Metaal", tranche="1-2"),
        "Zorg": make_plan("Zorg", tranche="3", status=PlanStatus.DECLARED),
        "Techniek": make_plan("Techniek", tranche="1", kind="regional"),
        submitted_plan.name: submitted_plan,
    }


def test_only_agency_roles_list_all_plans(client, users, plans):
    for role in ("assessor", "policy_officer", "administrator"):
        assert perm.can_list_plans(users[role])[0]
        client.logout()
        login(client, users[role])
        page = client.get(reverse("portal:home"), follow=True).content.decode()
        assert f'href="{reverse("portal:plan_list")}"' in page  # in the navigation
        assert len(listed(client)) == len(plans)
    for role in ("applicant", "outsider", "evaluator", "linkage_officer"):
        ok, reason = perm.can_list_plans(users[role])
        assert not ok and reason
        client.logout()
        login(client, users[role])
        response = client.get(reverse("portal:plan_list"))
        assert response.status_code == 403 and reason in response.content.decode()


def test_search_filters_and_sort(client, users, plans, submitted_plan):
    login(client, users["assessor"])
    assert listed(client) == sorted(plans)  # by name by default
    assert listed(client, q="bouw") == ["Bouw", "Bouw Regio Noord"]
    assert listed(client, tranche="1-2") == ["Bouw", "Metaal"]
    assert listed(client, kind="regional") == ["Bouw Regio Noord", "Techniek"]
    assert listed(client, status="declared") == ["Zorg"]
    assert listed(client, status="submitted") == [submitted_plan.name]
    assert listed(client, origin="application") == [submitted_plan.name]
    assert listed(client, origin="reference", tranche="3", kind="regional") == ["Bouw Regio Noord"]
    assert listed(client, sort="-name") == sorted(plans, reverse=True)
    assert listed(client, q="bouw", sort="-name") == ["Bouw Regio Noord", "Bouw"]
    assert listed(client, q="bestaat niet") == []


def test_an_unknown_filter_value_is_reported_and_ignored(client, users, plans):
    login(client, users["assessor"])
    response = client.get(reverse("portal:plan_list"), {"status": "verzonnen", "q": "bouw"})
    page = response.content.decode()
    assert response.status_code == 200 and "utrecht-form-field-error-message" in page
    assert listed(client, status="verzonnen", q="bouw") == ["Bouw", "Bouw Regio Noord"]


def test_pagination_keeps_the_filters(client, users, plans, settings):
    settings.PORTAL_PAGE_SIZE = 2
    login(client, users["policy_officer"])
    first = client.get(reverse("portal:plan_list"), {"origin": "reference"}).content.decode()
    assert "Pagina 1 van 3" in first and "5 plannen" in first
    assert 'href="?origin=reference&amp;page=2"' in first
    pages = [listed(client, origin="reference", page=n) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sum(pages, []) == sorted(n for n, p in plans.items() if p.is_reference)


def test_agency_opens_a_reference_plan_but_the_applicant_does_not(client, users, plans, organisation):
    reference = plans["Bouw"]
    reference.partners.create(organisation=organisation, kind="employers_organisation", roles=["main_applicant"])
    login(client, users["assessor"])
    page = client.get(reverse("portal:plan_detail", args=[reference.pk])).content.decode()
    assert "Bouw" in page
    assert reverse("portal:settle", args=[reference.pk]) not in page
    assert reverse("portal:advances", args=[reference.pk]) not in page
    client.logout()
    login(client, users["applicant"])  # its organisation is a partner, yet a reference plan is not its own
    assert client.get(reverse("portal:plan_detail", args=[reference.pk])).status_code == 403
    assert "Bouw" not in client.get(reverse("portal:my_plans")).content.decode()


def test_actions_on_a_settled_plan_are_refused_with_a_reason(users, granted_plan):
    plan, applicant, assessor = granted_plan, users["applicant"], users["assessor"]
    plan.status = PlanStatus.SETTLED
    for check, user, words in (
        (perm.can_request_revision, applicant, "lopend plan"),
        (perm.can_upload_participants, applicant, "zolang het plan loopt"),
        (perm.can_report_progress, applicant, "zolang het plan loopt"),
        (perm.can_declare, applicant, "lopend plan"),
        (perm.can_draft_decision, assessor, "ingediend plan"),
        (perm.can_draft_settlement, assessor, "al vastgesteld"),
        (perm.can_manage_advances, assessor, "al vastgesteld"),
    ):
        ok, reason = check(user, plan)
        assert not ok and words in reason, (check.__name__, reason)
    assert perm.can_view_plan(assessor, plan)[0] and perm.can_view_finance(applicant, plan)[0]


def test_a_reference_plan_is_read_only_whatever_its_status(users, plans, organisation):
    """Reference plans are settled; should one be in another status, the reference rule still refuses."""
    applicant, assessor = users["applicant"], users["assessor"]
    reference = plans["Zorg"]
    reference.partners.create(organisation=organisation, kind="employers_organisation", roles=["main_applicant"])
    for status, check, user in (
        (PlanStatus.RUNNING, perm.can_request_revision, applicant),
        (PlanStatus.RUNNING, perm.can_declare, applicant),
        (PlanStatus.RUNNING, perm.can_manage_advances, assessor),
        (PlanStatus.SUBMITTED, perm.can_draft_decision, assessor),
        (PlanStatus.DECLARED, perm.can_draft_settlement, assessor),
    ):
        reference.status = status
        ok, reason = check(user, reference)
        assert not ok and "referentieplan" in reason, (check.__name__, reason)
    for role in ("assessor", "policy_officer", "administrator"):
        assert perm.can_view_plan(users[role], reference)[0]
        assert perm.can_view_finance(users[role], reference)[0]
        assert perm.can_view_plan_audit(users[role], reference)[0]
    assert perm.can_view_participants(assessor, reference)[0]
    assert not perm.can_view_participants(users["policy_officer"], reference)[0]


def test_a_reference_decision_taken_outside_the_system_is_shown(client, users, submitted_plan):
    """Reference plans' decisions have no user who took them: the pages and the letter still render."""
    transition(submitted_plan, "grant", None, decided_on=dt.date(2014, 7, 1))
    Plan.objects.filter(pk=submitted_plan.pk).update(is_reference=True)
    login(client, users["assessor"])
    page = client.get(reverse("portal:decision_detail", args=[submitted_plan.pk, 1]))
    assert page.status_code == 200 and "Goedgekeurd door" in page.content.decode()
    letter = client.get(reverse("portal:decision_letter", args=[submitted_plan.pk, 1]))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
