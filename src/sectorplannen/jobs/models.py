"""A job is one run of a background task as people see it: what it is, how far it got, whether
someone asked to stop it, and the files it made. The task framework's own result row says only
whether the function ran; a job also survives a worker that died half-way (see ``recovery``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    SUCCEEDED = "succeeded", _("klaar")
    FAILED = "failed", _("mislukt")
    CANCELLED = "cancelled", _("geannuleerd")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(models.Model):
    """One job, unique by its idempotency ``key``: submitting the same key again returns this job
    instead of running the work a second time."""

    kind = models.CharField(max_length=60, db_index=True, help_text="What the job makes, e.g. realisation_report.")
    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key: same key, same job.")
    task_path = models.CharField(max_length=200, help_text="Import path of the task that runs the job.")
    params = models.JSONField(default=dict, blank=True, help_text="Keyword arguments of the job (no personal data).")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    task_result_id = models.CharField(max_length=64, blank=True, help_text="The task framework's result id.")
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life of the running attempt.")
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True,
                              help_text="Running counts the work reports while it runs (e.g. rows read, stored).")
    effects = models.JSONField(default=list, blank=True,
                               help_text="Names of the side effects done (Progress.once): never done twice.")
    error = models.CharField(max_length=500, blank=True, help_text="English, without personal data.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def fraction(self) -> float | None:
        """Progress between 0 and 1, or ``None`` while the total is unknown."""
        if not self.total:
            return None
        return min(self.done / self.total, 1.0)


class JobFile(models.Model):
    """A file a job made, kept under the jobs directory (private: served only through a checked view)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=100)
    path = models.CharField(max_length=300, help_text="Relative to the jobs directory.")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "name"], name="job_file_unique_name")]
        ordering = ["job", "name"]
        verbose_name = _("taakbestand")
        verbose_name_plural = _("taakbestanden")

    def __str__(self) -> str:
        return f"{self.job} {self.name}"
