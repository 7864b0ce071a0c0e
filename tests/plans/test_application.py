"""Loading, submitting and the ``plans check`` / ``plans submit`` commands (formats.md §1)."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sectorplannen.audit.models import AuditEvent
from sectorplannen.organisations.models import Organisation
from sectorplannen.plans import examples
from sectorplannen.plans.application import (
    ApplicationRefused,
    ApplicationUnreadable,
    assess,
    load_document,
    rules_by_tranche,
    submit_application,
)
from sectorplannen.plans.models import LabourMarketAnalysis, Measure, Plan, PlanPartner, PlanStatus
from sectorplannen.schemes.builtin import SCHEMES, TRANCHES
from sectorplannen.schemes.rules import SchemeRules

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def t2():
    """The example of formats.md §1, with the narrow goals the qualitative codebook asks of a measure
    (issue 14; without them the example is still valid, with a ``goals_missing`` warning)."""
    doc = examples.load(examples.FORMATS)
    doc["measures"][0]["goals"] = ["human_capital"]
    return doc


def write(tmp_path, doc, name="plan.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def run(*args):
    """``call_command`` → (exit code, stdout, stderr) the way the command line would see them."""
    out, err = StringIO(), StringIO()
    try:
        call_command("plans", *[str(a) for a in args], stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


# -- loading ---------------------------------------------------------------------------------------


def test_load_document_reads_utf8_with_or_without_bom(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(t2(), ensure_ascii=False), encoding="utf-8-sig")
    assert load_document(path) == t2()


@pytest.mark.parametrize("content", [b"{", b"", b'{"tranche": NaN}', b'{"a": Infinity}', b"\xff\xfe{}",
                                     b"[" * 100000])
def test_unreadable_documents_are_refused_with_a_message(tmp_path, content):
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    with pytest.raises(ApplicationUnreadable, match=str(path)):
        load_document(path)


def test_a_missing_file_is_unreadable(tmp_path):
    with pytest.raises(ApplicationUnreadable, match="niet gevonden"):
        load_document(tmp_path / "nope.json")


# -- rules from the database -------------------------------------------------------------------------


def test_rules_by_tranche_come_from_the_database():
    loaded = rules_by_tranche()
    assert sorted(loaded) == [t["number"] for t in TRANCHES]
    for t in TRANCHES:
        got = loaded[t["number"]]
        assert (str(got.window_start), str(got.window_end), got.budget_ceiling_eur) == (
            t["window_start"], t["window_end"], Decimal(t["budget_ceiling_eur"]))
        assert got.rules == SchemeRules.from_parameters(t["scheme"], SCHEMES[t["scheme"]])


def test_values_that_do_not_fit_the_columns_are_invalid():
    doc = t2()
    doc["name"] = "x" * (Plan._meta.get_field("name").max_length + 1)
    doc["measures"][0]["planned_costs_eur"] = 10 ** 15
    doc["measures"][0]["own_funding"][0]["amount_eur"] = 10 ** 15
    doc["measures"][0]["planned_participants"] = 2 ** 40
    doc["extra"] = {"note": float("nan")}
    found = {(f.code, f.path) for f in assess(doc).findings}
    assert found == {("invalid_value", "name"), ("invalid_value", "measures[0].planned_costs_eur"),
                     ("invalid_value", "measures[0].planned_participants"), ("invalid_value", "")}


# -- submitting --------------------------------------------------------------------------------------


def test_submit_creates_the_plan_with_partners_analysis_and_measures():
    doc = t2()
    plan = submit_application(doc)
    plan.refresh_from_db()
    assert plan.name == "Sectorplan Voorbeeld" and plan.status == PlanStatus.SUBMITTED
    assert plan.tranche.number == 2 and plan.tranche_label == "2" and plan.scheme.code == "sectorplannen-2013"
    assert (plan.kind, plan.sectors, plan.regions) == ("sectoral", ["Bouw"], [])
    assert (str(plan.start_date), str(plan.end_date), str(plan.submitted_on)) == (
        "2014-07-01", "2016-06-30", "2014-05-15")
    assert plan.application == json.loads(json.dumps(doc))
    rows = PlanPartner.objects.filter(plan=plan).select_related("organisation")
    partners = {p.organisation.name: p for p in rows}
    assert set(partners) == {"Werkgeversvereniging X", "Bond Y", "Fonds Z"}
    main = partners["Werkgeversvereniging X"]
    assert (main.kind, main.roles, main.cao_party, main.equity_eur) == (
        "employers_organisation", ["main_applicant"], True, Decimal("5000000.00"))
    assert (partners["Fonds Z"].cao_party, partners["Fonds Z"].equity_eur) == (None, None)
    analysis = LabourMarketAnalysis.objects.get(plan=plan)
    assert (str(analysis.date), analysis.bottlenecks) == ("2014-03-01", ["ageing", "new_competences"])
    measure = Measure.objects.get(plan=plan)
    assert (measure.code, measure.category, measure.measure_type) == ("M01", "training", "general_training")
    assert (measure.planned_participants, measure.planned_youth_participants) == (500, 50)
    assert measure.planned_costs_eur == Decimal("600000.00")
    assert measure.own_funding == [{"source": "training_fund", "amount_eur": "300000.00"}]
    assert measure.target_groups == ["working_in_sector"] and measure.individual_registration is True
    event = AuditEvent.objects.get(event="plan_submitted")
    assert event.plan == plan and event.context == {"measures": 1}


def test_submit_tranche_3_stores_trajectories_and_activities():
    plan = submit_application(examples.load(examples.TRANCHE_3))
    assert plan.tranche_label == "3" and plan.scheme.code == "sectorplannen-2015"
    rows = {m.code: (m.category, m.measure_type, m.activities) for m in plan.measures.all()}
    assert rows["T01"] == (
        "work_other_occupation", "work_other_occupation", ["guidance_placement", "retraining"])
    assert rows["T03"][1] == "work_same_occupation"
    assert PlanPartner.objects.filter(plan=plan).count() == 6


def test_submit_reuses_existing_organisations():
    OrganisationFactory(name="Bond Y", kind="union")
    submit_application(t2())
    assert Organisation.objects.filter(name="Bond Y").count() == 1
    assert Organisation.objects.count() == 3


def test_submit_refuses_an_existing_plan_name():
    submit_application(t2())
    with pytest.raises(ApplicationRefused) as refused:
        submit_application(t2())
    assert [(f.code, f.path) for f in refused.value.findings] == [("plan_exists", "name")]
    assert Plan.objects.count() == 1 and Measure.objects.count() == 1


def test_submit_refuses_an_invalid_document_and_creates_nothing():
    doc = t2()
    doc["partners"].pop(1)
    with pytest.raises(ApplicationRefused) as refused:
        submit_application(doc)
    assert [f.code for f in refused.value.findings] == ["no_union"]
    assert "no_union" not in str(refused.value) and "werknemersorganisatie" in str(refused.value)
    assert (Plan.objects.count(), Organisation.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


def test_submit_accepts_warnings():
    doc = examples.load(examples.TRANCHE_2)
    doc["end_date"] = "2017-06-30"  # work placements may run longer: a warning
    assert submit_application(doc).end_date.year == 2017


# -- the commands ------------------------------------------------------------------------------------


def test_check_json_for_the_formats_example(tmp_path):
    code, out, _ = run("check", write(tmp_path, t2()), "--json")
    assert code == 0
    assert json.loads(out) == {"findings": [], "requested_subsidy_eur": "300000.00", "valid": True}
    code, out, _ = run("check", write(tmp_path, examples.load(examples.FORMATS)), "--json")
    assert code == 0 and [f["code"] for f in json.loads(out)["findings"]] == ["goals_missing"]


def test_check_without_union_exits_1_with_the_finding(tmp_path):
    doc = t2()
    doc["partners"].pop(1)
    code, out, message = run("check", write(tmp_path, doc), "--json")
    assert code == 1 and "afgekeurd" in message
    data = json.loads(out)
    assert data["valid"] is False
    assert data["findings"] == [{
        "code": "no_union", "severity": "error", "path": "partners",
        "message": "Het samenwerkingsverband heeft geen werknemersorganisatie; die is verplicht."}]


def test_check_prints_findings_readably(tmp_path):
    doc = examples.load(examples.TRANCHE_2)
    doc["end_date"] = "2017-06-30"
    code, out, _ = run("check", write(tmp_path, doc))
    assert code == 0
    assert "waarschuwing" in out and "end_date" in out and "duration_too_long" in out
    assert "€ 850.000,00" in out
    doc["measures"][0]["bottlenecks"] = []
    code, out, _ = run("check", write(tmp_path, doc))
    assert code == 1 and "fout" in out and "measures[0].bottlenecks" in out


@pytest.mark.parametrize("action", ["check", "submit"])
def test_unreadable_file_exits_2(tmp_path, action):
    path = tmp_path / "plan.json"
    path.write_text("{not json", encoding="utf-8")
    code, out, message = run(action, path)
    assert code == 2 and out == "" and "geen geldig JSON" in message
    assert run(action, tmp_path / "missing.json")[0] == 2
    assert Plan.objects.count() == 0


def test_submit_command_creates_and_refuses(tmp_path):
    path = write(tmp_path, examples.load(examples.TRANCHE_3))
    code, out, _ = run("submit", path)
    plan = Plan.objects.get()
    assert code == 0 and f"plan {plan.pk}" in out and plan.name in out
    code, out, _ = run("submit", path, "--json")
    assert code == 1 and [f["code"] for f in json.loads(out)["findings"]] == ["plan_exists"]
    doc = t2()
    doc["measures"][0]["other_public_funding"] = [{"source": "ESF", "amount_eur": 1000}]
    code, out, _ = run("submit", write(tmp_path, doc), "--json")
    assert code == 1 and json.loads(out)["findings"][0]["code"] == "double_public_funding"
    assert Plan.objects.count() == 1


def test_submit_command_json_names_the_plan(tmp_path):
    code, out, _ = run("submit", write(tmp_path, t2()), "--json")
    data = json.loads(out)
    assert code == 0 and data["valid"] is True
    assert data["plan"] == {"id": Plan.objects.get().pk, "name": "Sectorplan Voorbeeld"}


@pytest.mark.slow
def test_exit_codes_from_the_real_command_line(tmp_path):
    """The contract as check-contracts sees it: a separate process on a fresh database."""
    exe = Path(sys.executable).with_name("sectorplannen")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    def cli(*args):
        return subprocess.run([str(exe), *map(str, args)], env=env, capture_output=True, text=True,
                              timeout=300)

    assert cli("plans", "check", "--help").returncode == 0
    assert cli("migrate", "--noinput").returncode == 0
    ok = cli("plans", "check", write(tmp_path, t2()), "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["valid"] is True
    doc = t2()
    doc["partners"].pop(1)
    bad = cli("plans", "check", write(tmp_path, doc, "bad.json"))
    assert bad.returncode == 1 and "no_union" in bad.stdout
    unreadable = cli("plans", "check", tmp_path / "missing.json")
    assert unreadable.returncode == 2 and "niet gevonden" in unreadable.stderr
