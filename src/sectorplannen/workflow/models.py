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
    ADVANCE = "advance", _("voorschot")


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


class AdvanceRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("ingediend")
    PROPOSED = "proposed", _("voorgesteld")
    GRANTED = "granted", _("toegekend")
    REFUSED = "refused", _("afgewezen")


#: The states in which a request still waits for the agency (one at a time per plan).
OPEN_ADVANCE_STATUSES = (AdvanceRequestStatus.REQUESTED, AdvanceRequestStatus.PROPOSED)


class AdvanceRequest(models.Model):
    """The applicant's request for an advance (``request_advance``): an amount, or the standard advance
    the scheme's schedule allows on the day, with a reason. An assessor drafts the decision from it
    (proposal kind ``advance``) or refuses it; a second person takes the decision."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="advance_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2)
    standard = models.BooleanField(default=False, help_text="Het standaardvoorschot volgens het schema gevraagd.")
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=AdvanceRequestStatus.choices,
                              default=AdvanceRequestStatus.REQUESTED, db_index=True)
    refusal_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = lock_version_field()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("voorschotverzoek")
        verbose_name_plural = _("voorschotverzoeken")
        constraints = [models.CheckConstraint(condition=models.Q(amount_eur__gt=0), name="advance_request_amount_gt_0")]

    def __str__(self) -> str:
        return f"{self.plan} voorschotverzoek {self.requested_on}"


class AdvanceDecision(ImmutableModel):
    """The decision on an advance request, written once with the figures it was taken on: the
    scheme's advance rule (shares, interval), the maximum subsidy, what the schedule allowed by the
    day, what was advanced before, and the amount granted (booked on the ledger as ``advanced``)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="advance_decisions")
    request = models.OneToOneField(AdvanceRequest, on_delete=models.PROTECT, related_name="decision")
    number = models.PositiveIntegerField(help_text="Het volgnummer van de voorschotbesluiten van het plan.")
    decided_on = models.DateField()
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", help_text="Tweede paar ogen (vier-ogenprincipe).")
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2)
    max_subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    initial_share = models.DecimalField(max_digits=6, decimal_places=4)
    interval_months = models.PositiveSmallIntegerField()
    max_cumulative_share = models.DecimalField(max_digits=6, decimal_places=4)
    due_eur = models.DecimalField(max_digits=14, decimal_places=2,
                                  help_text="Wat het schema op de besluitdatum ten hoogste aan voorschotten toestaat.")
    advanced_before_eur = models.DecimalField(max_digits=14, decimal_places=2)
    ledger_entry = models.OneToOneField("finance.LedgerEntry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("voorschotbesluit")
        verbose_name_plural = _("voorschotbesluiten")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="advance_decision_number_unique"),
                       models.CheckConstraint(condition=models.Q(amount_eur__gt=0),
                                              name="advance_decision_amount_gt_0")]

    def __str__(self) -> str:
        return f"{self.plan} voorschotbesluit {self.number}"

    @property
    def reference(self) -> str:
        """The letter's reference (kenmerk), like ``BS-…`` of a grant and ``VS-…`` of a settlement."""
        return f"VO-{self.plan_id}-{self.number}"

    @property
    def advanced_after_eur(self):
        return self.advanced_before_eur + self.amount_eur

    @property
    def not_advanced_eur(self):
        """The balance: what of the maximum subsidy has not been advanced after this decision."""
        return self.max_subsidy_eur - self.advanced_after_eur

    @property
    def room_after_eur(self):
        """What the schedule still allows on the decision date after this advance."""
        return self.due_eur - self.advanced_after_eur
