"""Who belongs to which organisation, second factors and login lock-outs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """An applicant acts for an organisation; object permissions follow from these rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("user", "organisation")]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class TOTPDevice(models.Model):
    """A time-based one-time-password secret (RFC 6238); required at login once confirmed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64)
    confirmed = models.BooleanField(default=False)
    last_used_step = models.BigIntegerField(default=0, help_text="Tegen hergebruik van dezelfde code.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tweede factor")
        verbose_name_plural = _("tweede factoren")

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class LoginLock(models.Model):
    """Failed logins per user name: after too many, the name is locked for a while."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aanmeldblokkade")
        verbose_name_plural = _("aanmeldblokkades")

    def __str__(self) -> str:
        return self.username
