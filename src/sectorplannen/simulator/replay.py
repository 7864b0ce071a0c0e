"""Replay: settle every plan under a scenario with the same engine as real settlements.

The replay changes only the rules, never what the plans did (participants, costs, advances are as
declared); a run with ``assume=True`` also applies the scenario's behavioural assumption and is
labelled as such. Pure: plan cases in, outcomes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sectorplannen.finance.settlement import settle
from sectorplannen.schemes.rules import SchemeRules

from .adjust import adjusted_input
from .cases import PlanCase, PlanOutcome
from .reallocation import reallocate
from .scenario import Scenario

BASELINE = "baseline"


@dataclass(frozen=True)
class ScenarioRun:
    name: str
    title: str
    assumption: bool  # True: behaviour assumed (the scenario's assumptions applied), not only rules
    outcomes: tuple[PlanOutcome, ...]
    scenario: Scenario | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"{self.name}+aanname" if self.assumption else self.name

    def by_key(self) -> dict[str, PlanOutcome]:
        return {o.case.key: o for o in self.outcomes}


def baseline_scenario(rules: dict[str, SchemeRules]) -> Scenario:
    """The rules as they are: each plan under its own scheme version, nothing around the engine."""
    return Scenario(name=BASELINE, title="Huidige regels", reason="", document={}, rules=rules)


def run_scenario(cases: list[PlanCase], scenario: Scenario, *, assume: bool = False,
                 ceilings: dict[str, Decimal | None] | None = None,
                 baseline: ScenarioRun | None = None) -> ScenarioRun:
    """Settle every case under ``scenario``; reallocation (if the scenario has it) needs ``ceilings``.

    With ``baseline``, a plan whose rules and input are the baseline's takes the baseline's result
    (the engine is pure, so settling it again would give the same result)."""
    known = baseline.by_key() if baseline is not None else {}
    base_rules = baseline.scenario.rules if baseline is not None and baseline.scenario is not None else {}
    same_rules = {code: base_rules.get(code) == rules for code, rules in scenario.rules.items()}
    outcomes = []
    for case in cases:
        rules = scenario.rules[case.scheme]
        inp, why = adjusted_input(case.input, rules, scenario, assume=assume)
        earlier = known.get(case.key)
        if earlier is not None and same_rules[case.scheme] and inp == earlier.settled_input:
            result = earlier.result
        else:
            result = settle(inp, rules)
        outcomes.append(PlanOutcome(case, result, why, settled_input=inp))
    if scenario.reallocation is not None:
        outcomes = reallocate(outcomes, scenario, ceilings or {})
    return ScenarioRun(scenario.name, scenario.title, assume, tuple(outcomes), scenario)


def run_all(cases: list[PlanCase], scenarios: list[Scenario], ceilings: dict[str, Decimal | None],
            baseline: ScenarioRun | None = None) -> list[ScenarioRun]:
    """Each scenario on the rules alone, and once more with its assumptions if it states any."""
    runs = []
    for scenario in scenarios:
        runs.append(run_scenario(cases, scenario, ceilings=ceilings, baseline=baseline))
        if scenario.has_assumptions:
            runs.append(run_scenario(cases, scenario, assume=True, ceilings=ceilings, baseline=baseline))
    return runs
