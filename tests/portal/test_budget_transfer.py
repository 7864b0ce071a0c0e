"""Budget moved to a neighbouring region's plan from the portal (issue 21): the sending plan's applicant
proposes it with a preview of both decisions, both plans' applicants see the request, the agency drafts
and a second person approves (four eyes); refusals of the scheme's checks are shown at the fields."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sectorplannen.plans.application import submit_application
from sectorplannen.workflow.models import Proposal, RevisionRequest
from sectorplannen.workflow.services import transition

from .conftest import PASSWORD, application

pytestmark = pytest.mark.django_db


def care_plan(name: str, region: str, actor, organisation: str | None = None):
    doc = application(name)
    doc.update(kind="regional", sectors=["Zorg"], regions=[region])
    if organisation:
        doc["partners"][0]["name"] = organisation
    plan = submit_application(doc, actor=actor)
    return plan


@pytest.fixture
def care(users, other_organisation):
    """Achterhoek (the applicant's), Twente (its neighbour, another organisation's) and Zeeland (no
    neighbour), all granted."""
    plans = {"sender": care_plan("Zorg Achterhoek", "Achterhoek", users["applicant"]),
             "receiver": care_plan("Zorg Twente", "Twente", users["outsider"], other_organisation.name),
             "far": care_plan("Zorg Zeeland", "Zeeland", users["applicant"])}
    for plan in plans.values():
        transition(plan, "grant", users["assessor"], approved_by=users["policy_officer"],
                   decided_on=dt.date(2014, 7, 1))
        plan.refresh_from_db()
    return plans


def _form(plan, receiver, amount="100000", action="preview"):
    return {"reason": "Meer vraag in de buurregio", "analysis_date": "2015-01-15", "measure": "M01",
            "target": f"{receiver.pk}:M01", "amount_eur": amount, "action": action,
            "lock_version": plan.lock_version}


def test_the_applicant_proposes_a_transfer_both_see_it_and_four_eyes_decide(client, users, care):
    sender, receiver, far = care["sender"], care["receiver"], care["far"]
    url = f"/plannen/{sender.pk}/budgetoverheveling/"
    assert client.login(username="applicant", password=PASSWORD)
    page = client.get(url).content.decode()
    assert f'value="{receiver.pk}:M01"' in page and f'value="{far.pk}:M01"' not in page  # neighbours only
    assert "Budget overhevelen naar een buurregio" in client.get(f"/plannen/{sender.pk}/").content.decode()
    preview = client.post(url, _form(sender, receiver))
    shown = preview.content.decode()
    assert preview.status_code == 200 and shown.count("versie 1 wordt versie 2") == 2
    assert 'data-testid="transfer-ceiling"' in shown and 'data-testid="transfer-send"' in shown
    assert sender.decisions.count() == 1 and receiver.decisions.count() == 1  # a preview keeps nothing
    too_much = client.post(url, _form(sender, receiver, amount="99999999"))
    assert too_much.status_code == 422 and 'data-testid="transfer-send"' not in too_much.content.decode()
    sent = client.post(url, _form(sender, receiver, action="send"))
    assert sent.status_code == 302
    req = RevisionRequest.objects.get(plan=sender)
    assert req.changes == [{"op": "transfer_out", "measure": "M01", "amount_eur": "100000",
                            "to_plan": receiver.pk, "to_measure": "M01"}]
    # the receiving plan's applicant sees it on its own plan, and cannot ask in the sender's name
    client.logout()
    assert client.login(username="outsider", password=PASSWORD)
    theirs = client.get(f"/plannen/{receiver.pk}/budgetoverheveling/").content.decode()
    assert "Zorg Achterhoek (M01)" in theirs and "Meer vraag in de buurregio" in theirs
    assert client.post(url, _form(sender, receiver, action="send")).status_code == 403
    # the agency: an assessor drafts with the preview of both decisions, a policy officer approves
    client.logout()
    assert client.login(username="assessor", password=PASSWORD)
    review = client.get(reverse("portal:revision_review", args=[req.pk])).content.decode()
    assert "Zorg Twente" in review and review.count("versie 1 wordt versie 2") == 2
    drafted = client.post(reverse("portal:revision_review", args=[req.pk]),
                          {"note": "Past binnen het plafond", "lock_version": req.lock_version})
    assert drafted.status_code == 302, drafted.content.decode()[:2000]
    proposal = Proposal.objects.get(revision_request=req)
    assert "Zorg Twente" in client.get(reverse("portal:proposal_detail", args=[proposal.pk])).content.decode()
    assert client.post(reverse("portal:proposal_approve", args=[proposal.pk])).status_code in (403, 422)
    client.logout()
    assert client.login(username="policy_officer", password=PASSWORD)
    approved = client.post(reverse("portal:proposal_approve", args=[proposal.pk]),
                           {"lock_version": proposal.lock_version})
    assert approved.status_code == 302
    s2, r2 = sender.latest_decision(), receiver.latest_decision()
    assert (s2.version, r2.version) == (2, 2)
    freed = sender.initial_decision().max_subsidy_eur - s2.max_subsidy_eur
    assert freed > 0 and r2.max_subsidy_eur - receiver.initial_decision().max_subsidy_eur == freed
    assert r2.lines.get(measure__code="M01").planned_costs_eur - receiver.initial_decision().lines.get(
        measure__code="M01").planned_costs_eur == Decimal("100000.00")


def test_a_plan_the_scheme_lets_move_no_budget_says_so(client, users, granted_plan):
    assert client.login(username="applicant", password=PASSWORD)
    page = client.get(f"/plannen/{granted_plan.pk}/budgetoverheveling/").content.decode()
    assert 'data-testid="transfer-not-allowed"' in page and "<form" not in re.sub(r"<header.*?</header>", "", page,
                                                                                 flags=re.S).split("<main")[-1]
    assert client.post(f"/plannen/{granted_plan.pk}/budgetoverheveling/", {}).status_code == 422
