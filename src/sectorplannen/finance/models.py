"""Money after the grant: declarations (and, with the finance issue, advances and settlements)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class FinalDeclaration(models.Model):
    """The plan's final declaration: realised participants and eligible costs per measure."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="final_declaration")
    submitted_on = models.DateField()
    auditor_statement = models.FileField(upload_to="auditor_statements/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "einddeclaratie"
        verbose_name_plural = "einddeclaraties"

    def __str__(self) -> str:
        return f"Einddeclaratie {self.plan}"


class DeclarationLine(models.Model):
    declaration = models.ForeignKey(FinalDeclaration, on_delete=models.CASCADE, related_name="lines")
    measure = models.ForeignKey("plans.Measure", on_delete=models.PROTECT, related_name="declaration_lines")
    realised_participants = models.PositiveIntegerField(null=True, blank=True)
    realised_youth_participants = models.PositiveIntegerField(null=True, blank=True)
    eligible_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)
    own_funding_realised = models.JSONField(default=list, blank=True)
    bsn_participants = models.PositiveIntegerField(
        null=True, blank=True, help_text="Unieke deelnemers met geregistreerd BSN (gepubliceerd)."
    )

    class Meta:
        unique_together = [("declaration", "measure")]
        verbose_name = "declaratieregel"
        verbose_name_plural = "declaratieregels"

    def __str__(self) -> str:
        return f"{self.declaration} {self.measure.code}"
