"""The partnership's own administration: employers in a plan, their uploads, the dossier per
participant (employment details and evidence), claims and their payment, and own funding per source
and employer."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.models import non_negative


class PlanEmployer(models.Model):
    """An employer the main applicant invited into a plan; its users (role employer, member of the
    organisation) register their own staff and claim their costs."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="employers")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=12,
                              help_text=_("Loonheffingennummer (9 cijfers, L, 2 cijfers) of KvK-nummer."))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_on = models.DateField()

    class Meta:
        ordering = ["plan", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="plan_employer_unique"),
                       models.UniqueConstraint(fields=["plan", "number"], name="plan_employer_number_unique")]
        verbose_name = _("werkgever in een plan")
        verbose_name_plural = _("werkgevers in een plan")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.plan})"


class EmployerUpload(models.Model):
    """Which employer made an upload: its registrations (``Registration.import_batch``) are its own."""

    batch = models.OneToOneField("participants.ImportBatch", on_delete=models.PROTECT, related_name="employer_upload")
    employer = models.ForeignKey(PlanEmployer, on_delete=models.PROTECT, related_name="uploads")

    class Meta:
        verbose_name = _("upload van een werkgever")
        verbose_name_plural = _("uploads van werkgevers")

    def __str__(self) -> str:
        return f"{self.employer}: upload {self.batch_id}"


class Dossier(models.Model):
    """One registration of an employer's staff member: the employment details the measure needs and
    the evidence; complete when the requirement of the measure's category is met (scheme data)."""

    registration = models.OneToOneField("participants.Registration", on_delete=models.PROTECT,
                                        related_name="dossier")
    employer = models.ForeignKey(PlanEmployer, on_delete=models.PROTECT, related_name="dossiers")
    details = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["registration_id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return f"dossier {self.pk} ({self.employer})"


def _evidence_path(instance, filename: str) -> str:
    """A random name (never the uploaded one, which may hold a BSN), the type's extension kept."""
    return f"partnership_evidence/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class EvidenceKind(models.TextChoices):
    ATTENDANCE = "attendance", _("presentielijst")
    CERTIFICATE = "certificate", _("certificaat of diploma")
    INVOICE = "invoice", _("factuur")


class Evidence(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=_evidence_path)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "kind", "-uploaded_at"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} bij {self.dossier}"


class Claim(models.Model):
    """An employer's claim for its costs of one participant: the plan's share (the measure's rate in
    the latest decision, on the costs) and the employer's own contribution (the rest)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="claim")
    costs_eur = models.DecimalField(max_digits=12, decimal_places=2)
    rate = models.DecimalField(max_digits=5, decimal_places=4)
    plan_share_eur = models.DecimalField(max_digits=12, decimal_places=2)
    own_share_eur = models.DecimalField(max_digits=12, decimal_places=2)
    decision_version = models.PositiveSmallIntegerField(help_text=_("De beschikkingsversie waar het tarief uit komt."))
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claimed_on = models.DateField()
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    paid_on = models.DateField(null=True, blank=True, help_text=_("Leeg zolang de declaratie op betaling wacht."))

    class Meta:
        ordering = ["claimed_on", "pk"]
        constraints = non_negative("partnership_claim", "costs_eur", "plan_share_eur", "own_share_eur")
        verbose_name = _("declaratie van een werkgever")
        verbose_name_plural = _("declaraties van werkgevers")

    def __str__(self) -> str:
        return f"declaratie {self.pk} ({self.costs_eur} euro)"

    @property
    def paid(self) -> bool:
        return self.paid_on is not None


class OwnFunding(models.Model):
    """Part of the plan's own contribution: who paid it (a source of the scheme) and, for employers,
    which employer."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="own_funding_records")
    source = models.CharField(max_length=40)
    employer = models.ForeignKey(PlanEmployer, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="own_funding")
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["plan", "source", "pk"]
        constraints = non_negative("partnership_own_funding", "amount_eur")
        verbose_name = _("eigen bijdrage")
        verbose_name_plural = _("eigen bijdragen")

    def __str__(self) -> str:
        return f"{self.plan}: {self.source} {self.amount_eur}"


class PartnershipSettings(models.Model):
    """How a plan runs its administration: whether the final declaration takes its realised
    participants and costs from the complete dossiers."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="partnership_settings")
    declaration_from_dossiers = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("instelling samenwerkingsverband")
        verbose_name_plural = _("instellingen samenwerkingsverband")

    def __str__(self) -> str:
        return f"{self.plan}"
