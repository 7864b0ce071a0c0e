"""Finding 9 of the security review: one rule for the command and the portal on which plans take
registrations (participants.plan_rules.registration_refusal)."""

from __future__ import annotations

import pytest

from sectorplannen.participants.models import ImportBatch, Registration
from sectorplannen.participants.services import UploadRefused, import_participants, registration_refusal

from .conftest import make_plan, row, write_csv
from .test_import import run


@pytest.mark.parametrize("status", ["settled", "refused", "withdrawn", "draft", "submitted"])
def test_the_command_refuses_a_plan_that_takes_no_registrations(db, tmp_path, new_bsns, status):
    plan = make_plan(status=status)
    path = write_csv(tmp_path / "u.csv", [row(b) for b in new_bsns(2)])
    code, _, err = run(plan, path)
    assert code == 2 and "Er is niets opgeslagen" in err
    assert registration_refusal(plan) in err
    with pytest.raises(UploadRefused):
        import_participants(plan, path)
    assert (Registration.objects.count(), ImportBatch.objects.count()) == (0, 0)


@pytest.mark.parametrize("status", ["granted", "running", "declared"])
def test_open_from_the_grant_until_settlement(db, tmp_path, new_bsns, status):
    plan = make_plan(status=status, is_reference=status == "declared")
    assert registration_refusal(plan) is None
    assert run(plan, write_csv(tmp_path / "u.csv", [row(new_bsns(1)[0])]))[0] == 0


def test_the_portal_refuses_through_the_same_rule(db, tmp_path, new_bsns):
    """The portal's import goes through the same service: a settled plan is refused there as well."""
    from io import BytesIO

    plan = make_plan(status="settled")
    data = write_csv(tmp_path / "u.csv", [row(new_bsns(1)[0])]).read_bytes()
    with pytest.raises(UploadRefused, match="vastgesteld"):
        import_participants(plan, BytesIO(data), file_name="u.csv")
