import pytest

pytestmark = pytest.mark.django_db


def test_plans_list_and_detail(api, secrets, submitted_plan):
    r = api.as_(secrets["assessor"]).get("/api/v1/plannen")
    assert r.status_code == 200, r.content
    assert r.json()["count"] == 1
    assert r["API-Version"] == "1.0.0"
    r = api.get(f"/api/v1/plannen/{submitted_plan.pk}")
    assert r.status_code == 200
    r = api.get("/api/v1/plannen/")
    assert r.status_code == 404 and r["Content-Type"] == "application/problem+json"
