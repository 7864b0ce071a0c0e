"""Public interface of the simulator: check and store scenarios, replay the plans under them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from sectorplannen.audit.services import record

from .cases import PlanCase
from .compare import DEFAULT_SIZE_BANDS_EUR, Comparison, compare
from .loading import load_cases, scheme_parameters, scheme_rules, tranche_ceilings
from .models import Scenario as StoredScenario
from .models import ScenarioVersion
from .replay import BASELINE, ScenarioRun, baseline_scenario, run_all, run_scenario
from .scenario import InvalidScenario, Problem, Scenario, parse_scenario

__all__ = [
    "BASELINE", "Comparison", "CurrentRules", "InvalidScenario", "Problem", "Scenario", "Simulation",
    "baseline_mismatches", "current_rules", "latest_scenarios", "parse", "save_scenario", "simulate",
    "stored_scenarios",
]


def parse(document) -> Scenario:
    """Check a scenario document against the scheme versions in the database."""
    return parse_scenario(document, scheme_parameters())


def _label(actor) -> str:
    return actor.get_username() if actor is not None else "opdrachtregel"


@transaction.atomic
def save_scenario(document: dict, reason: str, actor=None) -> ScenarioVersion:
    """Store the document as the next version of its scenario (the same document again: the latest)."""
    scenario = parse(document)
    if not reason.strip():
        raise InvalidScenario([Problem("reason", "zeg waarom deze versie wordt gemaakt")])
    stored, _ = StoredScenario.objects.get_or_create(name=scenario.name)
    latest = stored.latest()
    if latest is not None and latest.document == document:
        return latest
    version = ScenarioVersion.objects.create(
        scenario=stored, version=latest.version + 1 if latest else 1, title=scenario.title, document=document,
        reason=reason.strip(), made_by=actor, made_by_label=_label(actor))
    record("scenario_saved", actor=actor, scenario=scenario.name, version=version.version)
    return version


@dataclass(frozen=True)
class Simulation:
    """Every run, each scenario compared with the reference, and how the baseline matches the stored
    settlements (it must, to the cent)."""

    cases: tuple[PlanCase, ...]
    reference: ScenarioRun
    runs: tuple[ScenarioRun, ...]
    comparisons: tuple[Comparison, ...]
    ceilings: dict[str, Decimal | None]
    mismatches: tuple[str, ...]


def baseline_mismatches(cases: list[PlanCase], baseline: ScenarioRun) -> list[str]:
    """Plans whose baseline replay differs from their stored settlement, with the figure that differs."""
    found = []
    for o in baseline.outcomes:
        if o.case.stored is None:
            continue
        for name, stored in o.case.stored.items():
            replayed = str(getattr(o.result, name))
            if replayed != stored:
                found.append(f"{o.case.name}: {name} opgeslagen {stored}, opnieuw berekend {replayed}")
    return found


def simulate(scenarios: list[Scenario], against: Scenario | None = None,
             cases: list[PlanCase] | None = None) -> Simulation:
    """Replay the plans (default: all in the database) under the baseline and each scenario."""
    cases = load_cases() if cases is None else cases
    ceilings = tranche_ceilings({c.tranche for c in cases})
    baseline = run_scenario(cases, baseline_scenario(scheme_rules()))
    reference = baseline if against is None else run_scenario(cases, against, ceilings=ceilings, baseline=baseline)
    runs = run_all(cases, scenarios, ceilings, baseline)
    comparisons = tuple(compare(run, reference, ceilings, run.scenario.size_bands_eur or DEFAULT_SIZE_BANDS_EUR)
                        for run in runs)
    return Simulation(tuple(cases), reference, tuple(runs), comparisons, ceilings,
                      tuple(baseline_mismatches(cases, baseline)))


@dataclass(frozen=True)
class CurrentRules:
    """The current scheme as a starting point for a new scenario: each measure type's rate and label,
    and the overhead and threshold rules of the latest scheme version."""

    rates: dict[str, tuple[str, Decimal]]
    tiers: tuple
    fixed_eur: Decimal
    overhead_subsidy_rate: Decimal
    participant_level: str
    participant_min_ratio: Decimal
    cost_min_ratio: Decimal
    cost_consequence: str


def current_rules() -> CurrentRules:
    rules = scheme_rules()
    latest = rules[max(rules)] if rules else None
    rates: dict[str, tuple[str, Decimal]] = {}
    for code in sorted(rules, reverse=True):
        for t in (*rules[code].measure_types.values(), *rules[code].settled_types.values()):
            rates.setdefault(t.code, (t.label, t.rate))
    return CurrentRules(
        rates=dict(sorted(rates.items(), key=lambda kv: kv[1][0])), tiers=latest.overhead_tiers(),
        fixed_eur=latest.overhead_fixed_eur, overhead_subsidy_rate=latest.overhead_subsidy_rate,
        participant_level=latest.participant_threshold.level,
        participant_min_ratio=latest.participant_threshold.min_ratio,
        cost_min_ratio=latest.cost_threshold.min_ratio, cost_consequence=latest.cost_threshold.consequence)


def stored_scenarios() -> list[ScenarioVersion]:
    """The latest version of every stored scenario."""
    latest: dict[int, ScenarioVersion] = {}
    for v in ScenarioVersion.objects.select_related("scenario", "made_by").order_by("scenario__name", "version"):
        latest[v.scenario_id] = v
    return list(latest.values())


def latest_scenarios(names: list[str]) -> list[Scenario]:
    """The latest stored version of each named scenario, checked against today's scheme versions."""
    by_name = {v.scenario.name: v for v in stored_scenarios()}
    return [parse(by_name[n].document) for n in names if n in by_name]
