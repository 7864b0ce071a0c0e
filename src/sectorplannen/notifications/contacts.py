"""Mail to a contact without an account (a partner organisation's contact for the survey).

The message may carry a one-time link: it is sent at once and the stored copy (``Notification.body``)
has the link replaced by a note, so the database never holds a usable link. A mail that fails is not
retried (the link is not kept); the sender issues a new link instead. Nothing here logs the link."""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .delivery import MAX_MAIL_ATTEMPTS
from .messages import Contact, language_of, render
from .models import Notification

log = logging.getLogger(__name__)
LINK_NOT_KEPT = {"nl": "[de persoonlijke link staat alleen in de verzonden e-mail]",
                 "en": "[the personal link is in the e-mail sent only]"}


def already_sent(contact: Contact, key: str) -> bool:
    return bool(key) and Notification.objects.filter(address=contact.email, key=key).exists()


def notify_contact(contact: Contact, kind: str, context: dict, *, key: str = "", secret_url: str = "", plan=None,
                   language: str | None = None) -> list[Notification]:
    """Send ``kind`` to ``contact`` now; with a ``key`` at most once. ``secret_url`` is mailed, never stored."""
    if already_sent(contact, key):
        return []
    lang = language_of(contact, language or contact.language)
    subject, body = render(kind, contact, {**context, "link": secret_url}, lang)
    stored = body.replace(secret_url, LINK_NOT_KEPT[lang]) if secret_url else body
    try:
        with transaction.atomic():
            note = Notification.objects.create(recipient=None, address=contact.email, recipient_name=contact.name,
                                               kind=kind, key=key, language=lang, subject=subject, body=stored,
                                               plan=plan)
    except IntegrityError:
        return []
    try:
        EmailMessage(subject, body, to=[contact.email]).send()
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("mail to a contact not sent (%s): %s", kind, type(exc).__name__)
        Notification.objects.filter(pk=note.pk).update(mail_attempts=MAX_MAIL_ATTEMPTS,
                                                       mail_error=type(exc).__name__[:300])
        note.refresh_from_db()
        return [note]
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now(), mail_attempts=1)
    note.refresh_from_db()
    return [note]
