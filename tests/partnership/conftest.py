"""Two employers in one granted plan, each with a user, and upload files of their staff."""

from __future__ import annotations

import io
import random

import pytest

from sectorplannen.accounts.services import create_user
from sectorplannen.organisations.models import Organisation
from sectorplannen.participants.services import submit_upload_job, upload_job_status
from sectorplannen.participants.synth import BsnSource
from sectorplannen.partnership.services import invite_employer

from ..portal import conftest as portal
from ..portal.conftest import PASSWORD

# The portal's settings, users and plans, shared here.
_portal_settings, users, organisation, other_organisation = (
    portal._portal_settings, portal.users, portal.organisation, portal.other_organisation)
submitted_plan, granted_plan = portal.submitted_plan, portal.granted_plan

HEADER = "maatregel,bsn,geboortedatum,startdatum,einddatum,doelgroep,werkgever\n"
NUMBERS = {"a": "123456789L01", "b": "87654321"}


@pytest.fixture
def bsns():
    source = BsnSource(random.Random(20261201))
    return lambda n: [source() for _ in range(n)]


def staff_csv(bsns: list[str], employer: str = "", measure: str = "M01") -> bytes:
    rows = [f"{measure},{b},1980-05-0{1 + i % 8},2014-09-01,,werkend_sector,{employer}" for i, b in enumerate(bsns)]
    return (HEADER + "\n".join(rows) + "\n").encode()


def register(plan, employer, user, content: bytes, *, all_or_nothing: bool = False) -> dict:
    """The employer's upload as the portal and the API make it (a job with ``own_employer``); its
    summary (the job runs at once with the tests' task backend)."""
    job = submit_upload_job(plan, io.BytesIO(content), user=user, original_name="medewerkers.csv",
                            all_or_nothing=all_or_nothing, own_employer=employer.number)
    status = upload_job_status(job)
    assert status["state"] == "succeeded", status
    return status["summary"]


@pytest.fixture
def employers(users, granted_plan):
    """Employers A and B invited by the main applicant, each with one user of the employer role."""
    made = {}
    for key, name in (("a", "Zorginstelling Alfa"), ("b", "Bouwbedrijf Beta")):
        employer = invite_employer(granted_plan, name=name, number=NUMBERS[key], actor=users["applicant"],
                                   on=granted_plan.start_date)
        org = Organisation.objects.get(pk=employer.organisation_id)
        made[key] = employer
        users[f"employer_{key}"] = create_user(f"werkgever-{key}", role="employer", password=PASSWORD,
                                               organisations=[org])
    return made
