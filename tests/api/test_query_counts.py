"""What one API request costs the database (issue 16, ## Performance): the token with its user and
organisation is one query, the user's roles one, a token's reads write at most one audit row a
minute, and no list or detail grows with its length (no query per row)."""

from __future__ import annotations

import pytest
import structlog
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sectorplannen.audit.models import AuditEvent
from sectorplannen.plans.models import PlanPartner

from .conftest import token_for

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.fixture
def reader(api, users):
    api.as_(token_for(users["assessor"]))
    api.get("/api/v1/plannen")  # the first read of a token is an audit row; the ones after it are not
    return api


def test_reads_cost_a_fixed_number_of_queries(reader, granted_plan, organisation, other_organisation):
    plan = granted_plan.pk
    # token + roles + count + page; token + roles + plan + partners with their organisations + measures; ...
    expected = {"/api/v1/plannen": 4, f"/api/v1/plannen/{plan}": 5, f"/api/v1/plannen/{plan}/beschikkingen": 5,
                f"/api/v1/plannen/{plan}/beschikkingen/1": 5}
    assert {url: _count(reader, url) for url in expected} == expected
    PlanPartner.objects.create(plan=granted_plan, organisation=other_organisation, kind="union", roles=["partner"])
    assert _count(reader, f"/api/v1/plannen/{plan}") == expected[f"/api/v1/plannen/{plan}"]  # not one per partner


def test_reads_within_a_minute_write_no_audit_row_but_a_change_does(reader, users, submitted_plan):
    before = AuditEvent.objects.filter(event="api_token_used").count()
    with structlog.testing.capture_logs() as logs:
        for _ in range(3):
            assert reader.get("/api/v1/plannen").status_code == 200
    assert [e["path"] for e in logs if e["event"] == "api_token_used"] == ["/api/v1/plannen"] * 3  # every use
    assert AuditEvent.objects.filter(event="api_token_used").count() == before
    reader.post("/api/v1/voorstellen", {"plan_id": submitted_plan.pk, "kind": "grant"}, format="json")
    assert AuditEvent.objects.filter(event="api_token_used").count() == before + 1
