"""A demo-like world: the reference import, a settled plan with registered participants, decisions
and ledger entries, and a running plan that shares one person with it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from sectorplannen.finance.services import DeclaredMeasure
from sectorplannen.participants.importer import import_participants
from sectorplannen.plans.application import submit_application
from sectorplannen.workflow.reference import import_reference
from sectorplannen.workflow.services import transition
from tests.participants.conftest import new_bsns, row, write_csv  # noqa: F401  (new_bsns is a fixture)
from tests.portal.conftest import application, organisation, other_organisation, users  # noqa: F401

PDF = b"%PDF-1.4\n%%EOF\n"


def _registered_plan(name, people, rows, tmp_path):
    plan = submit_application(application(name), actor=people["applicant"])
    transition(plan, "grant", people["assessor"], approved_by=people["policy_officer"], decided_on=dt.date(2014, 7, 1))
    result = import_participants(plan, write_csv(tmp_path / f"{name}.csv", rows), actor=people["applicant"])
    assert result.stored == len(rows), result
    plan.refresh_from_db()
    return plan


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(media, users, new_bsns, official_test_bsns, tmp_path):  # noqa: F811
    import_reference()
    bsns = [*official_test_bsns, *new_bsns(14)]
    settled_rows = [row(b, birth=f"19{70 + i}-0{1 + i % 9}-15", start=f"2015-0{1 + i % 9}-01")
                    for i, b in enumerate(bsns[:16])]
    settled = _registered_plan("Sectorplan Afgerond", users, settled_rows, tmp_path)
    transition(settled, "declare", users["applicant"], submitted_on=dt.date(2016, 8, 1),
               lines={"M01": DeclaredMeasure(len(settled_rows), Decimal("580000.00"), 4)},
               auditor_statement=ContentFile(PDF, name="verklaring.pdf"))
    transition(settled, "settle", users["assessor"], approved_by=users["policy_officer"],
               settled_on=dt.date(2016, 9, 1))
    # the running plan shares the first person of the settled plan and has four of its own
    running_rows = [row(b, start="2015-06-01") for b in [bsns[0], *bsns[16:20]]]
    running = _registered_plan("Sectorplan Lopend", users, running_rows, tmp_path)
    settled.refresh_from_db()
    return {"settled": settled, "running": running, "bsns": bsns, "shared_bsn": bsns[0]}
