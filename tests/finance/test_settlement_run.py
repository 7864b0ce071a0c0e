"""``sectorplannen settlement run``: the 75 reference plans, idempotence, letters, exit codes."""

import csv
import datetime as dt
from collections import defaultdict
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sectorplannen.finance.models import Settlement
from sectorplannen.finance.services import check_plan_ledger
from sectorplannen.finance.settlement import MeasureInput, SettlementInput, settle
from sectorplannen.plans.models import Plan
from sectorplannen.schemes.services import rules_for
from sectorplannen.workflow.reference import BUNDLED_FILE, import_reference

from .factories import declared_plan

pytestmark = pytest.mark.django_db
DATE = "2019-06-30"


def run(capsys, *args):
    try:
        call_command("settlement", "run", *args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def expected_from_csv() -> dict[str, D]:
    """The government contribution of each plan, computed from the published CSV by the engine alone."""
    rows = defaultdict(list)
    with open(BUNDLED_FILE, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rows[row["plan"]].append(row)
    rules = rules_for("sectorplannen-2013")

    def count(value):
        return int(value) if value else None

    result = {}
    for plan, plan_rows in rows.items():
        measures = tuple(
            MeasureInput(r["category"], rules.categories[r["category"]].default_type,
                         count(r["planned_participants"]), count(r["realised_participants"]),
                         D(r["planned_budget_eur"]), D(r["realised_budget_eur"] or 0))
            for r in plan_rows
        )
        cap = sum((rules.rate_for(m.measure_type) * m.planned_costs_eur for m in measures), D(0)).quantize(D("0.01"))
        inp = SettlementInput(measures, cap, tiers_on=dt.date.fromisoformat(DATE))
        result[plan] = settle(inp, rules).determined_subsidy_eur
    return result


def test_settles_the_75_reference_plans_once(capsys):
    import_reference(BUNDLED_FILE)
    code, out, err = run(capsys, "--all", "--date", DATE)
    assert code == 0, err
    assert "75 vastgesteld, 0 al vastgesteld, 0 niet vastgesteld" in out
    settled = {s.plan.name: s.determined_subsidy_eur for s in Settlement.objects.select_related("plan")}
    assert settled == expected_from_csv()
    # Afval by hand: 50 % × (2,805,000 + 24,604,000) + 50 % × (150,000 + 630,000 + 1 % × 17,409,000)
    assert settled["Afval"] == D("13704500.00") + D("477045.00")
    assert "Afval" in out and "€ 14.181.545,00" in out and "Totaal" in out
    assert all(check_plan_ledger(p) == [] for p in Plan.objects.all())

    code, out, _ = run(capsys, "--all", "--date", DATE)
    assert code == 0 and "0 vastgesteld, 75 al vastgesteld" in out
    assert Settlement.objects.count() == 75


def test_one_plan_with_its_letter(capsys, tmp_path):
    declared_plan("Bouw en Infra")
    code, out, _ = run(capsys, "--plan", "Bouw en Infra", "--letters", str(tmp_path / "brieven"), "--date", DATE)
    assert code == 0 and "1 vastgesteld" in out and "1 brieven" in out
    [letter] = (tmp_path / "brieven").iterdir()
    assert letter.name == "vaststelling-bouw-en-infra-v1.pdf" and letter.read_bytes().startswith(b"%PDF-")


def test_a_plan_that_cannot_be_settled_is_exit_1(capsys):
    plan = declared_plan("Nog bezig", declared_on=None)
    code, _, err = run(capsys, "--plan", str(plan.pk))
    assert code == 1 and "Nog bezig: Er is geen einddeclaratie" in err


@pytest.mark.parametrize("args", [["--plan", "Bestaat niet"], ["--all", "--date", "gisteren"]])
def test_unusable_invocation_is_exit_2(args):
    with pytest.raises(CommandError) as exc:
        call_command("settlement", "run", *args)
    assert exc.value.returncode == 2
