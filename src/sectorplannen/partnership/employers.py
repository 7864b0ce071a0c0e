"""Employers invited into a plan by its main applicant, and the uploads they make."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from sectorplannen.accounts.permissions import member_organisations
from sectorplannen.audit.services import record
from sectorplannen.common.errors import Reason, Refused
from sectorplannen.organisations.models import Organisation
from sectorplannen.participants.models import Registration
from sectorplannen.participants.validation import normalise_employer

from .models import Dossier, EmployerUpload, PlanEmployer


def employer_number(value: str) -> str:
    """The normalised payroll-tax (loonheffingennummer) or KvK number; Refused when it is neither."""
    number = normalise_employer(value or "")
    if not number:
        raise Refused(Reason("employer_number_invalid", "Vul een geldig loonheffingennummer (9 cijfers, L, 2 cijfers) "
                                                        "of KvK-nummer (8 cijfers) in."))
    return number


@transaction.atomic
def invite_employer(plan, *, name: str, number: str, actor, on: dt.date) -> PlanEmployer:
    """Bring an employer into the plan: its organisation (made when new) and its number."""
    name = (name or "").strip()
    if not name:
        raise Refused(Reason("employer_name_missing", "Vul de naam van de werkgever in."))
    number = employer_number(number)
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": "employer"})
    if len(number) == 8 and not organisation.kvk_number:
        organisation.kvk_number = number
        organisation.save(update_fields=["kvk_number"])
    try:
        with transaction.atomic():
            employer = PlanEmployer.objects.create(plan=plan, organisation=organisation, number=number,
                                                   invited_by=actor, invited_on=on)
    except IntegrityError:
        raise Refused(Reason("employer_already_invited", "Deze werkgever (of dit nummer) is al uitgenodigd voor "
                                                         "dit plan.")) from None
    record("employer_invited", actor=actor, plan=plan, employer=employer.pk)
    return employer


def employer_of(user, plan) -> PlanEmployer | None:
    """The employer of ``plan`` the user acts for (a member of its organisation), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    orgs = member_organisations(user)  # an API token narrows them to its own organisation
    return PlanEmployer.objects.select_related("organisation").filter(plan=plan, organisation_id__in=orgs).first()


@transaction.atomic
def record_upload(employer: PlanEmployer, batch_id: int | None) -> int:
    """Mark an upload as the employer's and open a dossier for every registration it stored; returns
    how many dossiers were opened."""
    if batch_id is None:
        return 0
    EmployerUpload.objects.get_or_create(batch_id=batch_id, defaults={"employer": employer})
    ids = Registration.objects.filter(import_batch_id=batch_id, dossier__isnull=True).values_list("pk", flat=True)
    made = Dossier.objects.bulk_create([Dossier(registration_id=pk, employer=employer) for pk in ids])
    return len(made)


def upload_finished(batch) -> int:
    """An upload job ended: when it was an employer's own upload (``ImportBatch.own_employer``), its
    registrations are that employer's and get their dossiers (``record_upload``)."""
    if not batch.own_employer:
        return 0
    employer = PlanEmployer.objects.filter(plan_id=batch.plan_id, number=batch.own_employer).first()
    return record_upload(employer, batch.pk) if employer is not None else 0


def registrations_of(employer: PlanEmployer):
    """The registrations the employer made (through its own uploads), never another's."""
    return Registration.objects.filter(plan_id=employer.plan_id, import_batch__employer_upload__employer=employer)
