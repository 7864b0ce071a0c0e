"""Demo-like data shared by the simulator tests: the reference plans imported, advances paid, settled."""

from __future__ import annotations

import datetime as dt

import pytest

from sectorplannen.finance.services import advance_schedule_for, plans_to_settle, record_advance, run_settlements
from sectorplannen.plans.models import Plan
from sectorplannen.workflow.reference import import_reference

SETTLED_ON = dt.date(2019, 6, 1)


@pytest.fixture(scope="module")
def settled_reference(django_db_setup, django_db_blocker):
    """Once per module: every reference plan that imports, with its advances and its settlement."""
    with django_db_blocker.unblock():
        from django.db import connection, transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        import_reference()
        for plan in Plan.objects.filter(is_reference=True).order_by("name"):
            for advance in advance_schedule_for(plan):
                record_advance(plan, advance.amount_eur, advance.due_on, reference=f"voorschot {advance.number}")
        run_settlements(plans_to_settle(), SETTLED_ON)
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
        assert connection is not None
