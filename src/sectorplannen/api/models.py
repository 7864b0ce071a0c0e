"""What the API keeps itself: the tokens of the systems that call it, and the concepts they write.

A token acts for the person who created it (their roles decide, through the same permission
functions as in the portal) and, for an applicant, for one of their organisations only. Only a
keyed hash of the secret is stored; the secret is shown once, when the token is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("lezen")
    WRITE = "write", _("schrijven")
    PARTICIPANTS = "participants", _("deelnemers")


class ApiToken(models.Model):
    name = models.CharField(_("naam van het systeem"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", help_text=_("Leeg: een systeem van de uitvoering."))
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Concept(models.Model):
    """An application document (formats §1) a system writes before submitting it."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    document = models.JSONField(default=dict)
    plan = models.OneToOneField("plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("concept-aanvraag (API)")
        verbose_name_plural = _("concept-aanvragen (API)")

    def __str__(self) -> str:
        return self.document.get("name") or f"Concept {self.pk}"
