"""The partner survey: one invitation and at most one response per partner organisation of a plan.

An organisation without portal users gets a one-time link that holds only a random token; the
database stores the token's SHA-256, so a copy of the database cannot be used to answer. The project
leader sees who answered, never what.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sectorplannen.accounts.models import Membership
from sectorplannen.audit.services import record
from sectorplannen.plans.models import Plan

from .checks import Context, Problem, check_answers
from .models import PartnerInvitation, PartnerResponse, SurveyContact
from .reports import ReportRefused, current_codebook


class InvitationClosed(Exception):
    """The link is unknown, already used, or the survey has closed."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_weeks() -> int:
    return int(getattr(settings, "QUALITATIVE_SURVEY_WEEKS", 6))


@dataclass(frozen=True)
class Invited:
    invitation: PartnerInvitation
    token: str | None  # only for organisations without portal users, only at this moment


@transaction.atomic
def invite_partners(plan: Plan, today: dt.date, *, actor=None) -> list[Invited]:
    """Invite every partner organisation not invited yet; closing date ``survey_weeks`` from today."""
    done = set(plan.partner_invitations.values_list("organisation_id", flat=True))
    with_users = set(Membership.objects.values_list("organisation_id", flat=True))
    out = []
    for partner in plan.partners.select_related("organisation"):
        org = partner.organisation
        if org.pk in done:
            continue
        token = None if org.pk in with_users else secrets.token_urlsafe(32)
        inv = PartnerInvitation.objects.create(plan=plan, organisation=org, token_hash=_hash(token) if token else None,
                                               invited_on=today, expires_on=today + dt.timedelta(weeks=survey_weeks()))
        out.append(Invited(inv, token))
    record("partner_survey_invited", actor=actor, plan=plan, invitations=len(out))
    return out


def reissue_link(inv: PartnerInvitation) -> str:
    """A new one-time token for an open invitation of an organisation without users (the earlier link
    stops working): for a reminder or a mail that could not be delivered. Returned once, never stored."""
    token = secrets.token_urlsafe(32)
    PartnerInvitation.objects.filter(pk=inv.pk, response__isnull=True).update(token_hash=_hash(token))
    return token


def has_users(organisation) -> bool:
    return Membership.objects.filter(organisation=organisation).exists()


def organisations_without_users(plan: Plan) -> list:
    """The plan's partner organisations that no portal user acts for (they get the link by mail to a
    contact the project leader gives)."""
    partners = list(plan.partners.select_related("organisation").order_by("organisation__name"))
    with_users = set(Membership.objects.filter(organisation_id__in=[p.organisation_id for p in partners])
                     .values_list("organisation_id", flat=True))
    return [p.organisation for p in partners if p.organisation_id not in with_users]


def contact_for(inv: PartnerInvitation) -> SurveyContact | None:
    return SurveyContact.objects.filter(plan_id=inv.plan_id, organisation_id=inv.organisation_id).first()


def set_contact(plan: Plan, organisation, name: str, email: str, *, actor=None) -> SurveyContact:
    contact, _ = SurveyContact.objects.update_or_create(plan=plan, organisation=organisation,
                                                        defaults={"name": name.strip(), "email": email.strip()})
    record("partner_survey_contact_set", actor=actor, plan=plan, organisation=organisation.pk)
    return contact


def open_invitations(today: dt.date):
    """Invitations not answered and not closed, of plans that are not reference plans."""
    return (PartnerInvitation.objects.filter(response__isnull=True, expires_on__gte=today, plan__is_reference=False)
            .select_related("plan", "organisation"))


def invitation_for_token(token: str, today: dt.date) -> PartnerInvitation:
    inv = PartnerInvitation.objects.select_related("plan", "organisation").filter(token_hash=_hash(token)).first()
    if inv is None:
        raise InvitationClosed(_("Deze link is onbekend of al gebruikt."))
    return open_invitation(inv, today)


def open_invitation(inv: PartnerInvitation, today: dt.date) -> PartnerInvitation:
    if PartnerResponse.objects.filter(invitation=inv).exists():
        raise InvitationClosed(_("Uw organisatie heeft de enquête voor dit plan al ingevuld."))
    if today > inv.expires_on:
        raise InvitationClosed(_("De enquête is gesloten op %(date)s.") % {"date": inv.expires_on.strftime("%d-%m-%Y")})
    return inv


def partner_problems(answers: dict) -> list[Problem]:
    book = current_codebook().codebook
    return check_answers(book, book.questions_of("partner"), answers, Context("T1/2"))


@transaction.atomic
def answer(inv: PartnerInvitation, answers: dict, today: dt.date) -> PartnerResponse:
    inv = PartnerInvitation.objects.select_for_update().get(pk=inv.pk)
    open_invitation(inv, today)
    problems = partner_problems(answers)
    if problems:
        raise ReportRefused(problems)
    try:
        response = PartnerResponse.objects.create(invitation=inv, codebook=current_codebook(), answers=answers)
    except IntegrityError as exc:  # a second answer at the same moment
        raise InvitationClosed(_("Uw organisatie heeft de enquête voor dit plan al ingevuld.")) from exc
    inv.token_hash = None  # one-time: the link stops working
    inv.save(update_fields=["token_hash"])
    record("partner_survey_answered", plan=inv.plan, invitation=inv.pk)
    return response


def mark_reminded(inv: PartnerInvitation, today: dt.date) -> None:
    inv.reminders_sent += 1
    inv.last_reminder_on = today
    inv.save(update_fields=["reminders_sent", "last_reminder_on"])


@dataclass(frozen=True)
class Status:
    organisation: str
    answered: bool
    expires_on: dt.date
    reminders: int
    reached_by: str  # "portal" (its users), "mail" (a contact), "" (no contact yet: the link is shown once)


def survey_status(plan: Plan) -> list[Status]:
    """Who answered, for the project leader: never an answer."""
    with_users = set(Membership.objects.values_list("organisation_id", flat=True))
    contacts = set(plan.survey_contacts.values_list("organisation_id", flat=True))
    return [Status(i.organisation.name, hasattr(i, "response"), i.expires_on, i.reminders_sent,
                   "portal" if i.organisation_id in with_users else "mail" if i.organisation_id in contacts else "")
            for i in plan.partner_invitations.select_related("organisation", "response").order_by("organisation__name")]
