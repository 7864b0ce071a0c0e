"""A scenario: a named set of changes to the scheme's parameters, checked like a scheme version.

The document (docs/simulator.md) has two parts. ``changes`` are the scheme parameters the real
settlement engine applies (rates, overhead tiers and fixed part, thresholds): they are written into
a copy of each scheme version's parameters and that copy must itself parse as a scheme version
(``SchemeRules.from_parameters``). The rules beyond a settlement (cap basis, standard cost per
participant, a preparation share, reallocation between plans) and the behavioural ``assumptions``
are applied by the simulator around the engine (see ``adjust.py`` and ``reallocation.py``).
Pure: dicts in, frozen values out, every problem named by its path in the document.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sectorplannen.schemes.rules import RulesError, SchemeRules

FORMAT = "sectorplannen-scenario/1"
MEASURE_COST_RATIO = "simulator_measure_cost_threshold"  # carried from the patch to the Scenario, then removed
CAP_BASES = ("decision", "recomputed", "none")
STANDARD_COST_MODES = ("replace", "cap")
REALLOCATION_SCOPES = ("tranche", "all")
REALLOCATION_ORDERS = ("largest_shortfall_first", "smallest_shortfall_first", "name")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
_TOP_KEYS = {"format", "name", "title", "reason", "applies_to", "changes", "assumptions", "report"}
_CHANGE_KEYS = {"rates", "overhead", "participant_threshold", "cost_threshold", "cap", "standard_costs",
                "preparation_share", "reallocation"}


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidScenario(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class StandardCost:
    amount_eur: Decimal  # per participant
    mode: str  # "replace": recognised costs = standard × participants; "cap": at most that


@dataclass(frozen=True)
class Reallocation:
    scope: str  # "tranche": within each tranche; "all": one pool over all tranches
    order: str


@dataclass(frozen=True)
class Scenario:
    """A checked scenario; ``rules`` holds the variant rules per scheme version code."""

    name: str
    title: str
    reason: str
    document: dict
    rules: dict[str, SchemeRules]
    cap_basis: str = "decision"
    standard_costs: dict[str, StandardCost] = field(default_factory=dict)
    preparation_share: Decimal = Decimal("0")
    reallocation: Reallocation | None = None
    cost_convergence: Decimal | None = None  # assumption: realised costs move to the standard by this share
    size_bands_eur: tuple[Decimal, ...] = ()
    measure_cost_ratios: dict[str, Decimal] = field(default_factory=dict)  # scheme code → minimum, per measure

    @property
    def has_assumptions(self) -> bool:
        return self.cost_convergence is not None


def parse_scenario(document: Any, base: dict[str, dict]) -> Scenario:
    """Check ``document`` against the scheme versions ``base`` (code → parameters); raises
    ``InvalidScenario`` with every problem found."""
    problems: list[Problem] = []
    if not isinstance(document, dict):
        raise InvalidScenario([Problem("(document)", "verwacht een JSON-object")])
    for key in sorted(set(document) - _TOP_KEYS):
        problems.append(Problem(key, "onbekend veld"))
    if document.get("format", FORMAT) != FORMAT:
        problems.append(Problem("format", f"verwacht {FORMAT!r}"))
    name = document.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        problems.append(Problem("name", "verplicht: kleine letters, cijfers en streepjes (hoogstens 60)"))
    title = document.get("title", name)
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem("title", "verwacht een tekst"))
    reason = document.get("reason", "")
    if not isinstance(reason, str):
        problems.append(Problem("reason", "verwacht een tekst"))
    codes = _applies_to(document, base, problems)
    changes = document.get("changes", {})
    if not isinstance(changes, dict):
        problems.append(Problem("changes", "verwacht een JSON-object"))
        changes = {}
    for key in sorted(set(changes) - _CHANGE_KEYS):
        problems.append(Problem(f"changes.{key}", "onbekende wijziging"))
    measure_ratios: dict[str, Decimal] = {}
    variants = _variant_rules(changes, base, codes, problems, measure_ratios)
    extra = _beyond_scheme(changes, variants, problems)
    convergence = _assumptions(document.get("assumptions", {}), extra, problems)
    bands = _size_bands(document.get("report", {}), problems)
    if problems:
        raise InvalidScenario(problems)
    return Scenario(name=name, title=title.strip(), reason=reason.strip(), document=document, rules=variants,
                    cost_convergence=convergence, size_bands_eur=bands, measure_cost_ratios=measure_ratios, **extra)


def _applies_to(document: dict, base: dict[str, dict], problems: list[Problem]) -> list[str]:
    codes = document.get("applies_to", sorted(base))
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        problems.append(Problem("applies_to", "verwacht een lijst met codes van regelingsversies"))
        return []
    for i, code in enumerate(codes):
        if code not in base:
            problems.append(Problem(f"applies_to[{i}]", f"onbekende regeling {code!r} (bekend: {', '.join(base)})"))
    return [c for c in codes if c in base]


def _dec(value: Any, path: str, problems: list[Problem], *, low=Decimal(0), high: Decimal | None = None,
         cents: bool = False) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        problems.append(Problem(path, f"verwacht een getal als tekst, bijvoorbeeld \"0.50\" (gekregen: {value!r})"))
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        problems.append(Problem(path, f"geen getal ({value!r})"))
        return None
    if not number.is_finite() or number < low or (high is not None and number > high):
        bound = f"tussen {low} en {high}" if high is not None else f"minstens {low}"
        problems.append(Problem(path, f"moet {bound} liggen ({value})"))
        return None
    if cents and number != number.quantize(Decimal("0.01")):
        problems.append(Problem(path, f"hoogstens twee decimalen ({value})"))
        return None
    return number


def _variant_rules(changes: dict, base: dict[str, dict], codes: list[str], problems: list[Problem],
                   measure_ratios: dict[str, Decimal]) -> dict[str, SchemeRules]:
    """Write the scheme changes into a copy of every scheme version and parse it as a scheme version."""
    patched = {code: copy.deepcopy(params) for code, params in base.items()}
    before = len(problems)
    rates = changes.get("rates", {})
    if not isinstance(rates, dict):
        problems.append(Problem("changes.rates", "verwacht een object: maatregelsoort → tarief"))
        rates = {}
    for measure_type, rate in rates.items():
        value = _dec(rate, f"changes.rates.{measure_type}", problems, high=Decimal(1))
        found = False
        for code in codes:
            for section in ("categories", "also_settles_categories"):
                for category in patched[code].get(section, {}).values():
                    if measure_type in category.get("types", {}):
                        category["types"][measure_type]["rate"] = str(value)
                        found = True
        if not found:
            problems.append(Problem(f"changes.rates.{measure_type}", "onbekende maatregelsoort in deze regelingen"))
    _overhead_changes(changes.get("overhead", {}), patched, codes, problems)
    for key, fields in (("participant_threshold", ("level", "min_ratio")),
                        ("cost_threshold", ("level", "min_ratio", "consequence"))):
        change = changes.get(key, {})
        if not isinstance(change, dict):
            problems.append(Problem(f"changes.{key}", "verwacht een JSON-object"))
            continue
        for sub in sorted(set(change) - set(fields)):
            problems.append(Problem(f"changes.{key}.{sub}", "onbekend veld"))
        if "min_ratio" in change:
            _dec(change["min_ratio"], f"changes.{key}.min_ratio", problems, high=Decimal(1))
        for code in codes:
            patched[code][key].update({k: str(v) for k, v in change.items() if k in fields})
    _measure_cost_threshold(changes.get("cost_threshold", {}), patched, codes, problems)
    if len(problems) > before:
        return {}
    variants = {}
    for code, params in patched.items():
        ratio = params.pop(MEASURE_COST_RATIO, None)
        if ratio is not None:
            measure_ratios[code] = Decimal(ratio)
        try:
            variants[code] = SchemeRules.from_parameters(code, params)
        except RulesError as exc:
            problems.append(Problem("changes", f"de regeling {code} met deze wijzigingen is ongeldig: {exc}"))
    return variants


def _measure_cost_threshold(change: Any, patched: dict[str, dict], codes: list[str], problems: list[Problem]) -> None:
    """The engine judges costs on the plan total; at ``measure`` level the simulator judges each measure
    (``adjust.py``) and the engine's plan-level check is switched off (minimum 0) for that variant."""
    if not isinstance(change, dict) or change.get("level", "plan") == "plan":
        for code in codes:
            patched[code]["cost_threshold"].pop("level", None)
        return
    if change["level"] != "measure":
        problems.append(Problem("changes.cost_threshold.level", "verwacht plan of measure"))
        return
    if change.get("consequence", "nil") != "nil":
        problems.append(Problem("changes.cost_threshold.consequence",
                                "per maatregel kan alleen nil (naar rato is per maatregel al het tarief × kosten)"))
    for code in codes:
        ct = patched[code]["cost_threshold"]
        ct.pop("level")
        patched[code][MEASURE_COST_RATIO] = ct["min_ratio"]
        ct.update(min_ratio="0", consequence="nil")


