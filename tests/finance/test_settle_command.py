"""``sectorplannen settle FILE.json`` (formats.md §7): JSON out, Dutch problems with paths, exit codes."""

import copy
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from sectorplannen.finance.services import InvalidSettlementDocument, calculate_settlement

pytestmark = pytest.mark.django_db

# The case of shared/tools/check-contracts (the worked example of scheme-rules.md).
CONTRACT_CASE = {"scheme": "sectorplannen-2015", "max_subsidy_eur": None, "advances_paid_eur": 0, "measures": [
    {"code": "mobility", "type": "job_placement", "planned_participants": 100, "realised_participants": 100,
     "planned_costs_eur": 145000, "eligible_costs_eur": 145000},
    {"code": "training", "type": "general_training", "planned_participants": 95, "realised_participants": 95,
     "planned_costs_eur": 1735000, "eligible_costs_eur": 1735000},
    {"code": "work_placements", "type": "work_placement", "planned_participants": 3400,
     "realised_participants": 3400, "planned_costs_eur": 83250000, "eligible_costs_eur": 83250000},
    {"code": "other", "type": "research", "planned_costs_eur": 566000, "eligible_costs_eur": 566000}]}
KEYS = {"measures", "eligible_costs_eur", "overhead_eur", "overhead_subsidy_eur", "measure_subsidy_eur", "cap_applied",
        "cost_threshold_met", "determined_subsidy_eur", "advances_paid_eur", "balance_eur", "explanation"}


def run(tmp_path, content: str | bytes, capsys):
    f = tmp_path / "in.json"
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    try:
        call_command("settle", str(f))
        code = 0
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_contract_case_gives_the_worked_example(tmp_path, capsys):
    code, out, err = run(tmp_path, json.dumps(CONTRACT_CASE), capsys)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= KEYS
    assert f"{float(data['determined_subsidy_eur']):.2f}" == "18641480.00"
    assert data["overhead_eur"] == "1536960.00" and data["total_costs_including_overhead_eur"] == "87232960.00"
    assert [m["status"] for m in data["measures"]] == ["ok"] * 4
    # the 2015 version also settles the tranche 1–2 types (data: also_settles_categories)
    assert any("20 %" in t and "work_placements" in t for t in data["explanation"])


def test_decimal_input_is_kept_exact(tmp_path, capsys):
    case = copy.deepcopy(CONTRACT_CASE)
    case["measures"] = [{"code": "A", "type": "ww_to_work", "planned_costs_eur": "0.01", "eligible_costs_eur": 0.01}]
    code, out, _ = run(tmp_path, json.dumps(case), capsys)
    data = json.loads(out)
    assert code == 0 and data["measures"][0]["subsidy_eur"] == "0.01"  # 0.005 half-up


@pytest.mark.parametrize(("change", "path", "words"), [
    (lambda d: d.pop("scheme"), "scheme", "ontbreekt"),
    (lambda d: d.update(scheme="regeling-x"), "scheme", "onbekende regeling"),
    (lambda d: d.pop("max_subsidy_eur"), "max_subsidy_eur", "ontbreekt"),
    (lambda d: d.update(advances_paid_eur=-1), "advances_paid_eur", "negatief"),
    (lambda d: d.update(advances_paid_eur="veel"), "advances_paid_eur", "geen bedrag"),
    (lambda d: d.update(measures=[]), "measures", "minstens één"),
    (lambda d: d["measures"][1].update(type="onbekend"), "measures[1].type", "onbekend maatregeltype"),
    (lambda d: d["measures"][2].pop("eligible_costs_eur"), "measures[2].eligible_costs_eur", "ontbreekt"),
    (lambda d: d["measures"][0].update(planned_costs_eur=True), "measures[0].planned_costs_eur", "geen bedrag"),
    (lambda d: d["measures"][0].update(eligible_costs_eur=1.001), "measures[0].eligible_costs_eur", "decimalen"),
    (lambda d: d["measures"][0].update(realised_participants=-3), "measures[0].realised_participants", "negatief"),
    (lambda d: d["measures"][0].pop("realised_participants"), "measures[0].realised_participants", "verplicht"),
    (lambda d: d["measures"][0].update(planned_participants="veel"), "measures[0].planned_participants", "geheel"),
    (lambda d: d["measures"][3].update(code="mobility"), "measures[3].code", "komt al voor"),
    (lambda d: d.update(settled_on="31-02-2019"), "settled_on", "geen datum"),
])
def test_each_problem_is_reported_with_its_path(tmp_path, capsys, change, path, words):
    doc = copy.deepcopy(CONTRACT_CASE)
    change(doc)
    code, out, err = run(tmp_path, json.dumps(doc), capsys)
    assert code == 1 and out == ""
    assert any(line.startswith(f"- {path}: ") and words in line for line in err.splitlines()), err
    assert "Traceback" not in err


def test_all_problems_at_once(tmp_path, capsys):
    doc = copy.deepcopy(CONTRACT_CASE)
    doc["advances_paid_eur"] = -1
    doc["measures"][0]["type"] = "x"
    doc["measures"][1]["eligible_costs_eur"] = "abc"
    code, _, err = run(tmp_path, json.dumps(doc), capsys)
    assert code == 1 and err.count("\n- ") == 3


@pytest.mark.parametrize("content", [b"[1, 2]", b"42"])
def test_not_a_settlement_document_is_exit_1(tmp_path, capsys, content):
    code, out, err = run(tmp_path, content, capsys)
    assert code == 1 and out == "" and "afgekeurd" in err


@pytest.mark.parametrize("content", [b"{\"scheme\": ", b"\xff\xfe not utf-8", b""])
def test_malformed_or_empty_json_is_exit_2(tmp_path, capsys, content):
    """formats.md: 2 = unreadable input (more cases in tests/security/test_json_input.py)."""
    code, out, err = run(tmp_path, content, capsys)
    assert code == 2 and out == "" and "onbruikbaar" in err


def test_unreadable_file_is_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("settle", str(tmp_path / "bestaat-niet.json"))
    assert exc.value.code == 2
    assert "bestaat niet" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        call_command("settle", str(tmp_path))
    assert exc.value.code == 2


def test_calculator_service_raises_with_problems():
    with pytest.raises(InvalidSettlementDocument) as exc:
        calculate_settlement({"scheme": "sectorplannen-2013"})
    assert {p.path for p in exc.value.problems} == {"max_subsidy_eur", "advances_paid_eur", "measures"}


def test_settled_on_picks_the_overhead_tiers():
    doc = copy.deepcopy(CONTRACT_CASE)
    doc["scheme"] = "sectorplannen-2013"
    assert calculate_settlement({**doc, "settled_on": "2014-12-31"}).overhead_eur == Decimal("956960.00")
    assert calculate_settlement({**doc, "settled_on": "01-01-2015"}).overhead_eur == Decimal("1536960.00")
