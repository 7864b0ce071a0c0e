"""The participant registry: persons (BSN only encrypted, plus a keyed pseudonym), their
registrations per measure, head counts for measures without individual registration, and uploads.

Rows are written in bulk by ``importer.py`` with plain SQL for speed; the models here define the
tables, constraints and indexes that SQL relies on."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sectorplannen.common.models import dates_in_order

LINKAGE_GROUP = "linkage_officer"  # the role group of accounts.roles.LINKAGE_OFFICER
LINKAGE_PERMISSION = "participants.export_linkage"


class Person(models.Model):
    """One natural person. The BSN is never stored in clear: ``bsn_ciphertext`` is AES-GCM under a
    key held outside the database, ``pseudonym`` is HMAC-SHA-256 under another such key."""

    pseudonym = models.CharField(max_length=64, unique=True)
    bsn_ciphertext = models.BinaryField(editable=False, null=True,
                                        help_text="Leeg na de bewaartermijn (retention); het pseudoniem blijft.")
    birth_date = models.DateField(null=True, blank=True,
                                  help_text="Zoals de eerste upload hem opgaf; een upload vergelijkt nooit met deze "
                                            "datum (die kan van een ander plan komen), zie Registration.birth_date. "
                                            "Leeg na de bewaartermijn (retention).")
    personal_data_removed_on = models.DateField(null=True, blank=True,
                                                help_text="Dag waarop BSN en geboortedatum zijn verwijderd.")
    birth_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Alleen na de bewaartermijn: het geboortejaar dat het evaluatiebestand "
                                         "(formats §4) blijft tonen nu de geboortedatum weg is.")

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"
        permissions = [("export_linkage", "Mag het koppelbestand (BSN en pseudoniem) maken")]

    def __str__(self) -> str:
        return f"persoon {self.pseudonym[:12]}…"


class ImportBatch(models.Model):
    """One upload: who, when, which file and what came of it. Registrations point to the upload
    that stored them, which tells a repeated row inside one file from one already known."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="participant_uploads")
    file_name = models.CharField(max_length=255)
    started_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", help_text="Leeg bij de opdrachtregel (zie de auditlog).")
    all_or_nothing = models.BooleanField(default=False)
    rows_read = models.PositiveIntegerField(default=0)
    stored = models.PositiveIntegerField(default=0)
    already_known = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    own_employer = models.CharField(
        max_length=20, blank=True, default="",
        help_text="Het nummer van de werkgever die met deze upload zijn eigen medewerkers registreerde (leeg: de "
                  "aanvrager).")
    birth_date_conflicts = models.PositiveIntegerField(
        default=0, help_text="Opgeslagen rijen met een andere geboortedatum dan dit plan eerder voor dezelfde persoon "
                             "gaf (een waarschuwing; de persoon houdt de eerste).")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "deelnemersupload"
        verbose_name_plural = "deelnemersuploads"

    def __str__(self) -> str:
        return f"{self.plan} {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class Registration(models.Model):
    """A person's participation in one measure, identified by (plan, measure, person, start date).

    The unique index is the only index: ordered (plan, person, measure, start date) it serves the
    look-ups by plan (counts, exports) and by plan and person (the upload's check for known
    registrations); every index less makes the bulk upload faster."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="registrations",
                             db_index=False)
    measure = models.ForeignKey("plans.Measure", on_delete=models.PROTECT, related_name="registrations",
                                db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations", db_index=False)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    target_group = models.CharField(max_length=40, blank=True)
    employer_number = models.CharField(max_length=12, blank=True,
                                       help_text="Loonheffingennummer (9 cijfers, L, 2 cijfers) of KvK-nummer.")
    age_at_start = models.PositiveSmallIntegerField()
    birth_date = models.DateField(
        null=True, blank=True, help_text="De geboortedatum die dit plan bij deze inschrijving opgaf. Een upload "
                                         "vergelijkt alleen hiermee, nooit met wat een ander plan opgaf.")
    youth = models.BooleanField(help_text="Jongere: op de startdatum niet ouder dan de jeugdgrens van de regeling.")
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "person", "measure", "start_date"],
                                    name="registration_unique_per_start"),
            dates_in_order("participants_registration", "start_date", "end_date"),
        ]
        verbose_name = "inschrijving"
        verbose_name_plural = "inschrijvingen"

    def __str__(self) -> str:
        return f"{self.measure} {self.person} {self.start_date}"


class ParticipantCount(models.Model):
    """Head count for a measure without individual registration, per calendar month of start."""

    measure = models.ForeignKey("plans.Measure", on_delete=models.PROTECT, related_name="participant_counts")
    period_start = models.DateField()
    period_end = models.DateField()
    count = models.PositiveIntegerField()
    import_batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", db_index=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="participant_count_unique_period"),
            dates_in_order("participants_count", "period_start", "period_end"),
        ]
        ordering = ["measure", "period_start"]
        verbose_name = "deelnemertelling"
        verbose_name_plural = "deelnemertellingen"

    def __str__(self) -> str:
        return f"{self.measure} {self.period_start:%Y-%m}: {self.count}"
