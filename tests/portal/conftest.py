"""Users per role, an applicant organisation and plans in each stage of their life."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from sectorplannen.accounts.roles import ROLES
from sectorplannen.accounts.services import create_user
from sectorplannen.plans.application import submit_application
from sectorplannen.plans.examples import FORMATS, load
from sectorplannen.workflow.services import transition

from ..factories import OrganisationFactory

PASSWORD = "correct-horse-battery-staple"
BUSINESS_DATE = "2014-05-15"  # inside the window of tranche 2


@pytest.fixture(autouse=True)
def _portal_settings(settings, tmp_path):
    settings.SECTORPLANNEN_BUSINESS_DATE = BUSINESS_DATE
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECTORPLANNEN_EVALUATION_DIR = str(tmp_path / "evaluatie")
    settings.SECTORPLANNEN_EFFECTS_DIR = str(tmp_path / "netto-effecten")
    settings.RATE_LIMIT_LOGIN = (1000, 60)
    settings.RATE_LIMIT_UPLOAD = (1000, 60)
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate("nl")  # a request for English leaves its language active in the thread
    yield
    translation.activate("nl")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Werkgeversvereniging X", kind="employers_organisation")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Werkgeversvereniging Anders", kind="employers_organisation")


@pytest.fixture
def users(db, organisation, other_organisation):
    """One user per role, plus a second assessor and an applicant of another organisation."""
    # Usernames are the roles, but for the employer: "employer" is also an organisation kind's code, which
    # the walk's scan for codes on screen would find in the audit log.
    made = {role: create_user("werkgever-rol" if role == "employer" else role, role=role, password=PASSWORD,
                              organisations=[organisation] if role == "applicant" else [])
            for role in ROLES}
    made["assessor2"] = create_user("assessor2", role="assessor", password=PASSWORD)
    made["outsider"] = create_user("outsider", role="applicant", password=PASSWORD, organisations=[other_organisation])
    return made


def application(name="Sectorplan Voorbeeld") -> dict:
    doc = load(FORMATS)
    doc["name"] = name
    return doc


@pytest.fixture
def submitted_plan(users):
    return submit_application(application(), actor=users["applicant"])


@pytest.fixture
def granted_plan(users, submitted_plan):
    transition(submitted_plan, "grant", users["assessor"], approved_by=users["policy_officer"],
               decided_on=dt.date(2014, 7, 1))
    submitted_plan.refresh_from_db()
    return submitted_plan


def as_json(obj) -> str:
    return json.dumps(obj, default=lambda o: str(o) if isinstance(o, Decimal) else o)


@pytest.fixture
def fresh_plan(users):
    """A submitted plan next to ``granted_plan`` (which is ``submitted_plan`` after the grant)."""
    return submit_application(application("Sectorplan Vers"), actor=users["applicant"])

