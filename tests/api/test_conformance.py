"""The API Design Rules the document cannot show: trailing slashes, 405 with Allow, the version
header, problem+json on every error, tokens (unknown, expired, revoked, missing scope), the rate limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sectorplannen.api.models import ApiToken
from sectorplannen.api.tokens import create_token, revoke_token
from sectorplannen.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def _is_problem(r, status):
    assert r.status_code == status, (r.status_code, r.content)
    assert r["Content-Type"] == PROBLEM
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    assert r["API-Version"] == "1.0.0"
    return body


def test_a_trailing_slash_is_a_404_problem_not_a_redirect(api, secrets, submitted_plan):
    api.as_(secrets["assessor"])
    for path in ("/api/v1/plannen/", f"/api/v1/plannen/{submitted_plan.pk}/", "/api/v1/openapi.json/"):
        _is_problem(api.get(path), 404)
    assert api.get("/api/v1/plannen").status_code == 200


def test_an_unknown_path_and_an_unknown_plan_are_404_problems(api, secrets):
    api.as_(secrets["assessor"])
    _is_problem(api.get("/api/v1/bestaat-niet"), 404)
    _is_problem(api.get("/api/v1/plannen/999999"), 404)


def test_another_method_is_405_with_allow(api, secrets, submitted_plan):
    api.as_(secrets["assessor"])
    r = api.delete("/api/v1/plannen")
    _is_problem(r, 405)
    assert set(r["Allow"].replace(" ", "").split(",")) >= {"GET"} and "DELETE" not in r["Allow"]
    r = api.patch(f"/api/v1/plannen/{submitted_plan.pk}", {}, format="json")
    _is_problem(r, 405)
    assert "GET" in r["Allow"]


def test_every_response_has_the_version_header(api, secrets):
    assert api.get("/api/v1/openapi.json")["API-Version"] == "1.0.0"
    assert api.as_(secrets["assessor"]).get("/api/v1/plannen")["API-Version"] == "1.0.0"


def test_the_openapi_document_is_public_with_contact(api):
    r = api.get("/api/v1/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["openapi"].startswith("3.") and {"name", "email", "url"} <= set(doc["info"]["contact"])
    assert doc["servers"][0]["url"].endswith("/api/v1")
    assert all(not p.endswith("/") for p in doc["paths"])


def test_no_token_unknown_token_expired_and_revoked_are_401(api, users):
    _is_problem(api.get("/api/v1/plannen"), 401)
    assert api.get("/api/v1/plannen")["WWW-Authenticate"].startswith("Bearer")
    _is_problem(api.as_("sp_nope_nope").get("/api/v1/plannen"), 401)
    token, secret = create_token(users["assessor"], name="x", scopes=["read"], days=1)
    assert api.as_(secret).get("/api/v1/plannen").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    _is_problem(api.as_(secret).get("/api/v1/plannen"), 401)
    token2, secret2 = create_token(users["assessor"], name="y", scopes=["read"], days=1)
    revoke_token(token2, users["assessor"])
    _is_problem(api.as_(secret2).get("/api/v1/plannen"), 401)


def test_a_token_without_the_scope_is_refused_and_every_use_is_audited(api, users, submitted_plan):
    _token, secret = create_token(users["assessor"], name="lezer", scopes=["read"], days=1)
    api.as_(secret)
    before = AuditEvent.objects.filter(event="api_token_used").count()
    assert api.get("/api/v1/plannen").status_code == 200
    body = _is_problem(api.post("/api/v1/voorstellen", {"plan_id": submitted_plan.pk, "kind": "grant"},
                                format="json"), 403)
    assert "schrijven" in body["detail"]
    used = AuditEvent.objects.filter(event="api_token_used").order_by("pk")
    assert used.count() == before + 2
    assert used.last().context["method"] == "POST" and used.last().actor == users["assessor"]


def test_invalid_input_is_400_with_invalid_params_in_document_paths(api, secrets, submitted_plan):
    api.as_(secrets["assessor"])
    body = _is_problem(api.post("/api/v1/voorstellen", {"plan_id": "x", "kind": "grant",
                                                        "assessments": [{"code": "M01", "verdict": "nee"}]},
                                format="json"), 400)
    names = {p["name"]: p["code"] for p in body["invalidParams"]}
    assert names == {"plan_id": "invalid_value", "assessments[0].verdict": "invalid_value"}


def test_a_submitted_concept_with_errors_answers_with_the_findings(api, secrets, users):
    from .conftest import application

    doc = application("Sectorplan Fout")
    doc["measures"][0]["bottlenecks"] = ["onbekend"]
    api.as_(secrets["applicant"])
    concept = api.post("/api/v1/concepten", {"document": doc}, format="json")
    assert concept.status_code == 201, concept.content
    findings = api.get(f"/api/v1/concepten/{concept.json()['id']}/bevindingen").json()["findings"]
    assert any(f["code"] == "unknown_bottleneck" and f["path"].startswith("measures[0]") for f in findings)
    body = _is_problem(api.post(f"/api/v1/concepten/{concept.json()['id']}/_indienen"), 400)
    assert any(p["code"] == "unknown_bottleneck" and p["name"].startswith("measures[0]") for p in body["invalidParams"])


def test_a_conflict_is_409_and_an_unexpected_error_500_as_problems(api, secrets, submitted_plan, monkeypatch):
    api.as_(secrets["assessor"])
    proposal = api.post("/api/v1/voorstellen", {"plan_id": submitted_plan.pk, "kind": "grant"}, format="json")
    assert proposal.status_code == 201, proposal.content
    pid = proposal.json()["id"]
    assert api.as_(secrets["policy_officer"]).post(f"/api/v1/voorstellen/{pid}/goedkeuringen").status_code == 201
    _is_problem(api.post(f"/api/v1/voorstellen/{pid}/goedkeuringen"), 409)

    from sectorplannen.api.views import plans

    def boom(*a, **k):
        raise RuntimeError("internal detail that must not leak")

    monkeypatch.setattr(plans, "visible_plans", boom)
    body = _is_problem(api.get("/api/v1/plannen"), 500)
    assert "internal" not in body["detail"]


def test_the_rate_limit_is_per_token(api, users, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    monkey = {**api_settings.DEFAULT_THROTTLE_RATES, "token": "3/min"}
    SimpleRateThrottle.THROTTLE_RATES = monkey
    try:
        _t, one = create_token(users["assessor"], name="een", scopes=["read"], days=1)
        _t, two = create_token(users["assessor"], name="twee", scopes=["read"], days=1)
        codes = [api.as_(one).get("/api/v1/plannen").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        assert api.as_(two).get("/api/v1/plannen").status_code == 200
        r = api.as_(one).get("/api/v1/plannen")
        _is_problem(r, 429)
        assert int(r["Retry-After"]) > 0
    finally:
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
