"""One message to one user: shown in the portal's inbox and sent by e-mail. Subject and body are
rendered when the message is made, in the recipient's language, so the inbox shows what was sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """To a user (inbox and mail), or by mail only to a contact without an account (``address``; a
    partner organisation's contact for the survey). A contact's one-time link is in the mail only,
    never in ``body``."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="notifications")
    address = models.EmailField(blank=True, help_text="Alleen voor een contactpersoon zonder account.")
    recipient_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=40, db_index=True)
    key = models.CharField(max_length=200, blank=True,
                           help_text="Makes a message unique per recipient (a reminder is sent once).")
    language = models.CharField(max_length=5)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""),
                                               name="notification_unique_key_per_recipient"),
                       models.UniqueConstraint(fields=["address", "key"], condition=~Q(key="") & ~Q(address=""),
                                               name="notification_unique_key_per_address"),
                       models.CheckConstraint(condition=Q(recipient__isnull=False) | ~Q(address=""),
                                              name="notification_has_a_recipient")]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self) -> str:
        return f"{self.recipient or self.recipient_name} {self.kind} {self.created_at:%Y-%m-%d}"