def _overhead_changes(change: Any, patched: dict[str, dict], codes: list[str], problems: list[Problem]) -> None:
    if not isinstance(change, dict):
        problems.append(Problem("changes.overhead", "verwacht een JSON-object"))
        return
    for sub in sorted(set(change) - {"tiers", "fixed_eur", "subsidy_rate"}):
        problems.append(Problem(f"changes.overhead.{sub}", "onbekend veld"))
    if "fixed_eur" in change:
        fixed = _dec(change["fixed_eur"], "changes.overhead.fixed_eur", problems, cents=True)
        for code in codes:
            patched[code]["overhead"]["fixed_eur"] = str(fixed)
    if "subsidy_rate" in change:
        rate = _dec(change["subsidy_rate"], "changes.overhead.subsidy_rate", problems, high=Decimal(1))
        for code in codes:
            patched[code]["overhead"]["subsidy_rate"] = str(rate)
    if "tiers" in change:
        tiers = change["tiers"]
        if not isinstance(tiers, list) or not tiers or not all(isinstance(t, dict) for t in tiers):
            problems.append(Problem("changes.overhead.tiers", "verwacht een lijst met schijven {up_to, rate}"))
            return
        for i, tier in enumerate(tiers):
            _dec(tier.get("rate"), f"changes.overhead.tiers[{i}].rate", problems, high=Decimal(1))
            if tier.get("up_to") is not None:
                _dec(tier["up_to"], f"changes.overhead.tiers[{i}].up_to", problems, cents=True)
        # One schedule replaces the effective-dated ones: the scenario's tiers apply whatever the settlement date.
        for code in codes:
            first = min(s["effective_from"] for s in patched[code]["overhead"]["schedules"])
            patched[code]["overhead"]["schedules"] = [{"effective_from": first, "tiers": [
                {"up_to": None if t.get("up_to") is None else str(t["up_to"]), "rate": str(t.get("rate"))}
                for t in tiers]}]


