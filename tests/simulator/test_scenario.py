"""A scenario is checked like a scheme version: every problem with its path; the variant parses as one."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest

from sectorplannen.finance.settlement import settle
from sectorplannen.schemes.builtin import SCHEMES
from sectorplannen.schemes.rules import RulesError, SchemeRules
from sectorplannen.simulator.scenario import InvalidScenario, parse_scenario

from .helpers import case, measure


def problems(document) -> list[str]:
    with pytest.raises(InvalidScenario) as exc:
        parse_scenario(document, SCHEMES)
    return [str(p) for p in exc.value.problems]


def test_changes_are_written_into_each_scheme_version():
    s = parse_scenario({"name": "x", "changes": {
        "rates": {"work_placement": "0.30"}, "overhead": {"fixed_eur": "25000", "subsidy_rate": "0.60"},
        "participant_threshold": {"level": "plan"}, "cost_threshold": {"consequence": "proportional"}}}, SCHEMES)
    for code in SCHEMES:
        rules = s.rules[code]
        assert rules.rate_for("work_placement") == D("0.30")
        assert rules.overhead_fixed_eur == D("25000") and rules.overhead_subsidy_rate == D("0.60")
        assert rules.participant_threshold.level == "plan" and rules.cost_threshold.consequence == "proportional"
    assert SCHEMES["sectorplannen-2013"]["overhead"].get("fixed_eur") is None  # the built-in stays as it was


def test_applies_to_limits_the_versions_changed():
    s = parse_scenario({"name": "x", "applies_to": ["sectorplannen-2015"],
                        "changes": {"rates": {"ww_to_work": "0.75"}}}, SCHEMES)
    assert s.rules["sectorplannen-2015"].rate_for("ww_to_work") == D("0.75")
    assert s.rules["sectorplannen-2013"].rate_for("general_training") == D("0.50")


@pytest.mark.parametrize("document, expected", [
    ([], "(document): verwacht een JSON-object"),
    ({"changes": {}}, "name: verplicht"),
    ({"name": "Met Spaties"}, "name: verplicht"),
    ({"name": "x", "colour": 1}, "colour: onbekend veld"),
    ({"name": "x", "changes": {"rates": {"no_such_type": "0.5"}}},
     "changes.rates.no_such_type: onbekende maatregelsoort"),
    ({"name": "x", "changes": {"rates": {"evc": "1.5"}}}, "changes.rates.evc: moet tussen 0 en 1 liggen"),
    ({"name": "x", "changes": {"rates": {"evc": 0.5}}}, "changes.rates.evc: verwacht een getal als tekst"),
    ({"name": "x", "changes": {"overhead": {"fixed_eur": "-1"}}}, "changes.overhead.fixed_eur: moet minstens 0"),
    ({"name": "x", "changes": {"overhead": {"fixed_eur": "1.234"}}}, "changes.overhead.fixed_eur: hoogstens twee"),
    ({"name": "x", "changes": {"overhead": {"tiers": [{"up_to": "5", "rate": "0.1"}]}}},
     "changes: de regeling sectorplannen-2013 met deze wijzigingen is ongeldig: overhead tiers must rise"),
    ({"name": "x", "changes": {"participant_threshold": {"level": "sector"}}},
     "changes: de regeling sectorplannen-2013 met deze wijzigingen is ongeldig: scheme sectorplannen-2013: "
     "participant_threshold.level"),
    ({"name": "x", "changes": {"cost_threshold": {"min": "0.5"}}}, "changes.cost_threshold.min: onbekend veld"),
    ({"name": "x", "changes": {"cost_threshold": {"level": "sector"}}}, "changes.cost_threshold.level: verwacht"),
    ({"name": "x", "changes": {"cost_threshold": {"level": "measure", "consequence": "proportional"}}},
     "changes.cost_threshold.consequence: per maatregel kan alleen nil"),
    ({"name": "x", "changes": {"cap": "sometimes"}}, "changes.cap: verwacht een van decision, recomputed, none"),
    ({"name": "x", "changes": {"standard_costs": {"evc": {"amount_eur": "100", "mode": "maybe"}}}},
     "changes.standard_costs.evc.mode: verwacht replace of cap"),
    ({"name": "x", "changes": {"standard_costs": {"evc": {"amount_eur": "100"}}},
      "assumptions": {"standard_cost_convergence": "0.5"}}, "assumptions.standard_cost_convergence: werkt alleen"),
    ({"name": "x", "changes": {"preparation_share": "1"}}, "changes.preparation_share: moet tussen 0 en 0.99"),
    ({"name": "x", "changes": {"reallocation": {"scope": "sector"}}}, "changes.reallocation.scope: verwacht"),
    ({"name": "x", "applies_to": ["sectorplannen-2099"]}, "applies_to[0]: onbekende regeling"),
    ({"name": "x", "report": {"size_bands_eur": ["5", "1"]}}, "report.size_bands_eur: de grenzen moeten oplopen"),
])
def test_problems_name_their_path(document, expected):
    found = problems(document)
    assert any(p.startswith(expected) for p in found), found


def test_all_problems_at_once():
    found = problems({"name": "x", "changes": {"rates": {"evc": "2"}, "cap": "?", "preparation_share": "x"}})
    assert len(found) == 3


def test_fixed_overhead_absent_or_zero_changes_nothing():
    """The engine's new parameter: absent (the built-in versions) and 0 give the very same result."""
    params = copy.deepcopy(SCHEMES["sectorplannen-2013"])
    plain = SchemeRules.from_parameters("sectorplannen-2013", params)
    params["overhead"]["fixed_eur"] = "0"
    zero = SchemeRules.from_parameters("sectorplannen-2013", params)
    inp = case(measure(planned="3000000", eligible="2500000"), measure("M2", "work_placement", 10, 3),
               max_subsidy="1400000").input
    assert settle(inp, plain) == settle(inp, zero)
    assert all(line.rule != "overhead_fixed" for line in settle(inp, plain).explanation)


def test_fixed_overhead_is_added_to_the_tiers_and_only_with_a_subsidised_measure():
    params = copy.deepcopy(SCHEMES["sectorplannen-2013"])
    params["overhead"]["fixed_eur"] = "40000"
    rules = SchemeRules.from_parameters("sectorplannen-2013", params)
    r = settle(case(measure(planned="200000", eligible="200000")).input, rules)
    assert r.overhead_eur == D("70000.00")  # 15 % × 200,000 + 40,000
    assert r.overhead_subsidy_eur == D("35000.00") and r.determined_subsidy_eur == D("135000.00")
    nothing = settle(case(measure(realised_p=10)).input, rules)  # below the participant threshold
    assert nothing.overhead_eur == D("0.00")
    params["overhead"]["fixed_eur"] = "-5"
    with pytest.raises(RulesError, match="overhead.fixed_eur"):
        SchemeRules.from_parameters("sectorplannen-2013", params)
