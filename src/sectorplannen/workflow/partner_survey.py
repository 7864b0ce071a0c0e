"""The partner survey's messages: at the final declaration every partner organisation is invited
(its users by an inbox message and mail, an organisation without users by a mail with a one-time
link to the contact the project leader gave), and reminded before the closing date through the
daily reminders. The workflow holds this because it sits above both the survey (qualitative) and
the messages (notifications), which may not import each other.

A token exists only in memory and in the mail: it is never logged, stored (only its hash) or put in
the stored copy of the message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sectorplannen.notifications import reminders
from sectorplannen.notifications.contacts import already_sent
from sectorplannen.notifications.services import Contact, notify, portal_link
from sectorplannen.plans.models import Plan
from sectorplannen.qualitative import survey
from sectorplannen.qualitative.models import PartnerInvitation


@dataclass(frozen=True)
class Invited:
    organisation: str
    reached_by: str  # "portal", "mail", or "" (no contact: ``link`` is shown once to the project leader)
    link: str = ""


def _context(inv: PartnerInvitation, today: dt.date | None = None, **extra) -> dict:
    out = {"plan": inv.plan.name, "closes_on": inv.expires_on, **extra}
    if today is not None:
        out["days_left"] = (inv.expires_on - today).days
    return out


def _contact(inv: PartnerInvitation) -> Contact | None:
    c = survey.contact_for(inv)
    return Contact(c.name, c.email) if c is not None else None


def send_link(inv: PartnerInvitation, kind: str = "partner_survey_invited", *, key: str = "",
              today: dt.date | None = None) -> bool:
    """Mail a new one-time link to the organisation's contact; False when it has none or was mailed this already."""
    contact = _contact(inv)
    if contact is None or already_sent(contact, key):
        return False
    token = survey.reissue_link(inv)
    made = notify(contact, kind, _context(inv, today, new_link=kind == "partner_survey_reminder"), key=key,
                  url=portal_link("portal:partner_survey_link", token), plan=inv.plan)
    return bool(made) and made[0].emailed_at is not None


def give_contact(plan: Plan, organisation, name: str, email: str, *, actor=None) -> bool:
    """The project leader names the contact of a partner organisation without users; an open
    invitation of that organisation is mailed to them at once with a new link (True when mailed)."""
    survey.set_contact(plan, organisation, name, email, actor=actor)
    inv = plan.partner_invitations.filter(organisation=organisation, response__isnull=True).first()
    return inv is not None and send_link(inv)


def invite(plan: Plan, today: dt.date, *, actor=None) -> list[Invited]:
    """Invite the partner organisations not invited yet and tell each (users: inbox and mail; without
    users: a mail to the contact; no contact: the link comes back to be shown once)."""
    out = []
    for made in survey.invite_partners(plan, today, actor=actor):
        inv = made.invitation
        if made.token is None:
            notify(inv.organisation, "partner_survey_invited", _context(inv), key=f"partner-survey:{inv.pk}",
                   url=portal_link("portal:partner_survey", inv.pk), plan=plan)
            out.append(Invited(inv.organisation.name, "portal"))
        elif _contact(inv) is not None:
            contact = _contact(inv)
            notify(contact, "partner_survey_invited", _context(inv), key=f"partner-survey:{inv.pk}",
                   url=portal_link("portal:partner_survey_link", made.token), plan=plan)
            out.append(Invited(inv.organisation.name, "mail"))
        else:
            out.append(Invited(inv.organisation.name, "", portal_link("portal:partner_survey_link", made.token)))
    return out


def survey_reminders(today: dt.date, steps: list[int]) -> tuple[int, int, int]:
    """Reminders of the closing date, at the same days-ahead steps as every other reminder; each once."""
    found = due = sent = 0
    for inv in survey.open_invitations(today):
        found += 1
        step = reminders.step_for((inv.expires_on - today).days, steps)
        if step is None:
            continue
        due += 1
        key = f"partner-survey-reminder:{inv.pk}:{inv.expires_on.isoformat()}:{step}"
        if survey.has_users(inv.organisation):
            made = notify(inv.organisation, "partner_survey_reminder", _context(inv, today), key=key,
                          url=portal_link("portal:partner_survey", inv.pk), plan=inv.plan)
            reached = bool(made)
        else:
            reached = send_link(inv, "partner_survey_reminder", key=key, today=today)
        if reached:
            survey.mark_reminded(inv, today)
            sent += 1
    return found, due, sent


def remind_now(plan: Plan, today: dt.date) -> int:
    """The project leader's "send a reminder": every open invitation of the plan, once per day."""
    sent = 0
    for inv in survey.open_invitations(today).filter(plan=plan):
        key = f"partner-survey-reminder:{inv.pk}:{today.isoformat()}:manual"
        if survey.has_users(inv.organisation):
            reached = bool(notify(inv.organisation, "partner_survey_reminder", _context(inv, today), key=key,
                                  url=portal_link("portal:partner_survey", inv.pk), plan=plan))
        else:
            reached = send_link(inv, "partner_survey_reminder", key=key, today=today)
        if reached:
            survey.mark_reminded(inv, today)
            sent += 1
    return sent
