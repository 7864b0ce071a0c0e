"""The partnership's administration through the API (issue 21): an employer's system registers its staff
(the upload job), completes a dossier, claims; the main applicant pays only a complete dossier and reads
the ledger. Employer A never sees B's registrations, dossiers, evidence or claims, and no response holds
a BSN."""

from __future__ import annotations

import re

import pytest

from sectorplannen.participants.validation import normalise_bsn
from sectorplannen.partnership.models import Dossier

from ..partnership.conftest import (  # noqa: F401 (fixtures)
    bsns,
    employers,
    register,
    staff_csv,
)
from .conftest import token_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
NINE_DIGITS = re.compile(rb"(?<!\d)\d{9}(?!\d)")


@pytest.fixture(autouse=True)
def _dirs(settings, tmp_path):
    settings.SECTORPLANNEN_JOBS_DIR = str(tmp_path / "jobs")
    settings.SECTORPLANNEN_UPLOAD_QUEUE_DIR = str(tmp_path / "queue")


def _no_bsn(response) -> None:
    """No number in the body that passes the 11-test as a BSN would."""
    assert not [m for m in NINE_DIGITS.findall(response.content) if normalise_bsn(m.decode())], response.content[:300]


def _ids(response) -> set[int]:
    body = response.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


def test_an_employer_registers_documents_and_claims_and_the_main_applicant_pays(api, users, granted_plan,
                                                                                employers, bsns):  # noqa: F811
    plan = granted_plan.pk
    a_secret, b_secret = token_for(users["employer_a"]), token_for(users["employer_b"])
    applicant = token_for(users["applicant"])
    # B registers one person first; A's upload names that person too, and two of its own
    taken, *own = bsns(3)
    register(granted_plan, employers["b"], users["employer_b"], staff_csv([taken]))
    upload = api.as_(a_secret).post(f"/api/v1/plannen/{plan}/werkgeversuploads", staff_csv([taken, *own]),
                                    content_type="text/csv", HTTP_IDEMPOTENCY_KEY="a-1")
    assert upload.status_code == 202 and upload["Location"].startswith("/api/v1/werkgeversuploads/")
    status = api.get(upload["Location"]).json()
    assert (status["state"], status["stored"], status["already_known"], status["rejected"]) == ("succeeded", 2, 0, 1)
    errors = api.get(upload["Location"] + "/fouten")
    assert errors.status_code == 200 and b"not_stored" in b"".join(errors.streaming_content)
    again = api.post(f"/api/v1/plannen/{plan}/werkgeversuploads", staff_csv([taken, *own]),
                     content_type="text/csv", HTTP_IDEMPOTENCY_KEY="a-1")
    assert again.json()["id"] == status["id"]  # the same key: the same job
    # B cannot read A's upload, and A's token reaches only A's things
    assert api.as_(b_secret).get(upload["Location"]).status_code == 403
    mine = set(Dossier.objects.filter(employer=employers["a"]).values_list("pk", flat=True))
    theirs = set(Dossier.objects.filter(employer=employers["b"]).values_list("pk", flat=True))
    assert len(mine) == 2 and len(theirs) == 1
    listed = api.as_(a_secret).get(f"/api/v1/plannen/{plan}/dossiers")
    assert _ids(listed) == mine
    _no_bsn(listed)
    assert _ids(api.get(f"/api/v1/plannen/{plan}/werkgevers")) == {employers["a"].pk}
    b_dossier = theirs.pop()
    assert api.get(f"/api/v1/plannen/{plan}/dossiers/{b_dossier}").status_code == 403
    assert api.get(f"/api/v1/plannen/{plan}/dossiers/{b_dossier}/bewijsstukken").status_code == 403
    # A completes one dossier: evidence with the portal's checks, the employment details
    dossier = min(mine)
    state = api.get(f"/api/v1/plannen/{plan}/dossiers/{dossier}").json()
    evidence = f"/api/v1/plannen/{plan}/dossiers/{dossier}/bewijsstukken"
    wrong = api.post(evidence + "?soort=invoice", PNG, content_type="application/pdf")
    assert wrong.status_code == 422 and wrong.json()["invalidParams"][0]["code"] == "evidence_type"
    assert api.post(evidence + "?soort=invoice", PDF, content_type="text/plain").status_code == 415
    assert api.post(evidence + "?soort=bonnetje", PDF, content_type="application/pdf").status_code == 400
    claim = api.post(f"/api/v1/plannen/{plan}/werkgeversdeclaraties", {"dossier_id": dossier, "costs_eur": "900.00"},
                     format="json")
    assert claim.status_code == 201, claim.content
    claim_id = claim.json()["id"]
    pay = f"/api/v1/plannen/{plan}/werkgeversdeclaraties/{claim_id}/betalingen"
    blocked = api.as_(applicant).post(pay)
    assert blocked.status_code == 422 and blocked.json()["invalidParams"][0]["code"] == "dossier_incomplete"
    api.as_(a_secret)
    for kind in state["missing_documents"]:
        body = PNG if kind == "certificate" else PDF
        media = "image/png" if kind == "certificate" else "application/pdf"
        assert api.post(f"{evidence}?soort={kind}", body, content_type=media).status_code == 201
    bad = api.patch(f"/api/v1/plannen/{plan}/dossiers/{dossier}", {"details": {"contract_hours": "veel"}},
                    format="json")
    assert bad.status_code == 422 and bad.json()["invalidParams"][0]["code"] == "detail_invalid_contract_hours"
    done = api.patch(f"/api/v1/plannen/{plan}/dossiers/{dossier}",
                     {"details": {f: "32" for f in state["missing_fields"]}}, format="json")
    assert done.status_code == 200 and done.json()["complete"] is True, done.content
    # B neither claims nor completes A's dossier; the main applicant pays once
    api.as_(b_secret)
    assert api.post(f"/api/v1/plannen/{plan}/werkgeversdeclaraties", {"dossier_id": dossier, "costs_eur": "1.00"},
                    format="json").status_code == 403
    assert api.patch(f"/api/v1/plannen/{plan}/dossiers/{dossier}", {"details": {}}, format="json").status_code == 403
    assert claim_id not in _ids(api.get(f"/api/v1/plannen/{plan}/werkgeversdeclaraties"))
    paid = api.as_(applicant).post(pay)
    assert paid.status_code == 201 and paid.json()["paid"] is True
    assert api.post(pay).status_code == 409
    ledger = {row["employer_id"]: row for row in api.get(f"/api/v1/plannen/{plan}/grootboekregels").json()}
    assert set(ledger) == {employers["a"].pk, employers["b"].pk}
    row = ledger[employers["a"].pk]
    assert row["paid_eur"] == row["claimed_eur"] == claim.json()["plan_share_eur"] and row["awaiting_eur"] == "0.00"
    own = api.as_(a_secret).get(f"/api/v1/plannen/{plan}/grootboekregels").json()
    assert [r["employer_id"] for r in own] == [employers["a"].pk]


