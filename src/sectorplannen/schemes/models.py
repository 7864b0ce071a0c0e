from __future__ import annotations

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .rules import RulesError, SchemeRules


class SchemeVersion(models.Model):
    """One version of the regulation. Every number the software applies is in ``parameters``."""

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    parameters = models.JSONField(help_text="Alle regels en getallen van deze versie (zie scheme-rules.md).")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = "regelingsversie"
        verbose_name_plural = "regelingsversies"

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.clean()
        self.__dict__.pop("rules", None)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            SchemeRules.from_parameters(self.code, self.parameters)
        except RulesError as exc:
            raise ValidationError({"parameters": str(exc)}) from exc

    @cached_property
    def rules(self) -> SchemeRules:
        return SchemeRules.from_parameters(self.code, self.parameters)


class Tranche(models.Model):
    """An application round with its window and government budget ceiling."""

    number = models.PositiveSmallIntegerField(unique=True)
    scheme = models.ForeignKey(SchemeVersion, on_delete=models.PROTECT, related_name="tranches")
    window_start = models.DateField()
    window_end = models.DateField()
    budget_ceiling_eur = models.DecimalField(max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = "tranche"
        verbose_name_plural = "tranches"

    def __str__(self) -> str:
        return f"Tranche {self.number}"

    def clean(self) -> None:
        if self.window_end < self.window_start:
            raise ValidationError({"window_end": "Het aanvraagtijdvak eindigt vóór het begint."})
