"""The replay on demo-like data: the reference plans imported, advances paid and settled as in the demo.

Whatever reference plans import are replayed (the test never counts on a particular tranche)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from sectorplannen.common.models import ImmutableError
from sectorplannen.finance.models import Settlement, SettlementLine
from sectorplannen.finance.services import settle_plan
from sectorplannen.plans.models import Plan
from sectorplannen.simulator import services
from sectorplannen.simulator.models import ScenarioVersion

from ..finance.factories import declared_plan
from .helpers import EXAMPLES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settled_reference")]


def examples():
    return [services.parse(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(EXAMPLES.glob("*.json"))]


def test_the_baseline_reproduces_every_stored_settlement_to_the_cent():
    sim = services.simulate([])
    settled = Settlement.objects.values("plan_id").distinct().count()
    assert settled == Plan.objects.filter(is_reference=True).count() > 0
    assert len(sim.cases) == settled and all(c.stored is not None for c in sim.cases)
    assert sim.mismatches == ()
    baseline = sim.reference.by_key()
    lines = SettlementLine.objects.select_related("settlement", "measure")
    for line in lines:
        replayed = {m.code: m for m in baseline[str(line.settlement.plan_id)].result.measures}[line.measure.code]
        assert (replayed.subsidy_eur, replayed.status) == (line.subsidy_eur, line.status)
    for s in Settlement.objects.all():
        r = baseline[str(s.plan_id)].result
        assert (r.determined_subsidy_eur, r.overhead_eur, r.balance_eur) == (
            s.determined_subsidy_eur, s.overhead_eur, s.balance_eur)
        assert [line.text for line in r.explanation] == [e["text"] for e in s.explanation]


def test_a_declared_reference_plan_without_settlement_is_replayed_from_its_decision():
    plan = declared_plan("Nog niet vastgesteld")
    Plan.objects.filter(pk=plan.pk).update(is_reference=True)
    before = services.simulate([]).reference.by_key()[str(plan.pk)].result.determined_subsidy_eur
    settlement = settle_plan(plan, dt.date(2019, 6, 1))
    assert before == settlement.determined_subsidy_eur
    sim = services.simulate([])
    assert sim.mismatches == () and sim.reference.by_key()[str(plan.pk)].case.stored is not None


def test_every_example_adds_up_by_plan_group_and_tranche():
    sim = services.simulate(examples())
    assert len(sim.comparisons) == len(examples()) + sum(s.has_assumptions for s in examples())
    for c in sim.comparisons:
        total = c.total("difference_eur")
        assert total == c.total("scenario_eur") - c.total("reference_eur")
        for dim in ("tranche", "kind", "sector", "size"):
            rows = [g for g in c.groups if g.dimension == dim]
            assert sum((g.difference_eur for g in rows), D(0)) == total
            assert sum(g.plans for g in rows) == len(c.plans)
        assert sum((r.scenario_eur for r in c.ceilings), D(0)) == c.total("scenario_eur")
        for p in c.plans:
            assert bool(p.reasons) == (p.difference_eur != 0), (c.label, p.name)


def test_scenarios_are_stored_as_immutable_versions_with_who_and_why(django_user_model):
    user = django_user_model.objects.create_user("beleid")
    document = json.loads((EXAMPLES / "vast-deel-overhead.json").read_text(encoding="utf-8"))
    v1 = services.save_scenario(document, "eerste versie", user)
    assert services.save_scenario(document, "nog eens", user) == v1  # the same document: no new version
    document["changes"]["overhead"]["fixed_eur"] = "60000"
    v2 = services.save_scenario(document, "vast deel hoger", user)
    assert (v1.version, v2.version, v2.made_by, v2.reason) == (1, 2, user, "vast deel hoger")
    assert ScenarioVersion.objects.get(pk=v1.pk).document["changes"]["overhead"]["fixed_eur"] == "50000"
    v1.reason = "anders"
    with pytest.raises(ImmutableError):
        v1.save()
    with pytest.raises(services.InvalidScenario, match="reason"):
        services.save_scenario(document | {"name": "ander"}, "  ")
    with pytest.raises(services.InvalidScenario, match="changes.cap"):
        services.save_scenario(document | {"changes": {"cap": "?"}}, "fout")


def run(capsys, *args):
    try:
        call_command("simulate", *args)
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_command_writes_csv_xlsx_and_html(capsys, tmp_path):
    files = [str(p) for p in sorted(EXAMPLES.glob("*.json"))]
    code, out, err = run(capsys, *files, "--out", str(tmp_path / "uit"))
    assert code == 0, err
    assert "Alleen de regels veranderen" in out and "Afwijking" not in err
    out_dir = tmp_path / "uit"
    with (out_dir / "plannen.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["basis"] for r in rows} == {"rules_only", "assumption"}
    assert len({r["plan"] for r in rows}) == Plan.objects.filter(is_reference=True).count()
    with (out_dir / "totalen.csv").open(encoding="utf-8") as fh:
        totals = {r["scenario"]: r for r in csv.DictReader(fh)}
    assert totals["standaardprijs-als-plafond+aanname"]["basis"] == "assumption"
    book = openpyxl.load_workbook(out_dir / "simulatie.xlsx")
    assert book.sheetnames[0] == "Toelichting"
    assert "gedrag is niet aangenomen" in book["Toelichting"]["A1"].value
    assert book["Totalen per scenario"].max_row == len(totals) + 2
    html = (out_dir / "simulatie.html").read_text(encoding="utf-8")
    assert "gedrag is niet aangenomen" in html and html.count("data:image/png;base64,") == 2 * len(totals) + 1
    assert "tot op de cent terug" in html


def test_command_against_another_scenario(capsys, tmp_path):
    code, out, err = run(capsys, str(EXAMPLES / "anticyclisch-een-budget.json"), "--against",
                         str(EXAMPLES / "geld-verschuiven-tussen-plannen.json"), "--out", str(tmp_path))
    assert code == 0, err
    with (tmp_path / "totalen.csv").open(encoding="utf-8") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["against"] == "geld-verschuiven-tussen-plannen"
    assert D(row["difference_eur"]) == 0  # reference plans of one tranche group: one pool either way


@pytest.mark.parametrize("content, code, message", [
    (None, 2, "kan {file} niet lezen: het bestand bestaat niet."),
    (b"{niet json", 1, "{file}: (document): geen geldige JSON (regel 1, kolom 2)"),
    (b'{"name": "x", "changes": {"rates": {"evc": "2"}}}', 1, "- {file}: changes.rates.evc: moet tussen 0 en 1"),
])
def test_command_refuses_bad_input_without_traceback(capsys, tmp_path, content, code, message):
    file = tmp_path / "scenario.json"
    if content is not None:
        file.write_bytes(content)
    got, out, err = run(capsys, str(file), "--out", str(tmp_path / "uit"))
    assert got == code and message.format(file=file) in err and "Traceback" not in err
    assert not (tmp_path / "uit").exists()


def test_command_refuses_an_out_path_that_is_a_file(capsys, tmp_path):
    target = tmp_path / "bestand"
    target.write_text("x")
    code, _, err = run(capsys, str(EXAMPLES / "vast-deel-overhead.json"), "--out", str(target))
    assert code == 2 and "dit is een bestand, geen map" in err
    assert Path(target).read_text() == "x"


def test_command_saves_the_scenarios_as_versions(capsys, tmp_path):
    file = str(EXAMPLES / "vast-deel-overhead.json")
    code, out, err = run(capsys, file, "--out", str(tmp_path), "--save", "voorbeeld les 13")
    assert code == 0, err
    version = ScenarioVersion.objects.get(scenario__name="vast-deel-overhead")
    assert (version.version, version.reason, version.made_by_label) == (1, "voorbeeld les 13", "opdrachtregel")
    assert "Opgeslagen: vast-deel-overhead v1" in out
    assert run(capsys, file, "--out", str(tmp_path), "--save", "nog eens")[0] == 0
    assert ScenarioVersion.objects.filter(scenario__name="vast-deel-overhead").count() == 1


def test_reusing_the_baseline_result_changes_no_figure():
    """A plan whose rules and input are the baseline's takes the baseline's result instead of settling again."""
    from sectorplannen.simulator.loading import load_cases, tranche_ceilings
    from sectorplannen.simulator.replay import run_scenario

    cases = load_cases()
    ceilings = tranche_ceilings({c.tranche for c in cases})
    baseline = services.simulate([], cases=cases).reference
    for scenario in examples():
        plain = run_scenario(cases, scenario, ceilings=ceilings)
        reused = run_scenario(cases, scenario, ceilings=ceilings, baseline=baseline)
        assert [o.result for o in plain.outcomes] == [o.result for o in reused.outcomes], scenario.name
    reused = run_scenario(cases, examples()[0], ceilings=ceilings, baseline=baseline)
    assert any(o.result is baseline.by_key()[o.case.key].result for o in reused.outcomes)
