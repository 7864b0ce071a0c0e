"""The partner survey: invitations at the final report, one-time links, one answer per organisation,
reminders, closing date; the project leader sees who answered, never what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sectorplannen.accounts.models import Membership
from sectorplannen.organisations.models import Organisation
from sectorplannen.plans.models import PlanPartner
from sectorplannen.qualitative import survey
from sectorplannen.qualitative.models import FinalReport, PartnerResponse
from sectorplannen.workflow import partner_survey

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
TODAY = dt.date(2014, 5, 15)  # the portal's business date in these tests
ANSWERS = {"P1": "union", "P2": ["steering"], "P3": "yes", "P3b": "same", "P4": "good", "P5a": "agree",
           "P5b": "neutral", "P5c": "not_a_goal", "P6": "limited", "P7": "yes", "P8": "no", "P9": "yes", "P10": "no",
           "Pt": "Goede samenwerking met de sociale partners."}


@pytest.fixture
def plan_with_partner(granted_plan):
    union = Organisation.objects.create(name="Bond Zonder Account", kind="union")
    PlanPartner.objects.create(plan=granted_plan, organisation=union, kind="union", roles=["partner"])
    FinalReport.objects.create(plan=granted_plan, codebook_id=1, state="submitted")
    return granted_plan


def form_data(answers):
    return {f"p-{k}": v for k, v in answers.items()}


def test_invitations_links_and_one_answer_per_organisation(client, users, plan_with_partner):
    made = survey.invite_partners(plan_with_partner, TODAY)
    assert survey.invite_partners(plan_with_partner, TODAY) == []  # once per organisation
    with_users = set(Membership.objects.values_list("organisation_id", flat=True))
    assert [m.token is None for m in made] == [m.invitation.organisation_id in with_users for m in made]
    mine = next(m for m in made if m.invitation.organisation.name == "Bond Zonder Account")
    assert mine.invitation.token_hash != mine.token  # only the hash is stored
    url = reverse("portal:partner_survey_link", args=[mine.token])
    page = client.get(url)
    assert page.status_code == 200 and "Bond Zonder Account" in page.content.decode()
    r = client.post(url, form_data({**ANSWERS, "P4": ""}))
    assert "data-error-summary" in r.content.decode() and not PartnerResponse.objects.exists()
    r = client.post(url, form_data(ANSWERS))
    assert "zijn ontvangen" in r.content.decode() and PartnerResponse.objects.count() == 1
    assert client.get(url).status_code == 410  # one-time link

    # the project leader sees who answered, never what
    client.login(username="applicant", password=PASSWORD)
    html = client.get(reverse("portal:final_report", args=[plan_with_partner.pk])).content.decode()
    assert "Bond Zonder Account" in html and "Goede samenwerking" not in html


def test_members_answer_in_the_portal_and_outsiders_cannot(client, users, plan_with_partner):
    made = {m.invitation.organisation.name: m.invitation for m in survey.invite_partners(plan_with_partner, TODAY)}
    own = made["Werkgeversvereniging X"]
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("portal:partner_survey", args=[own.pk])).status_code == 403
    client.logout()
    client.login(username="applicant", password=PASSWORD)
    r = client.post(reverse("portal:partner_survey", args=[own.pk]), form_data(ANSWERS))
    assert r.status_code == 200 and PartnerResponse.objects.filter(invitation=own).exists()


def test_reminders_and_closing_date(plan_with_partner):
    made = survey.invite_partners(plan_with_partner, TODAY)
    reachable = sum(1 for m in made if m.token is None)  # with portal users; the others have no contact yet
    assert partner_survey.remind_now(plan_with_partner, TODAY + dt.timedelta(days=7)) == reachable
    late = made[0].invitation.expires_on + dt.timedelta(days=1)
    assert partner_survey.remind_now(plan_with_partner, late) == 0
    with pytest.raises(survey.InvitationClosed, match="gesloten"):
        survey.answer(made[0].invitation, ANSWERS, late)
    status = [(s.reminders, s.reached_by) for s in survey.survey_status(plan_with_partner)]
    assert sorted(status) == sorted([(1, "portal")] * reachable + [(0, "")] * (len(made) - reachable))


def test_the_project_leader_gives_a_contact_who_gets_the_link_by_mail(client, users, plan_with_partner, mailoutbox):
    client.login(username="applicant", password=PASSWORD)
    url = reverse("portal:final_report", args=[plan_with_partner.pk])
    client.post(url, {"action": "invite"})
    page = client.get(url).content.decode()
    assert "nog geen contactpersoon" in page and "Contactpersoon voor organisaties zonder account" in page
    union = Organisation.objects.get(name="Bond Zonder Account")
    r = client.post(url, {"action": "contact", "contact-organisation": union.pk, "contact-name": "Dirk Bond",
                          "contact-email": "geen-adres"})
    assert "data-error-summary" in r.content.decode()
    r = client.post(url, {"action": "contact", "contact-organisation": union.pk, "contact-name": "Dirk Bond",
                          "contact-email": "dirk@bond.example"}, follow=True)
    assert "gemaild" in r.content.decode()
    assert [m.to for m in mailoutbox] == [["dirk@bond.example"]] and "/partnerenquete/link/" in mailoutbox[0].body
