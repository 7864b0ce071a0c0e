"""Sending the e-mail of stored messages: a task, so a slow mail server never holds up a web
request (with the immediate task backend it runs at once). Mail is at-least-once: a message is
marked sent after the server accepted it; a failure is kept and retried by the daily job."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django_tasks import task

from .models import Notification

log = logging.getLogger(__name__)
MAX_MAIL_ATTEMPTS = 5


def send_mails(notifications) -> int:
    """Send the mails of ``notifications`` not yet sent; returns how many the server accepted."""
    pending = [n for n in notifications if n.emailed_at is None and n.mail_attempts < MAX_MAIL_ATTEMPTS]
    if not pending:
        return 0
    sent = 0
    try:
        connection = get_connection()
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        _failed(pending, exc)
        return 0
    try:
        for n in pending:
            if n.recipient is None or not n.recipient.email:  # a contact's mail is sent once, by contacts.py
                Notification.objects.filter(pk=n.pk).update(mail_attempts=MAX_MAIL_ATTEMPTS,
                                                            mail_error="no e-mail address")
                continue
            try:
                EmailMessage(n.subject, n.body, to=[n.recipient.email], connection=connection).send()
            except (smtplib.SMTPException, OSError) as exc:
                _failed([n], exc)
                continue
            Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now(), mail_attempts=n.mail_attempts + 1,
                                                        mail_error="")
            sent += 1
    finally:
        connection.close()
    return sent


def _failed(notifications, exc: Exception) -> None:
    log.warning("mail not sent for %d message(s): %s", len(notifications), type(exc).__name__)
    for n in notifications:
        Notification.objects.filter(pk=n.pk).update(mail_attempts=n.mail_attempts + 1,
                                                    mail_error=f"{type(exc).__name__}"[:300])


@task()
def deliver(notification_ids: list[int]) -> int:
    return send_mails(Notification.objects.filter(pk__in=notification_ids).select_related("recipient"))


def retry_unsent() -> int:
    return send_mails(Notification.objects.filter(emailed_at__isnull=True, mail_attempts__lt=MAX_MAIL_ATTEMPTS)
                      .select_related("recipient"))