def _beyond_scheme(changes: dict, variants: dict[str, SchemeRules], problems: list[Problem]) -> dict:
    extra: dict[str, Any] = {}
    cap = changes.get("cap", "decision")
    if cap not in CAP_BASES:
        problems.append(Problem("changes.cap", f"verwacht een van {', '.join(CAP_BASES)} (gekregen: {cap!r})"))
    extra["cap_basis"] = cap
    standard = changes.get("standard_costs", {})
    if not isinstance(standard, dict):
        problems.append(Problem("changes.standard_costs", "verwacht een object: maatregelsoort → {amount_eur, mode}"))
        standard = {}
    costs = {}
    for measure_type, spec in standard.items():
        path = f"changes.standard_costs.{measure_type}"
        if not isinstance(spec, dict):
            problems.append(Problem(path, "verwacht {\"amount_eur\": \"…\", \"mode\": \"replace\" of \"cap\"}"))
            continue
        if variants and not any(r.knows_type(measure_type) for r in variants.values()):
            problems.append(Problem(path, "onbekende maatregelsoort in deze regelingen"))
        amount = _dec(spec.get("amount_eur"), f"{path}.amount_eur", problems, cents=True)
        mode = spec.get("mode", "replace")
        if mode not in STANDARD_COST_MODES:
            problems.append(Problem(f"{path}.mode", f"verwacht {' of '.join(STANDARD_COST_MODES)}"))
        if amount is not None:
            costs[measure_type] = StandardCost(amount, mode)
    extra["standard_costs"] = costs
    if "preparation_share" in changes:
        share = _dec(changes["preparation_share"], "changes.preparation_share", problems, high=Decimal("0.99"))
        extra["preparation_share"] = share if share is not None else Decimal(0)
    if "reallocation" in changes:
        spec = changes["reallocation"]
        if not isinstance(spec, dict):
            problems.append(Problem("changes.reallocation", "verwacht {\"scope\": …, \"order\": …}"))
        else:
            scope, order = spec.get("scope", "tranche"), spec.get("order", "largest_shortfall_first")
            if scope not in REALLOCATION_SCOPES:
                problems.append(Problem("changes.reallocation.scope", f"verwacht {' of '.join(REALLOCATION_SCOPES)}"))
            if order not in REALLOCATION_ORDERS:
                problems.append(Problem("changes.reallocation.order",
                                        f"verwacht een van {', '.join(REALLOCATION_ORDERS)}"))
            extra["reallocation"] = Reallocation(scope, order)
    return extra


def _assumptions(spec: Any, extra: dict, problems: list[Problem]) -> Decimal | None:
    if not isinstance(spec, dict):
        problems.append(Problem("assumptions", "verwacht een JSON-object"))
        return None
    for sub in sorted(set(spec) - {"standard_cost_convergence"}):
        problems.append(Problem(f"assumptions.{sub}", "onbekende aanname"))
    if "standard_cost_convergence" not in spec:
        return None
    share = _dec(spec["standard_cost_convergence"], "assumptions.standard_cost_convergence", problems,
                 high=Decimal(1))
    if not any(s.mode == "cap" for s in extra.get("standard_costs", {}).values()):
        problems.append(Problem("assumptions.standard_cost_convergence",
                                "werkt alleen op een standaardprijs met mode \"cap\" (bij \"replace\" tellen de "
                                "werkelijke kosten niet mee)"))
    return share


def _size_bands(spec: Any, problems: list[Problem]) -> tuple[Decimal, ...]:
    if not isinstance(spec, dict):
        problems.append(Problem("report", "verwacht een JSON-object"))
        return ()
    bands = spec.get("size_bands_eur", [])
    if not isinstance(bands, list):
        problems.append(Problem("report.size_bands_eur", "verwacht een oplopende lijst met bedragen"))
        return ()
    values = [_dec(b, f"report.size_bands_eur[{i}]", problems, cents=True) for i, b in enumerate(bands)]
    if None in values:
        return ()
    if values != sorted(set(values)):
        problems.append(Problem("report.size_bands_eur", "de grenzen moeten oplopen"))
    return tuple(values)
