"""The permission matrix of the API: every operation, for every role, decided by the same permission
functions as the portal (the role sets are the portal matrix's own, tests/portal/test_matrix.py).

Every role gets a token with every scope (made directly, so that roles that may not make one are
tested too); anonymous requests carry none. Allowed means the permission functions let the request
through (2xx, or 400/409/422 from the rules); denied means 403; anonymous means 401. Each request
runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import base64
import datetime as dt
import io

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse
from django.utils import timezone

from sectorplannen.api.models import ApiToken, Concept
from sectorplannen.api.tokens import _hash

from ..portal.test_matrix import (  # noqa: F401 (the portal matrix's world fixture)
    AGENCY_READERS,
    ASSESSORS,
    DESK,
    EMPLOYERS,
    EVERYONE,
    NOBODY,
    PDF,
    PLAN_READERS,
    ROLES,
    world,
)
from .conftest import application

pytestmark = pytest.mark.django_db
APPLICANTS = {"applicant", "outsider"}
PDF64 = base64.b64encode(PDF).decode()


def _declaration(w):
    return {"lines": [{"code": "M01", "realised_participants": 450, "eligible_costs_eur": "580000.00"}],
            "auditor_statement_pdf": PDF64}


def _progress(w):
    return {"month": 6, "lines": [{"code": "M01", "participants": 100, "costs_eur": "100000.00"}]}


def _revision(w):
    return {"reason": "minder", "analysis_date": "2014-05-01",
            "changes": [{"op": "set", "measure": "M01", "planned_participants": 400}]}


def _contact(w):
    from sectorplannen.organisations.models import Organisation

    guest = Organisation.objects.get(name="Bond Zonder Account")  # a partner of the granted plan without users
    return {"organisation_id": guest.pk, "name": "Dirk Bond", "email": "dirk@bond.example"}


CALC = {"scheme": "sectorplannen-2015", "max_subsidy_eur": 1000000, "advances_paid_eur": 0,
        "measures": [{"code": "M01", "type": "work_placement", "planned_participants": 100,
                      "realised_participants": 80, "planned_costs_eur": 500000, "eligible_costs_eur": 450000}]}

def _report_made() -> list:
    """The protected realisation report made once, outside the savepoints (no URL arguments): each role
    then gets the same file instead of a job that is rolled back and made again for the next role."""
    from sectorplannen.monitoring.background import current_realisation_report

    current_realisation_report(protected=True)
    return []


# (url name, method, url arguments from the world, body from the world, roles allowed)
MATRIX = [
    ("api:plans", "GET", lambda w: [], None, AGENCY_READERS | APPLICANTS),
    ("api:plan", "GET", lambda w: [w["submitted"].pk], None, PLAN_READERS),
    ("api:plan", "GET", lambda w: [w["reference"].pk], None, AGENCY_READERS),
    ("api:decisions", "GET", lambda w: [w["granted"].pk], None, PLAN_READERS),
    ("api:decision", "GET", lambda w: [w["granted"].pk, 1], None, PLAN_READERS),
    ("api:decision_letter", "GET", lambda w: [w["granted"].pk, 1], None, PLAN_READERS),
    ("api:decision_letter", "GET", lambda w: [w["reference"].pk, 1], None, AGENCY_READERS),
    ("api:settlements", "GET", lambda w: [w["settled"].pk], None, PLAN_READERS),
    ("api:settlement", "GET", lambda w: [w["settled"].pk, 1], None, PLAN_READERS),
    ("api:settlement_letter", "GET", lambda w: [w["settled"].pk, 1], None, PLAN_READERS),
    ("api:settlement_letter", "GET", lambda w: [w["reference"].pk, 1], None, AGENCY_READERS),
    ("api:declarations", "GET", lambda w: [w["declared"].pk], None, PLAN_READERS),
    ("api:declarations", "POST", lambda w: [w["granted"].pk], _declaration, {"applicant"}),
    ("api:declarations", "POST", lambda w: [w["reference"].pk], _declaration, NOBODY),
    ("api:progress_reports", "GET", lambda w: [w["granted"].pk], None, PLAN_READERS),
    ("api:progress_reports", "POST", lambda w: [w["granted"].pk], _progress, {"applicant"}),
    ("api:progress_reports", "POST", lambda w: [w["reference"].pk], _progress, NOBODY),
    ("api:uploads", "GET", lambda w: [w["granted"].pk], None, {"applicant", *ASSESSORS}),
    ("api:uploads", "POST", lambda w: [w["granted"].pk], "csv", {"applicant"}),
    ("api:uploads", "POST", lambda w: [w["reference"].pk], "csv", NOBODY),
    ("api:upload", "GET", lambda w: [w["upload_job"].pk], None, {"applicant", *ASSESSORS}),
    ("api:upload", "DELETE", lambda w: [w["upload_job"].pk], None, {"applicant"}),
    ("api:upload_report", "GET", lambda w: [w["upload_job"].pk], None, {"applicant", *ASSESSORS}),
    ("api:upload_errors", "GET", lambda w: [w["upload_job"].pk], None, {"applicant", *ASSESSORS}),
    ("api:revision_requests", "GET", lambda w: [w["granted"].pk], None, PLAN_READERS),
    ("api:revision_requests", "POST", lambda w: [w["granted"].pk], _revision, {"applicant"}),
    ("api:revision_requests", "POST", lambda w: [w["reference"].pk], _revision, NOBODY),
    ("api:withdrawal", "POST", lambda w: [w["granted"].pk], lambda w: {"reason": "Geen deelnemers"}, {"applicant"}),
    ("api:withdrawal", "POST", lambda w: [w["reference"].pk], lambda w: {"reason": "Nee"}, NOBODY),
    ("api:start", "POST", lambda w: [w["granted"].pk], None, {"applicant"}),
    ("api:start", "POST", lambda w: [w["reference"].pk], None, NOBODY),
    ("api:proposals", "POST", lambda w: [], lambda w: {"plan_id": w["granted"].pk, "kind": "revision",
                                                       "revision_request_id": w["revision"].pk}, ASSESSORS),
    ("api:concepts", "GET", lambda w: [], None, APPLICANTS),
    ("api:concepts", "POST", lambda w: [], lambda w: {"document": {"name": "Nieuw"}}, APPLICANTS),
    ("api:concept", "GET", lambda w: [w["concept"].pk], None, {"applicant"}),
    ("api:concept", "PUT", lambda w: [w["concept"].pk], lambda w: {"document": {"name": "Anders"}}, {"applicant"}),
    ("api:concept", "DELETE", lambda w: [w["concept"].pk], None, {"applicant"}),
    ("api:concept_findings", "GET", lambda w: [w["concept"].pk], None, {"applicant"}),
    ("api:concept_submit", "POST", lambda w: [w["concept"].pk], None, {"applicant"}),
    ("api:proposals", "GET", lambda w: [], None, DESK),
    ("api:proposals", "POST", lambda w: [], lambda w: {"plan_id": w["submitted"].pk, "kind": "grant"}, ASSESSORS),
    ("api:proposals", "POST", lambda w: [], lambda w: {"plan_id": w["submitted"].pk, "kind": "refusal",
                                                       "reasons": [{"ground": "other", "text": "Nee"}]}, ASSESSORS),
    ("api:proposals", "POST", lambda w: [], lambda w: {"plan_id": w["declared"].pk, "kind": "settlement"},
     ASSESSORS),
    ("api:proposals", "POST", lambda w: [], lambda w: {"plan_id": w["granted"].pk, "kind": "lapse"}, ASSESSORS),
    ("api:proposals", "POST", lambda w: [], lambda w: {"plan_id": w["reference"].pk, "kind": "settlement"},
     NOBODY),
    ("api:proposal", "GET", lambda w: [w["proposal"].pk], None, DESK),
    ("api:proposal_approval", "POST", lambda w: [w["proposal"].pk], None, {"policy_officer"}),
    ("api:proposal_return", "POST", lambda w: [w["proposal"].pk], lambda w: {"outcome": "Nog niet"},
     {"policy_officer"}),
    ("api:calculator", "POST", lambda w: [], lambda w: CALC, {"applicant", "outsider", *DESK, "administrator"}),
    # issue 18: the applicant's advance requests; the agency drafts with /voorstellen, a second person approves
    ("api:advances", "GET", lambda w: [], None, AGENCY_READERS | APPLICANTS),
    ("api:advances", "POST", lambda w: [], lambda w: {"plan_id": w["granted"].pk, "standard": True, "reason": "r"},
     {"applicant"}),
    ("api:advances", "POST", lambda w: [], lambda w: {"plan_id": w["reference"].pk, "standard": True,
                                                      "reason": "r"}, NOBODY),
    ("api:advance", "GET", lambda w: [w["advance_request"].pk], None, PLAN_READERS),
    ("api:advance_refusal", "POST", lambda w: [w["advance_request"].pk], lambda w: {"reason": "Nee"}, ASSESSORS),
    ("api:advance_letter", "GET", lambda w: [w["advance_decided"].pk], None, PLAN_READERS),
    ("api:proposals", "POST", lambda w: [], lambda w: {"plan_id": w["granted"].pk, "kind": "advance",
                                                       "advance_request_id": w["advance_request"].pk}, ASSESSORS),
    ("api:proposal_approval", "POST", lambda w: [w["advance_proposal"].pk], None, {"assessor2", "policy_officer"}),
    # issue 21: the partnership's administration; each employer reaches only what it made itself
    ("api:plan_employers", "GET", lambda w: [w["granted"].pk], None, {"applicant", *ASSESSORS, *EMPLOYERS}),
    ("api:plan_employers", "POST", lambda w: [w["granted"].pk], lambda w: {"name": "Nieuw", "number": "11223344"},
     {"applicant"}),
    ("api:plan_employers", "GET", lambda w: [w["reference"].pk], None, NOBODY),
    ("api:employer_uploads", "GET", lambda w: [w["granted"].pk], None, EMPLOYERS),
    ("api:employer_uploads", "POST", lambda w: [w["granted"].pk], "csv", EMPLOYERS),
    ("api:employer_uploads", "POST", lambda w: [w["reference"].pk], "csv", NOBODY),
    ("api:employer_upload", "GET", lambda w: [w["job_a"].pk], None, {"employer_a"}),
    ("api:employer_upload", "GET", lambda w: [w["job_b"].pk], None, {"employer_b"}),
    ("api:employer_upload", "DELETE", lambda w: [w["job_a"].pk], None, {"employer_a"}),
    ("api:employer_upload_report", "GET", lambda w: [w["job_a"].pk], None, {"employer_a"}),
    ("api:employer_upload_errors", "GET", lambda w: [w["job_b"].pk], None, {"employer_b"}),
    ("api:upload", "GET", lambda w: [w["job_a"].pk], None, {"applicant", *ASSESSORS}),
    ("api:dossiers", "GET", lambda w: [w["granted"].pk], None, {"applicant", *ASSESSORS, *EMPLOYERS}),
    ("api:dossiers", "GET", lambda w: [w["reference"].pk], None, NOBODY),
    ("api:dossier", "GET", lambda w: [w["granted"].pk, w["dossier_a"].pk], None, {"employer_a", "applicant",
                                                                                   *ASSESSORS}),
    ("api:dossier", "GET", lambda w: [w["granted"].pk, w["dossier_b"].pk], None, {"employer_b", "applicant",
                                                                                   *ASSESSORS}),
    ("api:dossier", "PATCH", lambda w: [w["granted"].pk, w["dossier_a"].pk],
     lambda w: {"details": {"contract_hours": "32"}}, {"employer_a"}),
    ("api:dossier_evidence", "GET", lambda w: [w["granted"].pk, w["dossier_a"].pk], None,
     {"employer_a", "applicant", *ASSESSORS}),
    ("api:dossier_evidence", "POST", lambda w: [w["granted"].pk, w["dossier_b"].pk], "pdf", {"employer_b"}),
    ("api:employer_claims", "GET", lambda w: [w["granted"].pk], None, {"applicant", *ASSESSORS, *EMPLOYERS}),
    ("api:employer_claims", "POST", lambda w: [w["granted"].pk],
     lambda w: {"dossier_id": w["dossier_a"].pk, "costs_eur": "10.00"}, {"employer_a"}),
    ("api:employer_claim_payment", "POST", lambda w: [w["granted"].pk, w["claim_a"].pk], None, {"applicant"}),
    ("api:ledger", "GET", lambda w: [w["granted"].pk], None, {"applicant", *ASSESSORS, *EMPLOYERS}),
    ("api:ledger", "GET", lambda w: [w["reference"].pk], None, NOBODY),
    # issue 14: the final report (its main applicant), the partner survey, codebooks, the evaluator's side
    ("api:final_report", "GET", lambda w: [w["granted"].pk], None, {"applicant"}),
    ("api:final_report", "PATCH", lambda w: [w["granted"].pk], lambda w: {"answers": {"C": {"C1": "union"}}},
     {"applicant"}),
    ("api:final_report_findings", "GET", lambda w: [w["granted"].pk], None, {"applicant"}),
    ("api:final_report_submit", "POST", lambda w: [w["granted"].pk], None, {"applicant"}),
    ("api:survey_invitations", "GET", lambda w: [w["granted"].pk], None, {"applicant"}),
    ("api:survey_contacts", "GET", lambda w: [w["granted"].pk], None, {"applicant"}),
    ("api:survey_contacts", "POST", lambda w: [w["granted"].pk], _contact, {"applicant"}),
    ("api:codebooks", "GET", lambda w: [], None, EVERYONE),
    ("api:codebook", "GET", lambda w: [1], None, EVERYONE),
    ("api:codebook_goals", "GET", lambda w: [1], None, EVERYONE),
    ("api:tabulations", "GET", lambda w: [], None, {"evaluator", "policy_officer"}),
    ("api:tabulation", "GET", lambda w: ["T-46a"], None, {"evaluator", "policy_officer"}),
    ("api:interviews", "GET", lambda w: [], None, {"evaluator"}),
    ("api:interviews", "POST", lambda w: [], lambda w: {"kind": "stakeholder", "interviewee": "wethouder",
                                                        "held_on": "2018-05-01", "text": "verslag"}, {"evaluator"}),
    ("api:interview", "GET", lambda w: [w["note"].pk], None, {"evaluator"}),
    ("api:interview_coding", "GET", lambda w: [w["note"].pk], None, {"evaluator"}),
    ("api:interview_coding", "PATCH", lambda w: [w["note"].pk], lambda w: {"codes": {"C": {"C15": "no"}}},
     {"evaluator"}),
    ("api:coder_agreement", "GET", lambda w: [], None, {"evaluator"}),
    # issue 16 (session 5): closing decisions, the person look-up, the realisation and evaluation tables
    ("api:closing_decisions", "GET", lambda w: [w["withdrawn"].pk], None, PLAN_READERS),
    ("api:closing_decision", "GET", lambda w: [w["withdrawn"].pk, w["withdrawn"].closing_decision.pk], None,
     PLAN_READERS),
    ("api:closing_decision_letter", "GET", lambda w: [w["withdrawn"].pk, w["withdrawn"].closing_decision.pk], None,
     PLAN_READERS),
    ("api:participant_lookup", "POST", lambda w: [w["granted"].pk], lambda w: {"bsn": "999991607"},
     {"applicant", *ASSESSORS}),
    ("api:participant_lookup", "POST", lambda w: [w["reference"].pk], lambda w: {"bsn": "999991607"}, ASSESSORS),
    ("api:realisation", "GET", lambda w: [], None, AGENCY_READERS),
    ("api:realisation_report", "GET", lambda w: _report_made(), None, AGENCY_READERS),
    ("api:evaluation_outcomes", "GET", lambda w: [], None, {"evaluator", "policy_officer"}),
    ("api:evaluation_effects", "GET", lambda w: [], None, {"evaluator", "policy_officer"}),
]

# The portal pages of the API (signed in with a session, like the portal's matrix).
PAGES = [
    ("api:tokens", "GET", lambda w: [], APPLICANTS | EMPLOYERS | {"assessor", "assessor2", "policy_officer",
                                                                 "evaluator"}),
    ("api:tokens", "POST", lambda w: [], APPLICANTS | EMPLOYERS | {"assessor", "assessor2", "policy_officer",
                                                                  "evaluator"}),
    ("api:token_revoke", "POST", lambda w: [w["token"].pk], {"applicant"}),
    ("api:documentation", "GET", lambda w: [], set(ROLES) - {"anonymous"}),
]


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")


@pytest.fixture
def api_world(world, users, organisation):  # noqa: F811 (the fixture imported above)
    secrets = {}
    for role in ROLES:
        if role == "anonymous":
            continue
        secret = f"sp_{role[:8]}_matrix-{role}"
        member = users[role].memberships.first()
        ApiToken.objects.create(name=role, user=users[role], organisation=member.organisation if member else None,
                                prefix=f"m{ROLES.index(role)}", key_hash=_hash(secret),
                                scopes=["read", "write", "participants"],
                                expires_at=timezone.now() + dt.timedelta(days=1))
        secrets[role] = secret
    concept = Concept.objects.create(organisation=organisation, created_by=users["applicant"],
                                     document=application("Sectorplan Concept"))
    from sectorplannen.participants.services import submit_upload_job

    job = submit_upload_job(world["granted"], io.BytesIO(UPLOAD), user=users["applicant"], original_name="d.csv")
    return {**world, "concept": concept, "secrets": secrets, "upload_job": job,
            "token": ApiToken.objects.get(user=users["applicant"])}


UPLOAD = b"measure,bsn,birth_date,start_date,end_date,target_group,employer_id\n"


def _call(client, method, url, body):
    with transaction.atomic():
        if body == "csv":
            response = client.post(url, UPLOAD, content_type="text/csv")
            transaction.set_rollback(True)
            return response
        if body == "pdf":  # evidence (issue 21)
            response = client.post(url + "?soort=attendance", PDF, content_type="application/pdf")
            transaction.set_rollback(True)
            return response
        response = getattr(client, method.lower())(url, body, format="json") if body is not None else \
            getattr(client, method.lower())(url)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("entry", MATRIX, ids=lambda e: f"{e[0]}-{e[1]}")
def test_every_role_on_every_operation(api, api_world, entry):
    name, method, args, body, allowed = entry
    url = reverse(name, args=args(api_world))
    for role in ROLES:
        api.as_(api_world["secrets"].get(role))
        response = _call(api, method, url, body(api_world) if callable(body) else body)
        if role == "anonymous":
            assert response.status_code == 401, (role, response.status_code)
        elif role in allowed:
            assert response.status_code < 400 or response.status_code in (400, 409, 422), (
                role, response.status_code, response.content[:300])
        else:
            assert response.status_code == 403, (role, response.status_code, response.content[:300])


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: f"{e[0]}-{e[1]}")
def test_every_role_on_the_token_pages(client, users, api_world, entry):
    from ..portal.conftest import PASSWORD

    name, method, args, allowed = entry
    url = reverse(name, args=args(api_world))
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            assert client.login(username=users[role].username, password=PASSWORD)
        with transaction.atomic():
            response = client.post(url, {}) if method == "POST" else client.get(url)
            transaction.set_rollback(True)
        if role == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), role
        elif role in allowed:
            assert response.status_code in (200, 302, 422), (role, response.status_code)
        else:
            assert response.status_code == 403, (role, response.status_code)


def test_the_matrix_names_every_operation():
    resolver = get_resolver().namespace_dict["api"][1]
    names = {f"api:{n}" for n in resolver.reverse_dict if isinstance(n, str)} - {"api:openapi", "api:not_found"}
    assert names == {e[0] for e in MATRIX} | {e[0] for e in PAGES}
