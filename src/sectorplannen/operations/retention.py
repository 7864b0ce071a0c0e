"""Retention (AVG): after ``SECTORPLANNEN_RETENTION_YEARS`` the BSN ciphertext and the birth date of
a person are removed when every plan the person is registered in was settled longer ago than that.

What stays: the pseudonym (the evaluation's key), every registration with its age at the start and
youth flag, and all figures built on them, so monitoring and the evaluator's file do not change.
A person also registered in a plan that is still open keeps their data until that plan is past
the period too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef
from django.db.models.functions import Coalesce, ExtractYear

from sectorplannen.audit.services import record
from sectorplannen.participants.models import Person, Registration
from sectorplannen.plans.models import Plan, PlanStatus
from sectorplannen.plans.revisions import add_months

CHUNK_SIZE = 5_000


@dataclass(frozen=True)
class RetentionRun:
    cutoff: dt.date
    plans: tuple[int, ...]  # plans settled before the cutoff
    persons: int  # persons whose BSN and birth date are (or, in a dry run, would be) removed
    kept_for_open_plans: int  # persons of those plans kept because of a later or open plan
    dry_run: bool


def cutoff_date(today: dt.date, years: int) -> dt.date:
    return add_months(today, -12 * years)


def expired_plans(cutoff: dt.date):
    """Settled plans whose latest settlement lies before ``cutoff``."""
    return (Plan.objects.filter(status=PlanStatus.SETTLED).annotate(last_settled=Max("settlements__settled_on"))
            .filter(last_settled__lt=cutoff))


def _persons(cutoff: dt.date):
    expired = expired_plans(cutoff).values("pk")
    in_expired = Exists(Registration.objects.filter(person=OuterRef("pk"), plan__in=expired))
    elsewhere = Exists(Registration.objects.filter(person=OuterRef("pk")).exclude(plan__in=expired))
    holding = Person.objects.filter(bsn_ciphertext__isnull=False) | Person.objects.filter(birth_date__isnull=False)
    base = holding.filter(in_expired)
    return base.filter(~elsewhere), base.filter(elsewhere)


def apply_retention(*, today: dt.date | None = None, years: int | None = None, dry_run: bool = False,
                    actor=None) -> RetentionRun:
    today = today or dt.date.today()
    years = settings.SECTORPLANNEN_RETENTION_YEARS if years is None else years
    cutoff = cutoff_date(today, years)
    plans = tuple(expired_plans(cutoff).order_by("pk").values_list("pk", flat=True))
    removable, kept = _persons(cutoff)
    kept_count = kept.count()
    if dry_run:
        return RetentionRun(cutoff, plans, removable.count(), kept_count, True)
    removed = 0
    while True:  # in chunks, each its own transaction: an interrupted run leaves valid data and can go on
        ids = list(removable.order_by("pk").values_list("pk", flat=True)[:CHUNK_SIZE])
        if not ids:
            break
        with transaction.atomic():
            # The birth year stays (the evaluator's file carries it, formats §4); every SET expression reads
            # the row as it was, so the year is taken before the date is emptied.
            removed += Person.objects.filter(pk__in=ids).update(
                bsn_ciphertext=None, birth_date=None, personal_data_removed_on=today,
                birth_year=Coalesce(ExtractYear("birth_date"), F("birth_year")))
            Registration.objects.filter(person_id__in=ids).update(birth_date=None)
    record("retention_applied", actor=actor, cutoff=cutoff.isoformat(), retention_years=years, plans=list(plans),
           persons=removed, kept_for_open_plans=kept_count)
    return RetentionRun(cutoff, plans, removed, kept_count, False)
