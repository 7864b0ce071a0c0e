"""A scenario's run against a reference run (the baseline or another scenario): per plan, in total,
by group (tranche, plan kind, sector, size), and against the tranche ceilings. Pure."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sectorplannen.common.money import ZERO, format_eur

from .cases import PlanOutcome
from .reallocation import group_ceiling
from .replay import ScenarioRun

# Reporting classes by granted maximum subsidy (not a rule of the scheme; a scenario may set its own).
DEFAULT_SIZE_BANDS_EUR = (Decimal(1_000_000), Decimal(5_000_000), Decimal(20_000_000))
DIMENSIONS = ("tranche", "kind", "sector", "size")
# Lines that state a consequence rather than a rule: never given as the reason for a difference.
_CONSEQUENCES = {"determined_subsidy", "balance"}


@dataclass(frozen=True)
class PlanDiff:
    key: str
    name: str
    tranche: str
    kind: str
    sector: str
    size: str
    reference_eur: Decimal
    scenario_eur: Decimal
    reference_overhead_eur: Decimal
    scenario_overhead_eur: Decimal
    reference_nil_measures: tuple[str, ...]
    scenario_nil_measures: tuple[str, ...]
    scenario_cost_threshold_nil: bool
    reallocated_eur: Decimal
    reasons: tuple[str, ...]
    granted_eur: Decimal | None = None  # the maximum subsidy of the decision (orders the size classes)

    @property
    def difference_eur(self) -> Decimal:
        return self.scenario_eur - self.reference_eur


@dataclass(frozen=True)
class GroupRow:
    dimension: str
    group: str
    plans: int
    reference_eur: Decimal
    scenario_eur: Decimal
    gainers: int
    losers: int

    @property
    def difference_eur(self) -> Decimal:
        return self.scenario_eur - self.reference_eur


@dataclass(frozen=True)
class CeilingRow:
    tranche: str
    ceiling_eur: Decimal | None
    reference_eur: Decimal
    scenario_eur: Decimal

    @property
    def headroom_eur(self) -> Decimal | None:
        return None if self.ceiling_eur is None else self.ceiling_eur - self.scenario_eur


@dataclass(frozen=True)
class Comparison:
    label: str
    title: str
    against: str
    against_title: str
    assumption: bool
    plans: tuple[PlanDiff, ...]
    groups: tuple[GroupRow, ...]
    ceilings: tuple[CeilingRow, ...]

    def total(self, attr: str) -> Decimal:
        return sum((getattr(p, attr) for p in self.plans), ZERO)

    @property
    def gainers(self) -> int:
        return sum(1 for p in self.plans if p.difference_eur > 0)

    @property
    def losers(self) -> int:
        return sum(1 for p in self.plans if p.difference_eur < 0)

    def nil_measures(self, which: str) -> int:
        return sum(len(getattr(p, f"{which}_nil_measures")) for p in self.plans)

    @property
    def cost_threshold_nil(self) -> int:
        return sum(1 for p in self.plans if p.scenario_cost_threshold_nil)

    def most_affected(self, n: int = 20) -> list[PlanDiff]:
        """Up to ``n`` plans with the largest difference either way (plans without a difference left out)."""
        changed = [p for p in self.plans if p.difference_eur]
        return sorted(changed, key=lambda p: (-abs(p.difference_eur), p.name))[:n]


def size_band(amount: Decimal | None, bands: tuple[Decimal, ...]) -> str:
    """The class of a plan by its granted maximum subsidy, e.g. ``€ 1.000.000 – € 5.000.000``."""
    if amount is None:
        return "onbekend"
    lower = None
    for bound in bands:
        if amount < bound:
            if lower is None:
                return f"tot {format_eur(bound, 0)}"
            return f"{format_eur(lower, 0)} – {format_eur(bound, 0)}"
        lower = bound
    return f"vanaf {format_eur(lower, 0)}" if lower is not None else "alle"


def reasons(reference: PlanOutcome, scenario: PlanOutcome) -> tuple[str, ...]:
    """The scenario's explanation lines of every rule whose line differs from the reference's."""
    before: dict[tuple[str, str], list[str]] = defaultdict(list)
    for line in reference.explanation:
        before[(line.rule, line.measure)].append(line.text)
    after: dict[tuple[str, str], list[str]] = defaultdict(list)
    for line in scenario.explanation:
        after[(line.rule, line.measure)].append(line.text)
    found = []
    for key, texts in after.items():
        if key[0] in _CONSEQUENCES or (key[0] == "measure_subsidy" and not key[1]):
            continue
        if before.get(key) != texts and _is_cause(key[0], reference, scenario):
            found.extend(t for t in texts if t not in before.get(key, []))
    return tuple(found)


def _is_cause(rule: str, reference: PlanOutcome, scenario: PlanOutcome) -> bool:
    """The cap and overhead-subsidy lines change wording whenever an amount before them changes; they are
    a reason only when their own rule made a difference (another cap, another share of the overhead)."""
    a, b = reference.result, scenario.result
    if rule == "cap":
        return a.cap_applied != b.cap_applied or a.max_subsidy_eur != b.max_subsidy_eur
    if rule == "cost_threshold":
        met = a.cost_threshold_met, b.cost_threshold_met
        return met[0] != met[1] or (not met[1] and a.cost_threshold_consequence != b.cost_threshold_consequence)
    if rule == "overhead_subsidy":
        return a.overhead_eur == b.overhead_eur
    return True


def compare(run: ScenarioRun, reference: ScenarioRun, ceilings: dict[str, Decimal | None],
            bands: tuple[Decimal, ...] = DEFAULT_SIZE_BANDS_EUR) -> Comparison:
    ref = reference.by_key()
    plans = []
    for o in run.outcomes:
        r = ref[o.case.key]
        plans.append(PlanDiff(
            key=o.case.key, name=o.case.name, tranche=o.case.tranche, kind=o.case.kind, sector=o.case.sector,
            size=size_band(o.case.input.max_subsidy_eur, bands),
            reference_eur=r.result.determined_subsidy_eur, scenario_eur=o.result.determined_subsidy_eur,
            reference_overhead_eur=r.result.overhead_eur, scenario_overhead_eur=o.result.overhead_eur,
            reference_nil_measures=r.nil_measures, scenario_nil_measures=o.nil_measures,
            scenario_cost_threshold_nil=o.cost_threshold_nil, reallocated_eur=o.reallocated_eur,
            reasons=reasons(r, o) if o.result.determined_subsidy_eur != r.result.determined_subsidy_eur else (),
            granted_eur=o.case.input.max_subsidy_eur,
        ))
    return Comparison(run.label, run.title, reference.label, reference.title, run.assumption, tuple(plans),
                      _groups(plans), _ceilings(plans, ceilings))


def _groups(plans: list[PlanDiff]) -> tuple[GroupRow, ...]:
    rows = []
    for dim in DIMENSIONS:
        members: dict[str, list[PlanDiff]] = defaultdict(list)
        for p in plans:
            members[getattr(p, dim)].append(p)
        order = sorted(members) if dim != "size" else sorted(
            members, key=lambda g: min((p.granted_eur for p in members[g] if p.granted_eur is not None), default=ZERO))
        for group in order:
            ps = members[group]
            rows.append(GroupRow(dim, group, len(ps), sum((p.reference_eur for p in ps), ZERO),
                                 sum((p.scenario_eur for p in ps), ZERO), sum(1 for p in ps if p.difference_eur > 0),
                                 sum(1 for p in ps if p.difference_eur < 0)))
    return tuple(rows)


def _ceilings(plans: list[PlanDiff], ceilings: dict[str, Decimal | None]) -> tuple[CeilingRow, ...]:
    members: dict[str, list[PlanDiff]] = defaultdict(list)
    for p in plans:
        members[p.tranche].append(p)
    return tuple(
        CeilingRow(t, group_ceiling({t}, ceilings), sum((p.reference_eur for p in members[t]), ZERO),
                   sum((p.scenario_eur for p in members[t]), ZERO))
        for t in sorted(members)
    )
