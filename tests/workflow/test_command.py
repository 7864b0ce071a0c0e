"""``sectorplannen workflow …``: the same steps as the portal, from the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sectorplannen.common.errors import Refused
from sectorplannen.plans.examples import FORMATS, load
from sectorplannen.plans.models import PlanStatus
from sectorplannen.workflow.models import Proposal

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("workflow", *map(str, args), stdout=out)
    return out.getvalue()


def test_refuse_from_the_command_line_with_four_eyes(users, submitted_plan, tmp_path):
    out = run("propose", "refusal", submitted_plan.pk, "--by", "assessor",
              "--reason", "analysis=De knelpunten zijn niet onderbouwd.")
    proposal = Proposal.objects.get(kind="refusal")
    assert f"Voorstel {proposal.pk}" in out
    assert str(proposal.pk) in run("proposals")
    with pytest.raises(Refused):
        run("approve", proposal.pk, "--by", "assessor")
    assert "AFW-" in run("approve", proposal.pk, "--by", "policy_officer")
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.REFUSED
    history = run("history", submitted_plan.pk)
    assert "afgewezen" in history and "Afwijzen" in history and "policy_officer" in history
    assert "AFW-" in run("letter", submitted_plan.pk, "--out", tmp_path)
    assert next(tmp_path.glob("*.pdf")).read_bytes().startswith(b"%PDF")


def test_withdraw_start_and_lapse_candidates(users, granted_plan, settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = "2016-01-01"
    out = run("lapse-candidates")
    assert granted_plan.name in out and "not_started" in out and "1 plan(nen)" in out
    assert "0 plan(nen)" in run("lapse-candidates", "--date", "2014-08-01")
    with pytest.raises(Refused) as exc:
        run("start", granted_plan.pk, "--by", "applicant")
    assert exc.value.codes == {"start_too_late"}
    assert "INT-" in run("withdraw", granted_plan.pk, "--by", "applicant", "--reason", "Gestopt")
    granted_plan.refresh_from_db()
    assert granted_plan.status == PlanStatus.WITHDRAWN


def test_unusable_invocations_exit_2(users, submitted_plan):
    for args in (("approve", 999, "--by", "policy_officer"), ("withdraw", "Bestaat niet", "--by", "applicant"),
                 ("withdraw", submitted_plan.pk, "--by", "niemand"), ("lapse-candidates", "--date", "morgen"),
                 ("propose", "refusal", submitted_plan.pk, "--by", "assessor", "--reason", "geen-grond")):
        with pytest.raises(CommandError) as exc:
            run(*args)
        assert exc.value.returncode == 2, args


def test_the_definition_is_printed():
    out = run("transitions")
    assert all(name in out for name in ("grant", "refuse", "withdraw", "lapse", "resettle", "application_refused"))


@pytest.mark.slow
def test_a_refusal_is_exit_code_1_with_its_reason(tmp_path):
    """The mapping in ``sectorplannen.cli``: a separate process on a fresh database, no traceback."""
    exe = Path(sys.executable).with_name("sectorplannen")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               SECTORPLANNEN_BUSINESS_DATE=dt.date(2014, 5, 15).isoformat())

    def cli(*args):
        return subprocess.run([str(exe), *map(str, args)], env=env, capture_output=True, text=True, timeout=300)

    doc = tmp_path / "plan.json"
    doc.write_text(json.dumps(load(FORMATS)), encoding="utf-8")
    assert cli("migrate", "--noinput").returncode == 0
    assert cli("users", "create", "beoordelaar", "--role", "assessor", "--password", "x-Lang-genoeg-1").returncode == 0
    assert cli("plans", "submit", doc).returncode == 0
    refused = cli("workflow", "propose", "lapse", "1", "--by", "beoordelaar")
    assert refused.returncode == 1 and "[not_running]" in refused.stderr and "Traceback" not in refused.stderr
    assert cli("workflow", "approve", "7", "--by", "beoordelaar").returncode == 2
