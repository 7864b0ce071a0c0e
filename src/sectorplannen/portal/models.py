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


class AttachmentKind(models.TextChoices):
    ANALYSIS = "analysis", _("arbeidsmarktanalyse")
    PARTNERSHIP_AGREEMENT = "partnership_agreement", _("samenwerkingsovereenkomst")
    GUARANTEE = "guarantee", _("garantieverklaring of vrijwaringsovereenkomst")


def _attachment_path(instance, filename: str) -> str:
    # a neutral name on disk: the original name (shown, never used as a path) stays in the row
    return f"bijlagen/{instance.draft_id}/{instance.kind}-{instance.uploaded_at:%Y%m%d%H%M%S%f}.pdf"


class Attachment(models.Model):
    """A document added to an application (PDF, type and size checked before it is stored); it
    stays with the plan once the draft is submitted (issue 18)."""

    draft = models.ForeignKey(PlanDraft, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["draft", "kind", "uploaded_at"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
