"""Stored scenarios: a name, and immutable versions of its document with who made each and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sectorplannen.common.models import ImmutableModel


class Scenario(models.Model):
    name = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "scenario"
        verbose_name_plural = "scenario's"

    def __str__(self) -> str:
        return self.name

    def latest(self) -> ScenarioVersion | None:
        return self.versions.order_by("-version").first()


class ScenarioVersion(ImmutableModel):
    """One version of a scenario's document (docs/simulator.md); a change is a new version."""

    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    document = models.JSONField(help_text="Het scenario (docs/simulator.md), gecontroleerd als regelingsversie.")
    reason = models.TextField(help_text="Waarom deze versie is gemaakt.")
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    made_by_label = models.CharField(max_length=150, blank=True)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("scenario", "version")]
        ordering = ["scenario", "version"]
        verbose_name = "scenarioversie"
        verbose_name_plural = "scenarioversies"

    def __str__(self) -> str:
        return f"{self.scenario.name} v{self.version}"
