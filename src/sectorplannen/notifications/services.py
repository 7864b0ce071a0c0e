"""Public interface of the notifications app: ``notify`` and one function per event the workflow
reports (the workflow calls them when it takes the step), plus the daily reminders."""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from sectorplannen.common.masking import mask_bsns
from sectorplannen.organisations.models import Organisation

from .contacts import notify_contact
from .delivery import deliver, retry_unsent
from .messages import Contact, language_of, portal_link, render
from .models import Notification
from .reminders import ReminderRun, send_reminders

__all__ = ["notify", "Contact", "portal_link",
           "decision_taken", "settlement_taken", "revision_decided", "plan_closed", "upload_finished",
           "advance_decided",
           "import_finished",
           "applicant_users", "send_reminders", "ReminderRun", "retry_unsent", "unread_count"]


def _users(recipient) -> list:
    if isinstance(recipient, Organisation):
        return list(get_user_model().objects.filter(memberships__organisation=recipient, is_active=True)
                    .order_by("pk").distinct())
    if isinstance(recipient, list | tuple | set):
        return [u for r in recipient for u in _users(r)]
    return [recipient] if recipient.is_active else []


def notify(recipient, kind: str, context: dict, *, key: str = "", url: str = "", plan=None,
           language: str | None = None) -> list[Notification]:
    """Store a message for a user, for every active member of an organisation, or for a list of
    them, and queue their mails. With a ``key`` each recipient gets it once, however often called.
    The messages are stored in the caller's transaction; their mails are queued when it commits
    (a decision rolled back sends nothing). A ``Contact`` (no account) is mailed at once and ``url``
    (a one-time link) is not stored."""
    if isinstance(recipient, Contact):
        return notify_contact(recipient, kind, context, key=key, secret_url=url, plan=plan, language=language)
    made = []
    for user in dict.fromkeys(_users(recipient)):
        lang = language_of(user, language)
        subject, body = render(kind, user, {**context, "link": url}, lang)
        fields = {"kind": kind, "language": lang, "subject": subject, "body": body, "url": url, "plan": plan}
        if key:
            try:
                with transaction.atomic():
                    note, created = Notification.objects.get_or_create(recipient=user, key=key, defaults=fields)
            except IntegrityError:
                created = False
            if not created:
                continue
        else:
            note = Notification.objects.create(recipient=user, **fields)
        made.append(note)
    if made:
        transaction.on_commit(partial(deliver.enqueue, [n.pk for n in made]), robust=True)
    return made


def applicant_users(plan) -> list:
    """The active members of the plan's main applicant organisation(s)."""
    orgs = [p.organisation for p in plan.partners.select_related("organisation") if "main_applicant" in p.roles]
    return [u for org in orgs for u in _users(org)]


def decision_taken(decision) -> list[Notification]:
    plan = decision.plan
    return notify(applicant_users(plan), "decision_taken", {
        "plan": plan.name, "version": decision.version, "decision_label": decision.get_kind_display(),
        "decided_on": decision.decided_on, "max_subsidy": decision.max_subsidy_eur,
    }, key=f"decision:{decision.pk}", url=portal_link("portal:decision_detail", plan.pk, decision.version), plan=plan)


def settlement_taken(settlement) -> list[Notification]:
    plan = settlement.plan
    return notify(applicant_users(plan), "settlement_taken", {
        "plan": plan.name, "version": settlement.version, "settled_on": settlement.settled_on,
        "determined": settlement.determined_subsidy_eur, "balance": abs(settlement.balance_eur),
        "balance_positive": settlement.balance_eur > 0, "balance_negative": settlement.balance_eur < 0,
    }, key=f"settlement:{settlement.pk}", url=portal_link("portal:finance", plan.pk), plan=plan)


def revision_decided(plan, *, request_id: int, approved: bool, decision=None) -> list[Notification]:
    """A revision request was granted (``decision`` is the revised version) or refused."""
    return notify(applicant_users(plan), "revision_decided", {
        "plan": plan.name, "approved": approved, "version": decision.version if decision else None,
    }, key=f"revision:{request_id}", url=portal_link("portal:plan_detail", plan.pk), plan=plan)


def advance_decided(plan, *, request_id: int, approved: bool, amount, reference: str = "", decided_on=None,
                    reason: str = "") -> list[Notification]:
    """An advance request was granted (the decision's ``reference`` and date) or refused (``reason``)."""
    return notify(applicant_users(plan), "advance_decided", {
        "plan": plan.name, "approved": approved, "amount": amount, "reference": reference,
        "decided_on": decided_on, "reason": reason,
    }, key=f"advance:{request_id}", url=portal_link("portal:plan_detail", plan.pk), plan=plan)


def plan_closed(closing) -> list[Notification]:
    """The plan ended without a settlement: the application refused, the plan withdrawn, the grant lapsed."""
    plan = closing.plan
    return notify(applicant_users(plan), "plan_closed", {
        "plan": plan.name, "kind": closing.kind, "decided_on": closing.decided_on, "reference": closing.reference,
        "reclaimed": closing.reclaimed_eur, "reclaimed_any": closing.reclaimed_eur > 0,
    }, key=f"closing:{closing.pk}", url=portal_link("portal:plan_detail", plan.pk), plan=plan)


def upload_finished(user, plan, *, upload_id: int, file_name: str, rows_read: int, stored: int,
                    rejected: int, url: str = "") -> list[Notification]:
    """To the person who uploaded: the counts only, never a row's content."""
    return notify(user, "upload_finished", {
        "plan": plan.name, "file_name": mask_bsns(file_name), "rows_read": rows_read, "stored": stored,
        "rejected": rejected, "rejected_any": rejected > 0,
    }, key=f"upload:{upload_id}", url=url or portal_link("portal:participants", plan.pk), plan=plan)


def import_finished(batch, *, url: str = "") -> list[Notification]:
    """A participant upload (``participants.ImportBatch``) is done: tell the person who uploaded it
    (nobody for an upload at the command line). The call for an upload job when it finishes."""
    if batch.actor is None:
        return []
    if not url and batch.own_employer:  # an employer's own upload: its page, not the plan's participants
        url = portal_link("portal:employer_home", batch.plan_id)
    return upload_finished(batch.actor, batch.plan, upload_id=batch.pk, file_name=batch.file_name,
                           rows_read=batch.rows_read, stored=batch.stored, rejected=batch.rejected, url=url)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
