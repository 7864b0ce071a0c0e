"""The scheme's rules as plain, immutable values.

A scheme version's parameters are stored as JSON in the database (``SchemeVersion.parameters``);
this module turns that JSON into typed dataclasses that the pure calculation modules (application
checks, settlement, realisation) take as input. No rule number lives in code: everything here is
read from the parameters, and the built-in values are in ``builtin.py`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from pydantic import ValidationError

from sectorplannen.common.money import to_cents

from .document import CategorySpec, SchemeParameters, problems


def line_subsidy(rate: Decimal, costs_eur: Decimal) -> Decimal:
    """The subsidy of one measure line: rate × costs, computed exactly and rounded once, half-up, to
    cents (0.5 × 100.01 = 50.01). Every application check, decision, revision, settlement line and
    report uses this one function; a stored line passes its own rate (the decision's, not today's)."""
    return to_cents(Fraction(rate) * Fraction(costs_eur))


class RulesError(ValueError):
    """The parameters of a scheme version are incomplete or inconsistent."""


@dataclass(frozen=True)
class OverheadTier:
    """A marginal band of eligible costs: ``rate`` applies to the part above the previous bound
    up to ``up_to`` (``None``: no upper bound)."""

    up_to: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class OverheadSchedule:
    effective_from: dt.date
    tiers: tuple[OverheadTier, ...]


@dataclass(frozen=True)
class MeasureType:
    code: str
    category: str
    rate: Decimal
    label: str = ""


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    default_type: str
    types: tuple[str, ...]


@dataclass(frozen=True)
class ParticipantThreshold:
    level: str  # "measure" or "plan"
    min_ratio: Decimal


@dataclass(frozen=True)
class CostThreshold:
    min_ratio: Decimal
    consequence: str  # "nil" or "proportional"


@dataclass(frozen=True)
class SchemeRules:
    """Every number and list of one scheme version (see docs: scheme-rules.md)."""

    code: str
    title: str
    measure_structure: str  # "type" (tranches 1–2) or "trajectory" (tranche 3)
    categories: dict[str, Category]
    measure_types: dict[str, MeasureType]  # allowed in applications under this version
    settled_types: dict[str, MeasureType]  # types of earlier tranches this (amending) version also settles
    activities: tuple[str, ...]
    overhead_schedules: tuple[OverheadSchedule, ...]
    overhead_subsidy_rate: Decimal
    participant_threshold: ParticipantThreshold
    cost_threshold: CostThreshold
    minimum_request_eur: Decimal
    guarantee_equity_ratio: Decimal
    guarantee_coverage_ratio: Decimal
    required_partner_kinds: tuple[str, ...]
    cao_required_kinds: tuple[str, ...]
    main_applicant_kinds: tuple[str, ...]
    partner_kinds: tuple[str, ...]
    bottlenecks: tuple[str, ...]
    target_groups: tuple[str, ...]
    excluded_target_groups: tuple[str, ...]
    own_funding_sources: tuple[str, ...]
    regional_government_sources: tuple[str, ...]
    regional_government_max_share: Decimal  # of the own share; 0 = not allowed
    max_duration_months: int
    start_within_months: int
    work_placement_start_within_months: int
    work_placement_run_until_months: int
    work_placement_types: tuple[str, ...]
    extension_max_count: int
    extension_max_months: int
    extension_request_within_months: int
    allow_new_measures_after_grant: bool
    revision_may_raise_max_subsidy: bool
    advance_initial_share: Decimal
    advance_interval_months: int
    advance_max_cumulative_share: Decimal
    underspend_signal_ratio: Decimal
    progress_report_months: tuple[int, ...]
    progress_report_due_weeks: int
    decision_weeks: int
    declaration_weeks: int
    settlement_weeks: int
    youth_max_age: int
    youth_target_share: Decimal
    target_reached_ratio: Decimal
    participant_min_age: int
    participant_max_age: int
    final_report_required: bool
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    # Optional (absent = 0, today's behaviour): a fixed overhead part per plan on top of the tiers.
    overhead_fixed_eur: Decimal = Decimal("0")
    # Optional (absent = False): the registered participants cap the declared ones in the settlement.
    registry_caps_declared: bool = False

    # -- look-ups -------------------------------------------------------------------------------
    def type_info(self, measure_type: str) -> MeasureType:
        """A measure type this version applies or settles; unknown types are an error, never a default."""
        found = self.measure_types.get(measure_type) or self.settled_types.get(measure_type)
        if found is None:
            raise RulesError(f"unknown measure type {measure_type!r} in scheme {self.code}")
        return found

    def knows_type(self, measure_type: str) -> bool:
        return measure_type in self.measure_types or measure_type in self.settled_types

    def rate_for(self, measure_type: str) -> Decimal:
        return self.type_info(measure_type).rate

    def line_subsidy(self, measure_type: str, costs_eur: Decimal) -> Decimal:
        """The subsidy of a measure of ``measure_type`` on ``costs_eur`` (``line_subsidy``)."""
        return line_subsidy(self.rate_for(measure_type), costs_eur)

    def category_of(self, measure_type: str) -> str:
        return self.type_info(measure_type).category

    def overhead_tiers(self, on: dt.date | None = None) -> tuple[OverheadTier, ...]:
        """The tiers in force on ``on`` (default: the latest amendment)."""
        schedules = sorted(self.overhead_schedules, key=lambda s: s.effective_from)
        if on is None:
            return schedules[-1].tiers
        in_force = [s for s in schedules if s.effective_from <= on]
        return (in_force[-1] if in_force else schedules[0]).tiers

    # -- (de)serialisation ----------------------------------------------------------------------
    @classmethod
    def from_parameters(cls, code: str, params: dict) -> SchemeRules:
        """Build from the stored JSON; raises ``RulesError`` naming every bad parameter by its path."""
        try:
            doc = SchemeParameters.model_validate(params)
        except ValidationError as exc:
            raise RulesError(f"scheme {code}: " + "; ".join(problems(exc))) from None
        return cls._from(code, doc, params)

    @classmethod
    def _from(cls, code: str, p: SchemeParameters, raw: dict) -> SchemeRules:
        categories, types = _categories(p.categories, p.default_rate)
        _, settled = _categories(p.also_settles_categories, p.default_rate)
        schedules = []
        for s in p.overhead.schedules:
            tiers = tuple(OverheadTier(t.up_to, t.rate) for t in s.tiers)
            bounds = [t.up_to for t in tiers]
            if bounds[-1] is not None or any(b is None for b in bounds[:-1]) or bounds[:-1] != sorted(bounds[:-1]):
                raise RulesError("overhead tiers must rise and end with an open tier (up_to null)")
            schedules.append(OverheadSchedule(s.effective_from, tiers))
        pt, ct, part, fund = p.participant_threshold, p.cost_threshold, p.partnership, p.funding
        dur, ext, adv = p.duration, p.extension, p.advances
        return cls(
            code=code,
            title=p.title or code,
            measure_structure=p.measure_structure,
            categories=categories,
            measure_types=types,
            settled_types={k: v for k, v in settled.items() if k not in types},
            activities=tuple(p.activities),
            overhead_schedules=tuple(schedules),
            overhead_subsidy_rate=p.overhead.subsidy_rate,
            participant_threshold=ParticipantThreshold(pt.level, pt.min_ratio),
            cost_threshold=CostThreshold(ct.min_ratio, ct.consequence),
            minimum_request_eur=p.minimum_request_eur,
            guarantee_equity_ratio=p.guarantee.equity_ratio,
            guarantee_coverage_ratio=p.guarantee.coverage_ratio,
            required_partner_kinds=tuple(part.required_kinds),
            cao_required_kinds=tuple(part.cao_required_kinds),
            main_applicant_kinds=tuple(part.main_applicant_kinds),
            partner_kinds=tuple(part.partner_kinds),
            bottlenecks=tuple(p.bottlenecks),
            target_groups=tuple(p.target_groups),
            excluded_target_groups=tuple(p.excluded_target_groups),
            own_funding_sources=tuple(fund.own_funding_sources),
            regional_government_sources=tuple(fund.regional_government_sources),
            regional_government_max_share=fund.regional_government_max_share,
            max_duration_months=dur.max_months,
            start_within_months=dur.start_within_months,
            work_placement_start_within_months=dur.work_placement_start_within_months,
            work_placement_run_until_months=dur.work_placement_run_until_months,
            work_placement_types=tuple(dur.work_placement_types),
            extension_max_count=ext.max_count,
            extension_max_months=ext.max_months,
            extension_request_within_months=ext.request_within_months,
            allow_new_measures_after_grant=p.allow_new_measures_after_grant,
            revision_may_raise_max_subsidy=p.revision.may_raise_max_subsidy,
            advance_initial_share=adv.initial_share,
            advance_interval_months=adv.interval_months,
            advance_max_cumulative_share=adv.max_cumulative_share,
            underspend_signal_ratio=adv.underspend_signal_ratio,
            progress_report_months=tuple(p.progress_reports.months),
            progress_report_due_weeks=p.progress_reports.due_weeks,
            decision_weeks=p.deadlines.decision_weeks,
            declaration_weeks=p.deadlines.declaration_weeks,
            settlement_weeks=p.deadlines.settlement_weeks,
            youth_max_age=p.youth.max_age,
            youth_target_share=p.youth.target_share,
            target_reached_ratio=p.realisation.target_reached_ratio,
            participant_min_age=p.participants.min_age,
            participant_max_age=p.participants.max_age,
            final_report_required=p.final_report.required,
            raw=raw,
            overhead_fixed_eur=p.overhead.fixed_eur,
            registry_caps_declared=p.participants.registry_caps_declared,
        )


def _categories(spec: dict[str, CategorySpec], default_rate: Decimal
                ) -> tuple[dict[str, Category], dict[str, MeasureType]]:
    types: dict[str, MeasureType] = {}
    categories: dict[str, Category] = {}
    for cat_code, cat in spec.items():
        cat_types = []
        for type_code, t in cat.types.items():
            types[type_code] = MeasureType(
                code=type_code,
                category=cat_code,
                rate=default_rate if t.rate is None else t.rate,
                label=t.label or type_code,
            )
            cat_types.append(type_code)
        default_type = cat.default_type or cat_types[0]
        if default_type not in cat_types:
            raise RulesError(f"default type {default_type!r} of {cat_code} is not one of its types")
        # Sorted: PostgreSQL's jsonb does not keep key order, and the rules must be the same on every database.
        categories[cat_code] = Category(cat_code, cat.label or cat_code, default_type, tuple(sorted(cat_types)))
    return categories, types
