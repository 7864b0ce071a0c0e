from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """A structured, append-only record of something that must be answerable later: who, when, what.

    ``event`` is a fixed snake_case name (e.g. ``bsn_decrypted``); ``context`` holds keyword details
    and never personal data (counts, ids, pseudonyms at most)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_label = models.CharField(max_length=150, blank=True, help_text="CLI user or system process")
    event = models.CharField(max_length=80, db_index=True)
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    context = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "auditgebeurtenis"
        verbose_name_plural = "auditgebeurtenissen"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.event}"
