"""The workflow's own records: decisions waiting for a second person, revision requests, and the
decisions that end a plan without a settlement (refusal, withdrawal, lapse)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.concurrency import lock_version_field
from sectorplannen.common.models import ImmutableModel


class ProposalKind(models.TextChoices):
    GRANT = "grant", _("verlening")
    REFUSAL = "refusal", _("afwijzing")
    REVISION = "revision", _("herziening")
    SETTLEMENT = "settlement", _("vaststelling")
    LAPSE = "lapse", _("vervallen")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld")
    APPROVED = "approved", _("genomen")
    REJECTED = "rejected", _("teruggestuurd")


class RevisionStatus(models.TextChoices):
    REQUESTED = "requested", _("ingediend")
    PROPOSED = "proposed", _("voorgesteld")
    DECIDED = "decided", _("besloten")
    REJECTED = "rejected", _("afgewezen")


class RevisionRequest(models.Model):
    """An applicant's request to revise the latest decision (changes in the ``revise`` format)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="revision_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    reason = models.TextField()
    analysis_date = models.DateField()
    changes = models.JSONField(default=list)
    first_progress_report_on = models.DateField(null=True, blank=True,
                                                help_text="Nodig bij verlengen: pas na de eerste rapportage.")
    status = models.CharField(max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = lock_version_field()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("herzieningsverzoek")
        verbose_name_plural = _("herzieningsverzoeken")

    def __str__(self) -> str:
        return f"{self.plan} herziening {self.requested_on}"


class Proposal(models.Model):
    """A decision drafted by one person, taken only when another person approves it (four eyes).

    ``payload`` holds what the transition needs (assessments, reasons); a revision points at its
    request instead."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(max_length=10, choices=ProposalKind.choices)
    payload = models.JSONField(default=dict, help_text="Wat het besluit moet worden (beoordelingen, redenen).")
    revision_request = models.ForeignKey(RevisionRequest, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="proposals")
    note = models.TextField(blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED,
                              db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="Waarom teruggestuurd, of welke versie is genomen.")
    lock_version = lock_version_field()

    class Meta:
        ordering = ["-drafted_at"]
        verbose_name = _("voorgesteld besluit")
        verbose_name_plural = _("voorgestelde besluiten")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.plan}"


class ClosingKind(models.TextChoices):
    REFUSAL = "refusal", _("afwijzing")
    WITHDRAWAL = "withdrawal", _("intrekking")
    LAPSE = "lapse", _("vervallen")


class ClosingDecision(ImmutableModel):
    """A decision that ends a plan without a settlement: the application refused, withdrawn by the
    applicant, or the grant lapsed. Its letter is printed from this row; ``reclaimed_eur`` is what
    the ledger reclaims with it."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="closing_decision")
    kind = models.CharField(max_length=10, choices=ClosingKind.choices)
    decided_on = models.DateField()
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", help_text="Tweede paar ogen (vier-ogenprincipe).")
    reasons = models.JSONField(default=list, help_text='[{"ground": …, "text": …}]: de redenen per regel.')
    granted_eur = models.DecimalField(max_digits=14, decimal_places=2, default=0,
                                      help_text="De verleende subsidie die vervalt.")
    advanced_eur = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    reclaimed_eur = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("besluit zonder vaststelling")
        verbose_name_plural = _("besluiten zonder vaststelling")
        constraints = [models.CheckConstraint(condition=models.Q(reclaimed_eur__gte=0), name="closing_reclaim_gte_0")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.plan}"

    @property
    def reference(self) -> str:
        """The letter's reference (kenmerk)."""
        prefix = {"refusal": "AFW", "withdrawal": "INT", "lapse": "VER"}[self.kind]
        return f"{prefix}-{self.plan_id}"
