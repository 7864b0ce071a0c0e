from django.db import models
from simple_history.models import HistoricalRecords

PARTNER_KINDS = [
    ("employers_organisation", "werkgeversorganisatie"),
    ("union", "werknemersorganisatie"),
    ("training_fund", "O&O-fonds"),
    ("knowledge_centre", "kenniscentrum"),
    ("sector_organisation", "brancheorganisatie"),
    ("municipality", "gemeente"),
    ("province", "provincie"),
    ("uwv", "UWV"),
    ("education", "onderwijsinstelling"),
    ("employer", "werkgever"),
    ("other", "overig"),
]
PARTNER_ROLES = [("main_applicant", "hoofdaanvrager"), ("guarantor", "garantsteller"), ("partner", "partner")]


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
