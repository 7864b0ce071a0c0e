"""Public interface of the participants app: what other apps, the CLI and the web may call."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Count, Q, Sum

from sectorplannen.plans.models import Plan

from .importer import ImportResult, UnusableInput, import_participants
from .lookup import registrations_of_person
from .models import LINKAGE_PERMISSION, ParticipantCount, Registration
from .plan_rules import UploadRefused, registration_refusal
from .sealed import SealedWriter, open_sealed
from .sealed import remove as remove_queued_file
from .upload_jobs import (
    KIND as UPLOAD_JOB_KIND,
)
from .upload_jobs import (
    SealedUpload,
    cancel_upload_job,
    remove_orphan_queued_files,
    submit_upload_job,
    upload_job_file,
    upload_job_status,
    upload_jobs,
)

__all__ = [
    "UPLOAD_JOB_KIND",
    "ImportResult",
    "SealedUpload",
    "SealedWriter",
    "UnusableInput",
    "UploadRefused",
    "can_export_linkage",
    "cancel_upload_job",
    "import_participants",
    "registration_refusal",
    "open_sealed",
    "registered_counts",
    "registrations_of_person",
    "remove_queued_file",
    "remove_orphan_queued_files",
    "submit_upload_job",
    "unique_participants",
    "upload_job_file",
    "upload_job_status",
    "upload_jobs",
]


def registered_counts(plan: Plan) -> dict[str, int]:
    """Registered participants per measure code: unique persons, plus the head counts of measures
    without individual registration. Every measure of the plan is present (0 when none)."""
    counts = {code: 0 for code in plan.measures.values_list("code", flat=True)}
    persons = (Registration.objects.filter(plan=plan).values_list("measure__code")
               .annotate(n=Count("person", distinct=True)))
    for code, n in persons:
        counts[code] += n
    heads = (ParticipantCount.objects.filter(measure__plan=plan).values_list("measure__code")
             .annotate(n=Sum("count")))
    for code, n in heads:
        counts[code] += n
    return counts


def unique_participants(plan: Plan) -> dict[str, int]:
    """Unique participants per category (a person in two measures of one category counts once), as
    the evaluation counts its units; individually registered participants only."""
    rows = (Registration.objects.filter(plan=plan).values_list("measure__category")
            .annotate(n=Count("person", distinct=True)))
    return dict(rows)


def can_export_linkage(user) -> tuple[bool, str]:
    """Whether ``user`` may create the linkage file (BSN + pseudonym). Only the linkage role: the
    permission must be granted to the user or one of their groups; being superuser is not enough."""
    if user is None:
        return False, "geen gebruiker opgegeven (--user)"
    if not user.is_active:
        return False, f"gebruiker {user.get_username()} is niet actief"
    app_label, codename = LINKAGE_PERMISSION.split(".")
    granted = Permission.objects.filter(
        Q(user=user) | Q(group__user=user), content_type__app_label=app_label, codename=codename
    ).exists()
    if not granted:
        return False, f"gebruiker {user.get_username()} heeft de rol koppelfunctionaris niet"
    return True, ""
