"""Plans, their measures and labour-market analyses, and the grant decisions taken on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from sectorplannen.common.kinds import PARTNER_KINDS
from sectorplannen.common.models import ImmutableModel, dates_in_order, non_negative, version_from_one


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "concept"
    SUBMITTED = "submitted", "ingediend"
    GRANTED = "granted", "verleend"
    RUNNING = "running", "lopend"
    DECLARED = "declared", "gedeclareerd"
    SETTLED = "settled", "vastgesteld"
    REFUSED = "refused", "afgewezen"
    WITHDRAWN = "withdrawn", "ingetrokken"
    LAPSED = "lapsed", "vervallen"


class Plan(models.Model):
    name = models.CharField(max_length=200)
    tranche = models.ForeignKey("schemes.Tranche", null=True, blank=True, on_delete=models.PROTECT,
                                help_text="Leeg bij referentieplannen waarvan alleen '1-2' bekend is.")
    tranche_label = models.CharField(max_length=5, help_text="'1', '2', '3' of '1-2' (gepubliceerde cijfers)")
    scheme = models.ForeignKey("schemes.SchemeVersion", on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(max_length=10, choices=[("sectoral", "sectoraal"), ("regional", "regionaal")])
    sectors = models.JSONField(default=list, blank=True)
    regions = models.JSONField(default=list, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True)
    is_reference = models.BooleanField(default=False, help_text="Geïmporteerd uit gepubliceerde cijfers.")
    application = models.JSONField(default=dict, blank=True, help_text="Het ingediende aanvraagdocument.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "sectorplan"
        verbose_name_plural = "sectorplannen"
        # formats.md §2: a plan is identified by tranche and name (tranche 3 reused tranche-1–2 names).
        constraints = [dates_in_order("plans_plan", "start_date", "end_date"),
                       models.UniqueConstraint(fields=["tranche_label", "name"], name="plan_tranche_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def case_number(self) -> str:
        """The application's case number (zaaknummer) on the receipt, like the letters' references."""
        return f"AV-{self.pk}"

    def latest_decision(self) -> GrantDecision | None:
        return self.decisions.order_by("-version").first()

    def initial_decision(self) -> GrantDecision | None:
        return self.decisions.order_by("version").first()


class PlanPartner(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40, choices=PARTNER_KINDS)
    roles = models.JSONField(default=list)
    cao_party = models.BooleanField(null=True, blank=True)
    equity_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        unique_together = [("plan", "organisation")]
        constraints = non_negative("plans_partner", "equity_eur")
        verbose_name = "partner"

    def __str__(self) -> str:
        return f"{self.organisation} ({', '.join(self.roles)})"


class LabourMarketAnalysis(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="analyses")
    date = models.DateField()
    bottlenecks = models.JSONField(default=list)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "date"]
        verbose_name = "arbeidsmarktanalyse"
        verbose_name_plural = "arbeidsmarktanalyses"

    def __str__(self) -> str:
        return f"{self.plan} – {self.date}"


class Measure(models.Model):
    """A measure as applied for. What was granted per version lives on ``DecisionLine``."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(max_length=40)
    category = models.CharField(max_length=40)
    measure_type = models.CharField(max_length=40)
    activities = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    target_groups = models.JSONField(default=list, blank=True)
    bottlenecks = models.JSONField(default=list, blank=True)
    planned_participants = models.PositiveIntegerField(null=True, blank=True)
    planned_youth_participants = models.PositiveIntegerField(null=True, blank=True)
    planned_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)
    own_funding = models.JSONField(default=list, blank=True)
    other_public_funding = models.JSONField(default=list, blank=True)
    individual_registration = models.BooleanField(default=True)
    counted_measures = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Aantal maatregelen waarvoor deze regel staat (referentie-import per thema)."
    )
    created_by_revision = models.ForeignKey("GrantDecision", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+", help_text="Ontstaan door splitsen/samenvoegen.")

    class Meta:
        unique_together = [("plan", "code")]
        ordering = ["plan", "code"]
        constraints = non_negative("plans_measure", "planned_costs_eur")
        verbose_name = "maatregel"
        verbose_name_plural = "maatregelen"

    def __str__(self) -> str:
        return f"{self.plan} {self.code}"


class DecisionKind(models.TextChoices):
    GRANT = "grant", "verlening"
    REVISION = "revision", "herziening"


class GrantDecision(ImmutableModel):
    """One version of the grant decision. Version 1 is the initial ambition; the latest is what
    settlement and realisation use."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="decisions")
    version = models.PositiveSmallIntegerField()
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next")
    kind = models.CharField(max_length=10, choices=DecisionKind.choices)
    decided_on = models.DateField()
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", help_text="Tweede paar ogen (vier-ogenprincipe).")
    decided_by_label = models.CharField(max_length=150, blank=True)
    reason = models.TextField(blank=True)
    analysis_date = models.DateField(null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    extension_months = models.PositiveSmallIntegerField(default=0)
    max_subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    advance_schedule = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=list, blank=True, help_text="De gevraagde wijzigingen (herziening).")
    basis = models.JSONField(default=dict, blank=True, help_text="Momentopname van waar het besluit op rustte.")

    class Meta:
        unique_together = [("plan", "version")]
        ordering = ["plan", "version"]
        constraints = [dates_in_order("plans_decision", "start_date", "end_date"), version_from_one("plans_decision"),
                       *non_negative("plans_decision", "max_subsidy_eur")]
        verbose_name = "beschikking"
        verbose_name_plural = "beschikkingen"

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"

    @property
    def reference(self) -> str:
        """The letter's reference (kenmerk), like the settlement letter's (VS-plan-version)."""
        return f"BS-{self.plan_id}-{self.version}"


class LineStatus(models.TextChoices):
    ACTIVE = "active", "actief"
    STOPPED = "stopped", "gestopt"


class DecisionLine(ImmutableModel):
    """What one decision version grants for one measure."""

    decision = models.ForeignKey(GrantDecision, on_delete=models.PROTECT, related_name="lines")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="decision_lines")
    status = models.CharField(max_length=10, choices=LineStatus.choices, default=LineStatus.ACTIVE)
    planned_participants = models.PositiveIntegerField(null=True, blank=True)
    planned_youth_participants = models.PositiveIntegerField(null=True, blank=True)
    planned_costs_eur = models.DecimalField(max_digits=14, decimal_places=2)
    rate = models.DecimalField(max_digits=5, decimal_places=4)
    subsidy_eur = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        unique_together = [("decision", "measure")]
        ordering = ["decision", "measure__code"]
        constraints = non_negative("plans_decision_line", "planned_costs_eur", "rate", "subsidy_eur")
        verbose_name = "beschikkingsregel"
        verbose_name_plural = "beschikkingsregels"

    def __str__(self) -> str:
        return f"{self.decision} {self.measure.code}"


class ReferenceFactKey(models.TextChoices):
    GOVERNMENT_INCL_OVERHEAD = "government_incl_overhead", "overheidsbijdrage inclusief overhead"
    GOVERNMENT_EXCL_OVERHEAD = "government_excl_overhead", "overheidsbijdrage exclusief overhead"
    TOTAL_INCL_OVERHEAD = "total_incl_overhead", "totale kosten inclusief overhead"
    AMBITION_PARTICIPANTS = "initial_ambition_participants", "initiële ambitie: deelnemers"
    AMBITION_BUDGET = "initial_ambition_budget", "initiële ambitie: budget"


class FactPrecision(models.TextChoices):
    EXACT = "exact", "exact"
    ALMOST = "almost", "bijna (bovengrens)"
    OVER = "over", "ruim (ondergrens)"
    MILLIONS = "millions", "afgerond op miljoenen"


class ReferenceFact(models.Model):
    """A figure the evaluation published that the plan-level reference figures do not carry: a
    plan's government contribution (tables 3.3 and 6.3) or a tranche total (the initial ambition).

    A documented fact about the past, kept beside the reference plan; never a settlement. ``plan``
    is empty for a total over the tranche."""

    tranche_label = models.CharField(max_length=5)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="reference_facts")
    key = models.CharField(max_length=40, choices=ReferenceFactKey.choices)
    value = models.DecimalField(max_digits=16, decimal_places=2)
    precision = models.CharField(max_length=10, choices=FactPrecision.choices, default=FactPrecision.EXACT)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["tranche_label", "plan", "key"]
        verbose_name = "gepubliceerd gegeven"
        verbose_name_plural = "gepubliceerde gegevens"
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], condition=models.Q(plan__isnull=False),
                                    name="reference_fact_plan_key_unique"),
            models.UniqueConstraint(fields=["tranche_label", "key"], condition=models.Q(plan__isnull=True),
                                    name="reference_fact_tranche_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan or 'tranche ' + self.tranche_label}: {self.get_key_display()}"
