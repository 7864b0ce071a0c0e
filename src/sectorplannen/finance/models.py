"""Money after the grant: progress reports, the final declaration, settlements and the plan ledger."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from sectorplannen.common.models import ImmutableManager, ImmutableModel, non_negative, version_from_one

from . import ledger
from . import settlement as calculation
from .deadlines import declaration_due_on
from .declarations import PDF_MAGIC, looks_like_pdf


def validate_pdf(file) -> None:
    """The auditor's statement must really be a PDF: checked on its first bytes, not on its name."""
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if not looks_like_pdf(head):
        raise ValidationError("De accountantsverklaring moet een PDF-bestand zijn.", code="not_a_pdf")


def _plan_end(plan) -> dt.date:
    """The end of the plan as decided last (an extension moves it), else as applied for."""
    decision = plan.latest_decision()
    return decision.end_date if decision is not None else plan.end_date


class FinalDeclaration(models.Model):
    """The plan's final declaration: realised participants and eligible costs per measure, own
    funding realised by source, and the auditor's statement (PDF)."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="final_declaration")
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    auditor_statement = models.FileField(upload_to="auditor_statements/", blank=True, validators=[validate_pdf])
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "einddeclaratie"
        verbose_name_plural = "einddeclaraties"

    def __str__(self) -> str:
        return f"Einddeclaratie {self.plan}"

    @property
    def due_on(self) -> dt.date:
        return declaration_due_on(_plan_end(self.plan), self.plan.scheme.rules)

    @property
    def is_late(self) -> bool:
        return self.submitted_on > self.due_on


class DeclarationLine(models.Model):
    declaration = models.ForeignKey(FinalDeclaration, on_delete=models.CASCADE, related_name="lines")
    measure = models.ForeignKey("plans.Measure", on_delete=models.PROTECT, related_name="declaration_lines")
    realised_participants = models.PositiveIntegerField(null=True, blank=True)
    realised_youth_participants = models.PositiveIntegerField(null=True, blank=True)
    eligible_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)
    own_funding_realised = models.JSONField(default=list, blank=True,
                                            help_text='Per bron: [{"source": …, "amount_eur": "…"}].')
    bsn_participants = models.PositiveIntegerField(
        null=True, blank=True, help_text="Unieke deelnemers met geregistreerd BSN (gepubliceerd)."
    )

    class Meta:
        unique_together = [("declaration", "measure")]
        constraints = non_negative("finance_declaration_line", "eligible_costs_eur")
        verbose_name = "declaratieregel"
        verbose_name_plural = "declaratieregels"

    def __str__(self) -> str:
        return f"{self.declaration} {self.measure.code}"


class ProgressReport(models.Model):
    """A progress report (voortgangsrapportage): what was realised per measure up to a reporting month."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="progress_reports")
    month = models.PositiveSmallIntegerField(help_text="Rapportagemoment in maanden na de start.")
    period_end = models.DateField()
    due_on = models.DateField()
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("plan", "month")]
        ordering = ["plan", "month"]
        verbose_name = "voortgangsrapportage"
        verbose_name_plural = "voortgangsrapportages"

    def __str__(self) -> str:
        return f"Voortgangsrapportage {self.plan} maand {self.month}"

    @property
    def is_late(self) -> bool:
        return self.submitted_on > self.due_on


