"""Who belongs to which organisation, and roles granted with four eyes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import ROLE_LABELS


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


class RoleGrant(models.Model):
    """A role given to a user: proposed by one administrator, granted only when another approves
    (four eyes). Lock-outs (django-axes) and second factors (django-otp) live in those libraries."""

    DECISIONS = [("proposed", _("voorgesteld")), ("approved", _("toegekend")), ("rejected", _("afgewezen"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=30, choices=[(code, label) for code, label in ROLE_LABELS.items()])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=DECISIONS, default="proposed")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("roltoekenning")
        verbose_name_plural = _("roltoekenningen")

    def __str__(self) -> str:
        return f"{self.user} – {self.role} ({self.get_decision_display()})"
