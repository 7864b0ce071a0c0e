from django.db import models
from simple_history.models import HistoricalRecords

from sectorplannen.common.kinds import PARTNER_KINDS


class Organisation(models.Model):
    """A legal body that takes part in partnerships (employers' organisation, union, fund, …)."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=PARTNER_KINDS)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.name
