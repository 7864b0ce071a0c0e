"""Codebook versions, the final report (per plan and per measure), the partner survey and the
evaluator's coded interview notes. Answers are JSON ``{question id: value}`` and keep the codebook
version they were given under."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .codebook import Codebook, CodebookError


class CodebookVersion(models.Model):
    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    document = models.JSONField(help_text="Antwoordlijsten, doelen en vragen van deze versie (zie qualitative.md).")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version"]
        verbose_name = "codeboekversie"
        verbose_name_plural = "codeboekversies"

    def __str__(self) -> str:
        return f"Codeboek v{self.version}"

    def save(self, *args, **kwargs):
        self.clean()
        self.__dict__.pop("codebook", None)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            book = Codebook.from_document(self.document)
        except CodebookError as exc:
            raise ValidationError({"document": str(exc)}) from exc
        if book.version != self.version:
            raise ValidationError({"document": "Het versienummer in het document wijkt af van de versie."})

    @cached_property
    def codebook(self) -> Codebook:
        return Codebook.from_document(self.document)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "concept"
    SUBMITTED = "submitted", "ingediend"


class FinalReport(models.Model):
    """The project leader's final report (eindrapportage): blocks C and D and the not-prefilled part
    of block A in ``answers``; block B per measure in ``MeasureReport``."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="final_report")
    codebook = models.ForeignKey(CodebookVersion, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                             help_text="Concept of ingediend (niet de status van het plan).")
    answers = models.JSONField(default=dict, blank=True)
    synthetic = models.BooleanField(default=False, help_text="Demogegevens, geen echte antwoorden.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "eindrapportage"
        verbose_name_plural = "eindrapportages"

    def __str__(self) -> str:
        return f"Eindrapportage {self.plan}"


class MeasureReport(models.Model):
    report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey("plans.Measure", on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        unique_together = [("report", "measure")]
        ordering = ["report", "measure__code"]
        verbose_name = "eindrapportage per maatregel"
        verbose_name_plural = "eindrapportages per maatregel"

    def __str__(self) -> str:
        return f"{self.report} {self.measure.code}"


class PartnerInvitation(models.Model):
    """One partner organisation invited to the survey of one plan. Without an account it answers
    through a link that holds only a random token; the database keeps only the token's hash."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="partner_invitations")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    expires_on = models.DateField(help_text="Sluitingsdatum: daarna kan niet meer worden geantwoord.")
    invited_on = models.DateField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_on = models.DateField(null=True, blank=True)

    class Meta:
        unique_together = [("plan", "organisation")]
        verbose_name = "uitnodiging partnerenquête"
        verbose_name_plural = "uitnodigingen partnerenquête"

    def __str__(self) -> str:
        return f"{self.plan} – {self.organisation}"


class SurveyContact(models.Model):
    """Who at a partner organisation without portal users gets the survey link by mail: given by the
    project leader, seen only by them; the mail holds nothing personal but this name."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="survey_contacts")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    email = models.EmailField()

    class Meta:
        unique_together = [("plan", "organisation")]
        verbose_name = "contactpersoon partnerenquête"
        verbose_name_plural = "contactpersonen partnerenquête"

    def __str__(self) -> str:
        return f"{self.plan} – {self.organisation}"


class PartnerResponse(models.Model):
    invitation = models.OneToOneField(PartnerInvitation, on_delete=models.PROTECT, related_name="response")
    codebook = models.ForeignKey(CodebookVersion, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    synthetic = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "antwoord partnerenquête"
        verbose_name_plural = "antwoorden partnerenquête"

    def __str__(self) -> str:
        return f"Antwoord {self.invitation}"


class InterviewNote(models.Model):
    """A stakeholder, project-leader or group interview as recorded by the evaluator."""

    KINDS = [("stakeholder", "stakeholder"), ("project_leader", "projectleider"), ("group", "groepsgesprek")]
    kind = models.CharField(max_length=20, choices=KINDS)
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    interviewee = models.CharField(max_length=200, help_text="Functie of soort organisatie, geen naam.")
    held_on = models.DateField()
    text = models.TextField()
    codebook = models.ForeignKey(CodebookVersion, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on"]
        verbose_name = "interviewverslag"
        verbose_name_plural = "interviewverslagen"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Coding(models.Model):
    """One coder's codes for one question on one interview note (two coders may code the same text)."""

    note = models.ForeignKey(InterviewNote, on_delete=models.CASCADE, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.CharField(max_length=10)
    codes = models.JSONField(default=list)
    coded_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("note", "coder", "question")]
        verbose_name = "codering"
        verbose_name_plural = "coderingen"

    def __str__(self) -> str:
        return f"{self.note} {self.question} ({self.coder})"
