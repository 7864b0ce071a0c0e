"""A person's registrations in one plan, found by BSN without the BSN leaving this function: the
BSN is turned into its keyed pseudonym (the vault's HMAC) and only the pseudonym is looked up. The
answer holds what the portal's participant list shows (the pseudonym's first characters, never the
BSN nor the birth date)."""

from __future__ import annotations

from django.db.models.functions import Substr

from sectorplannen.plans.models import Plan

from .models import Registration
from .validation import normalise_bsn
from .vault import get_vault

PSEUDONYM_SHOWN = 10  # characters of the pseudonym shown, as on the portal's participant list


def registrations_of_person(plan: Plan, bsn: str) -> list[dict] | None:
    """The plan's registrations of the person with ``bsn`` (oldest start first), ``[]`` when the plan has
    none, ``None`` when ``bsn`` is no BSN (the 11-test fails)."""
    normalised = normalise_bsn(str(bsn).strip())
    if normalised is None:
        return None
    pseudonym = get_vault().pseudonym(normalised)
    rows = (Registration.objects.filter(plan=plan, person__pseudonym=pseudonym)
            .order_by("start_date", "measure__code")
            .annotate(pseudonym_short=Substr("person__pseudonym", 1, PSEUDONYM_SHOWN))
            .values("measure__code", "pseudonym_short", "age_at_start", "youth", "target_group", "start_date",
                    "end_date", "employer_number"))
    return [{"measure": r.pop("measure__code"), "pseudonym": r.pop("pseudonym_short"), **r} for r in rows]
