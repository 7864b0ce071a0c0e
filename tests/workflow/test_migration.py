"""The proposals and revision requests move from the portal to the workflow with their ids."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BEFORE = [("portal", "0001_initial"), ("workflow", "0001_initial")]
AFTER = [("portal", "0002_issue11_proposals_to_workflow"), ("workflow", "0002_copy_portal_proposals")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_rows_are_copied_with_their_ids_and_the_portal_tables_go():
    apps = _migrate(BEFORE)
    User, Plan = apps.get_model("auth", "User"), apps.get_model("plans", "Plan")
    SchemeVersion = apps.get_model("schemes", "SchemeVersion")
    user = User.objects.create(username="beoordelaar")
    plan = Plan.objects.create(name="Oud plan", tranche_label="2", scheme=SchemeVersion.objects.first(),
                               kind="sectoral", start_date=dt.date(2014, 7, 1), end_date=dt.date(2016, 6, 30),
                               status="granted")
    request = apps.get_model("portal", "RevisionRequest").objects.create(
        id=41, plan=plan, requested_by=user, requested_on=dt.date(2015, 1, 5), reason="minder",
        analysis_date=dt.date(2015, 1, 1), changes=[{"op": "set", "measure": "M01"}], status="proposed")
    apps.get_model("portal", "ProposedDecision").objects.create(
        id=17, plan=plan, kind="revision", revision_request=request, drafted_by=user, note="akkoord")
    apps = _migrate(AFTER)
    proposal = apps.get_model("workflow", "Proposal").objects.get()
    assert (proposal.pk, proposal.kind, proposal.note, proposal.status) == (17, "revision", "akkoord", "proposed")
    assert proposal.revision_request.pk == 41 and proposal.revision_request.changes == [{"op": "set",
                                                                                          "measure": "M01"}]
    assert "portal_proposeddecision" not in connection.introspection.table_names()
    new = apps.get_model("workflow", "Proposal").objects.create(plan_id=plan.pk, kind="grant", drafted_by_id=user.pk)
    assert new.pk > 17  # the id sequence continues after the copied rows
    _migrate(BEFORE)  # and back
    apps = _migrate(AFTER)
