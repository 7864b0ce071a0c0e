"""What the portal keeps itself: application drafts, revision requests and proposed decisions.

Decisions themselves live in the plans (and finance) apps as immutable versions; a proposal is
the first pair of eyes, and only its approval by someone else calls the domain service.
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

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("concept-aanvraag")
        verbose_name_plural = _("concept-aanvragen")

    def __str__(self) -> str:
        return self.document.get("name") or f"Concept {self.pk}"


class RevisionRequest(models.Model):
    """An applicant's request to revise the latest decision (changes in the ``revise`` format)."""

    STATUSES = [("requested", _("ingediend")), ("proposed", _("voorgesteld")), ("decided", _("besloten")),
                ("rejected", _("afgewezen"))]

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="revision_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    reason = models.TextField()
    analysis_date = models.DateField()
    changes = models.JSONField(default=list)
    first_progress_report_on = models.DateField(null=True, blank=True,
                                                help_text="Nodig bij verlengen: pas na de eerste rapportage.")
    status = models.CharField(max_length=10, choices=STATUSES, default="requested")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("herzieningsverzoek")
        verbose_name_plural = _("herzieningsverzoeken")

    def __str__(self) -> str:
        return f"{self.plan} herziening {self.requested_on}"


class ProposedDecision(models.Model):
    """A decision drafted by one person, taken only when another person approves it."""

    KINDS = [("grant", _("verlening")), ("revision", _("herziening")), ("settlement", _("vaststelling"))]
    STATUSES = [("proposed", _("voorgesteld")), ("approved", _("genomen")), ("rejected", _("teruggestuurd"))]

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(max_length=10, choices=KINDS)
    payload = models.JSONField(default=dict, help_text="Wat het besluit moet worden (beoordelingen, wijzigingen).")
    revision_request = models.ForeignKey(RevisionRequest, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="proposals")
    note = models.TextField(blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=STATUSES, default="proposed", db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="Waarom teruggestuurd, of welke versie is genomen.")

    class Meta:
        ordering = ["-drafted_at"]
        verbose_name = _("voorgesteld besluit")
        verbose_name_plural = _("voorgestelde besluiten")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.plan}"


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
