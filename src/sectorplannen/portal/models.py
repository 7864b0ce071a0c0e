"""What the portal keeps itself: drafts of application forms and the reports of uploads.

Decisions, proposals (four eyes) and revision requests are domain records of the workflow app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanDraft(models.Model):
    """An application document (formats §1) being written step by step by an applicant."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    document = models.JSONField(default=dict)
    plan = models.OneToOneField("plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="draft")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    saved_on = models.DateField(null=True, blank=True, help_text=_("Bedrijfsdatum van de laatste keer bewaren."))

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("concept-aanvraag")
        verbose_name_plural = _("concept-aanvragen")

    def __str__(self) -> str:
        return self.document.get("name") or f"Concept {self.pk}"


class UploadReport(models.Model):
    """The outcome of one participant upload in the portal, with its per-row error report (CSV).

    The uploaded file itself (with BSNs) is deleted right after the import; the error report holds
    row numbers, columns, codes and messages only."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="upload_reports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    result = models.JSONField(default=dict)
    errors_file = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uploadverslag")
        verbose_name_plural = _("uploadverslagen")

    def __str__(self) -> str:
        return f"{self.plan} {self.file_name}"