class ProgressReportLine(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines")
    measure = models.ForeignKey("plans.Measure", on_delete=models.PROTECT, related_name="progress_lines")
    realised_participants = models.PositiveIntegerField(null=True, blank=True)
    realised_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        unique_together = [("report", "measure")]
        constraints = non_negative("finance_progress_line", "realised_costs_eur")
        verbose_name = "rapportageregel"
        verbose_name_plural = "rapportageregels"

    def __str__(self) -> str:
        return f"{self.report} {self.measure.code}"


class Settlement(ImmutableModel):
    """One version of the settlement (vaststelling). A re-settlement is a new version pointing to the
    one it replaces, with a reason; the engine's result and what it rested on are kept as taken."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="settlements")
    version = models.PositiveSmallIntegerField()
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next")
    reason = models.TextField(blank=True)
    decision = models.ForeignKey("plans.GrantDecision", on_delete=models.PROTECT, related_name="settlements")
    declaration = models.ForeignKey(FinalDeclaration, on_delete=models.PROTECT, related_name="settlements")
    scheme_code = models.CharField(max_length=60)
    settled_on = models.DateField()
    settled_at = models.DateTimeField(auto_now_add=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    settled_by_label = models.CharField(max_length=150, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", help_text="Tweede paar ogen (vier-ogenprincipe).")
    eligible_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)
    planned_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)
    cost_threshold_met = models.BooleanField()
    measure_subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    max_subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    cap_applied = models.BooleanField()
    capped_measure_subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    overhead_base_eur = models.DecimalField(max_digits=14, decimal_places=2)
    overhead_eur = models.DecimalField(max_digits=14, decimal_places=2)
    overhead_subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    determined_subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    advances_paid_eur = models.DecimalField(max_digits=14, decimal_places=2)
    earlier_payments_eur = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    balance_eur = models.DecimalField(max_digits=14, decimal_places=2)
    explanation = models.JSONField(default=list, help_text='[{"rule", "measure", "text"}] in volgorde.')
    basis = models.JSONField(default=dict, help_text="Momentopname van de invoer en de regels van de berekening.")

    class Meta:
        unique_together = [("plan", "version")]
        ordering = ["plan", "version"]
        constraints = [version_from_one("finance_settlement"), *non_negative(
            "finance_settlement", "eligible_costs_eur", "planned_costs_eur", "measure_subsidy_eur", "max_subsidy_eur",
            "capped_measure_subsidy_eur", "overhead_base_eur", "overhead_eur", "overhead_subsidy_eur",
            "determined_subsidy_eur", "advances_paid_eur")]
        verbose_name = "vaststelling"
        verbose_name_plural = "vaststellingen"

    def __str__(self) -> str:
        return f"Vaststelling {self.plan} v{self.version}"

    @property
    def total_costs_including_overhead_eur(self):
        return self.eligible_costs_eur + self.overhead_eur

    @property
    def reference(self) -> str:
        """The letter's reference (kenmerk)."""
        return f"VS-{self.plan_id}-{self.version}"


class SettlementLineStatus(models.TextChoices):
    OK = calculation.OK, "ok"
    BELOW_PARTICIPANT_THRESHOLD = calculation.BELOW_PARTICIPANT_THRESHOLD, "onder deelnemersdrempel"


class ParticipantCheck(models.TextChoices):
    MET = calculation.THRESHOLD_MET, "gehaald"
    NOT_MET = calculation.THRESHOLD_NOT_MET, "niet gehaald"
    EXEMPT = calculation.THRESHOLD_EXEMPT, "geen deelnemersdoel"


class SettlementLine(ImmutableModel):
    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="lines")
    measure = models.ForeignKey("plans.Measure", on_delete=models.PROTECT, related_name="settlement_lines")
    measure_type = models.CharField(max_length=40)
    rate = models.DecimalField(max_digits=5, decimal_places=4)
    planned_participants = models.PositiveIntegerField(null=True, blank=True)
    realised_participants = models.PositiveIntegerField(null=True, blank=True)
    planned_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)
    eligible_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)
    gross_subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(max_length=30, choices=SettlementLineStatus.choices)
    participant_check = models.CharField(max_length=10, choices=ParticipantCheck.choices)

    class Meta:
        unique_together = [("settlement", "measure")]
        constraints = non_negative("finance_settlement_line", "rate", "planned_costs_eur", "eligible_costs_eur",
                                   "gross_subsidy_eur", "subsidy_eur")
        ordering = ["settlement", "measure__code"]
        verbose_name = "vaststellingsregel"
        verbose_name_plural = "vaststellingsregels"

    def __str__(self) -> str:
        return f"{self.settlement} {self.measure.code}"


class LedgerKind(models.TextChoices):
    GRANTED = ledger.GRANTED, "verleend"
    ADVANCED = ledger.ADVANCED, "voorschot"
    SETTLED = ledger.SETTLED, "vastgesteld"
    PAID = ledger.PAID, "uitbetaald na vaststelling"
    RECLAIMED = ledger.RECLAIMED, "teruggevorderd"


class LedgerEntry(ImmutableModel):
    """One booking on the plan's ledger. Written only by ``finance.services`` (which checks the sum
    rules of ``finance.ledger`` first) and never changed: a correction is a new booking."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(max_length=10, choices=LedgerKind.choices)
    amount_eur = models.DecimalField(max_digits=14, decimal_places=2,
                                     help_text="Verleend en vastgesteld: wijziging (kan negatief); anders positief.")
    booked_on = models.DateField()
    decision = models.ForeignKey("plans.GrantDecision", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="ledger_entries")
    settlement = models.ForeignKey(Settlement, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="ledger_entries")
    reference = models.CharField(max_length=100, blank=True)
    booked_at = models.DateTimeField(auto_now_add=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    booked_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = "boeking"
        verbose_name_plural = "grootboek"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ledger.SIGNED_KINDS) | models.Q(amount_eur__gt=0),
                name="finance_ledger_movement_positive",
            ),
            models.UniqueConstraint(fields=["decision"], condition=models.Q(kind=ledger.GRANTED),
                                    name="finance_ledger_one_grant_booking_per_decision"),
            models.UniqueConstraint(fields=["settlement", "kind"], condition=models.Q(settlement__isnull=False),
                                    name="finance_ledger_one_booking_per_kind_per_settlement"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.get_kind_display()} {self.amount_eur}"


class _KindManager(ImmutableManager):
    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)


class AdvancePayment(LedgerEntry):
    """The advances paid (ledger bookings of kind ``advanced``)."""

    objects = _KindManager(ledger.ADVANCED)

    class Meta:
        proxy = True
        verbose_name = "voorschotbetaling"
        verbose_name_plural = "voorschotbetalingen"


class Payment(LedgerEntry):
    """Balances paid out after a settlement (kind ``paid``)."""

    objects = _KindManager(ledger.PAID)

    class Meta:
        proxy = True
        verbose_name = "betaling na vaststelling"
        verbose_name_plural = "betalingen na vaststelling"


class Clawback(LedgerEntry):
    """Amounts reclaimed after a settlement (kind ``reclaimed``): the claim (terugvordering)."""

    objects = _KindManager(ledger.RECLAIMED)

    class Meta:
        proxy = True
        verbose_name = "terugvordering"
        verbose_name_plural = "terugvorderingen"
