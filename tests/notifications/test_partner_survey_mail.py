"""The partner survey's messages: invited at the final declaration (users in the inbox and by mail,
an organisation without users by a mail with a one-time link to its contact), reminded before the
closing date by the daily reminders; through a real SMTP server on loopback. The link works, is
never stored or logged, and the mail holds nothing personal but the recipient's name."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from sectorplannen.finance.services import DeclaredMeasure
from sectorplannen.notifications.delivery import retry_unsent
from sectorplannen.notifications.models import Notification
from sectorplannen.notifications.services import send_reminders
from sectorplannen.organisations.models import Organisation
from sectorplannen.plans.models import PlanPartner
from sectorplannen.qualitative import survey
from sectorplannen.qualitative.models import PartnerInvitation, PartnerResponse
from sectorplannen.workflow import partner_survey
from sectorplannen.workflow.services import transition

from ..portal.test_partner_survey import ANSWERS
from .test_notifications import PDF, assert_nothing_personal_but

pytestmark = pytest.mark.django_db
DECLARED_ON = dt.date(2016, 8, 1)
LINK = re.compile(r"https?://\S+/partnerenquete/link/(\S+)/")


@pytest.fixture
def partners(named, granted_plan, settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-08-10"
    union = Organisation.objects.create(name="Bond Zonder Account", kind="union")
    fund = Organisation.objects.create(name="Fonds Zonder Contact", kind="training_fund")
    for org in (union, fund):
        PlanPartner.objects.create(plan=granted_plan, organisation=org, kind=org.kind, roles=["partner"])
    survey.set_contact(granted_plan, union, "Dirk Bond", "dirk@bond.example")
    return granted_plan


def declare(plan, actor, capture):
    with capture(execute=True):
        transition(plan, "declare", actor, submitted_on=DECLARED_ON,
                   lines={"M01": DeclaredMeasure(450, Decimal("580000.00"), 40)},
                   auditor_statement=ContentFile(PDF, name="v.pdf"))


def survey_mails(smtp):
    return [(to, m) for to, m in smtp.messages if "enquête" in m["Subject"] or "survey" in m["Subject"]]


def test_declaration_invites_users_by_inbox_and_contacts_by_a_one_time_link(
        named, partners, smtp_server, client, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    declare(partners, named["applicant"], django_capture_on_commit_callbacks)
    mails = {to[0]: m for to, m in survey_mails(smtp_server)}
    assert set(mails) == {"applicant@example.org", "dirk@bond.example"}  # no contact for the fund: no mail
    assert_nothing_personal_but(smtp_server, {"applicant@example.org": "Anna Aanvrager",
                                              "dirk@bond.example": "Dirk Bond"},
                                ["Bert Beoordelaar", "Carla Beleid", "Olaf Buiten", "Dirk Bond", "Anna Aanvrager",
                                 "dirk@bond.example"])
    inbox = Notification.objects.get(recipient=named["applicant"], kind="partner_survey_invited")
    assert "/partnerenquete/" in inbox.url and "link" not in inbox.url
    token = LINK.search(mails["dirk@bond.example"].get_content()).group(1)
    stored = Notification.objects.get(address="dirk@bond.example")
    assert token not in stored.body and token not in stored.url and stored.emailed_at is not None
    inv = PartnerInvitation.objects.get(plan=partners, organisation__name="Bond Zonder Account")
    assert inv.token_hash == hashlib.sha256(token.encode()).hexdigest()
    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # not the test's own SMTP server
    assert not [r for r in ours if token in r.getMessage()]
    assert client.get(f"/partnerenquete/link/{token}/").status_code == 200
    assert client.post(f"/partnerenquete/link/{token}/", {f"p-{k}": v for k, v in ANSWERS.items()}).status_code == 200
    assert PartnerResponse.objects.filter(invitation=inv).exists()
    assert client.get(f"/partnerenquete/link/{token}/").status_code == 410  # used: Django logs the 410 ...
    assert not [r for r in caplog.records if not r.name.startswith("mail.log")  # ... without the token
                and (token in r.getMessage() or token in str(getattr(r, "request", "")))]
    statuses = {s.organisation: s.reached_by for s in survey.survey_status(partners)}
    assert statuses["Bond Zonder Account"] == "mail" and statuses["Fonds Zonder Contact"] == ""


def test_reminders_before_the_closing_date_once_per_step_with_a_fresh_link(
        named, partners, smtp_server, settings, client, django_capture_on_commit_callbacks):
    settings.SECTORPLANNEN_REMINDER_DAYS = [7]
    declare(partners, named["applicant"], django_capture_on_commit_callbacks)
    first = LINK.search(dict((to[0], m) for to, m in survey_mails(smtp_server))["dirk@bond.example"]
                        .get_content()).group(1)
    closes = PartnerInvitation.objects.filter(plan=partners).first().expires_on
    retry_unsent()  # the grant's message, stored when the plan was made, would go with the first run
    before = len(smtp_server.messages)
    send_reminders(closes - dt.timedelta(days=20))  # not yet due
    assert len(smtp_server.messages) == before
    run = send_reminders(closes - dt.timedelta(days=5))
    send_reminders(closes - dt.timedelta(days=4))  # the same step: nothing again
    reminders = [(to[0], m) for to, m in smtp_server.messages[before:]]
    assert sorted(to for to, _ in reminders) == ["applicant@example.org", "dirk@bond.example"]
    assert run.sent >= 2 and all("Herinnering" in m["Subject"] for _, m in reminders)
    settings.SECTORPLANNEN_BUSINESS_DATE = (closes - dt.timedelta(days=4)).isoformat()
    fresh = LINK.search(dict(reminders)["dirk@bond.example"].get_content()).group(1)
    assert fresh != first
    assert client.get(f"/partnerenquete/link/{first}/").status_code == 410  # the earlier link stopped working
    assert client.get(f"/partnerenquete/link/{fresh}/").status_code == 200
    assert [i.reminders_sent for i in PartnerInvitation.objects.filter(plan=partners, organisation__name__in=[
        "Bond Zonder Account", "Werkgeversvereniging X"])] == [1, 1]
    send_reminders(closes + dt.timedelta(days=1))  # closed: no more reminders
    assert len(smtp_server.messages) == before + 2


def test_a_contact_given_later_gets_a_new_link(named, partners, smtp_server, django_capture_on_commit_callbacks):
    declare(partners, named["applicant"], django_capture_on_commit_callbacks)
    fund = Organisation.objects.get(name="Fonds Zonder Contact")
    survey.set_contact(partners, fund, "Els Fonds", "els@fonds.example")
    inv = PartnerInvitation.objects.get(plan=partners, organisation=fund)
    assert partner_survey.send_link(inv) is True
    to, mail = smtp_server.messages[-1]
    assert to == ["els@fonds.example"] and "Beste Els Fonds," in mail.get_content()