def test_the_main_applicant_invites_an_employer_with_a_valid_number(api, users, granted_plan):
    api.as_(token_for(users["applicant"]))
    url = f"/api/v1/plannen/{granted_plan.pk}/werkgevers"
    bad = api.post(url, {"name": "Zorg BV", "number": "1234"}, format="json")
    assert bad.status_code == 422 and bad.json()["invalidParams"][0]["code"] == "employer_number_invalid"
    made = api.post(url, {"name": "Zorg BV", "number": "11223344"}, format="json")
    assert made.status_code == 201 and made.json()["number"] == "11223344"
    assert api.post(url, {"name": "Zorg BV", "number": "11223344"}, format="json").status_code == 422


def test_an_employer_token_acts_only_for_its_own_organisation(api, users, granted_plan, employers,  # noqa: F811
                                                              organisation):
    """An employer user who is also a member of another organisation: a token for that one is no employer."""
    from sectorplannen.accounts.models import Membership
    from sectorplannen.api.tokens import create_token

    user = users["employer_a"]
    Membership.objects.create(user=user, organisation=organisation)
    _token, secret = create_token(user, name="ander", scopes=["read"], days=1, organisation=organisation)
    assert api.as_(secret).get(f"/api/v1/plannen/{granted_plan.pk}/dossiers").status_code == 403
    _token, own = create_token(user, name="eigen", scopes=["read"], days=1,
                               organisation=employers["a"].organisation)
    assert api.as_(own).get(f"/api/v1/plannen/{granted_plan.pk}/dossiers").status_code == 200

