"""The stored parameters of a scheme version (scheme-rules.md) as a typed document: pydantic reads
and checks the JSON once, with the path of every defect (``youth.max_age``, ``categories.training
.types.evc.rate``); ``SchemeRules.from_parameters`` builds the rules from it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from sectorplannen.common.dates import parse_iso
from sectorplannen.common.documents import json_path

__all__ = ["SchemeParameters", "problems"]

IsoDate = Annotated[dt.date, BeforeValidator(lambda v: v if isinstance(v, dt.date) else parse_iso(str(v)))]


class _Part(BaseModel):
    # Unknown keys are kept in the stored JSON (``SchemeRules.raw``) and ignored here.
    model_config = ConfigDict(extra="ignore", frozen=True)


class MeasureTypeSpec(_Part):
    label: str | None = None
    rate: Decimal | None = None


class CategorySpec(_Part):
    label: str | None = None
    default_type: str | None = None
    types: dict[str, MeasureTypeSpec] = Field(min_length=1)


class TierSpec(_Part):
    up_to: Decimal | None
    rate: Decimal


class ScheduleSpec(_Part):
    effective_from: IsoDate
    tiers: list[TierSpec] = Field(min_length=1)


class OverheadSpec(_Part):
    subsidy_rate: Decimal
    schedules: list[ScheduleSpec] = Field(min_length=1)
    # Optional (absent = 0, the built-in versions): a fixed part per plan added to the tiers (issue 19).
    fixed_eur: Decimal = Field(default=Decimal("0"), ge=0, decimal_places=2)


class ParticipantThresholdSpec(_Part):
    level: Literal["measure", "plan"]
    min_ratio: Decimal


class CostThresholdSpec(_Part):
    min_ratio: Decimal
    consequence: Literal["nil", "proportional"]


class GuaranteeSpec(_Part):
    equity_ratio: Decimal
    coverage_ratio: Decimal


class PartnershipSpec(_Part):
    required_kinds: list[str]
    cao_required_kinds: list[str]
    main_applicant_kinds: list[str]
    partner_kinds: list[str]


class FundingSpec(_Part):
    own_funding_sources: list[str]
    regional_government_sources: list[str]
    regional_government_max_share: Decimal


class DurationSpec(_Part):
    max_months: int
    start_within_months: int
    work_placement_types: list[str]
    work_placement_start_within_months: int
    work_placement_run_until_months: int


class ExtensionSpec(_Part):
    max_count: int
    max_months: int
    request_within_months: int


class RevisionSpec(_Part):
    may_raise_max_subsidy: bool


class AdvancesSpec(_Part):
    initial_share: Decimal
    interval_months: int
    max_cumulative_share: Decimal
    underspend_signal_ratio: Decimal


class ProgressReportsSpec(_Part):
    months: list[int]
    due_weeks: int


class DeadlinesSpec(_Part):
    decision_weeks: int
    declaration_weeks: int
    settlement_weeks: int


class YouthSpec(_Part):
    max_age: int
    target_share: Decimal


class RealisationSpec(_Part):
    target_reached_ratio: Decimal


class ParticipantAgesSpec(_Part):
    min_age: int
    max_age: int
    # Optional (absent = False, the regulation: the audited declaration counts): when True the
    # settlement counts at most the participants registered for a measure with individual registration.
    registry_caps_declared: bool = False


class FinalReportSpec(_Part):
    required: bool  # the final report (qualitative app) is a condition of the final declaration


class SchemeParameters(_Part):
    title: str | None = None
    measure_structure: Literal["type", "trajectory"]
    categories: dict[str, CategorySpec] = Field(min_length=1)
    also_settles_categories: dict[str, CategorySpec] = {}
    default_rate: Decimal
    activities: list[str] = []
    overhead: OverheadSpec
    participant_threshold: ParticipantThresholdSpec
    cost_threshold: CostThresholdSpec
    minimum_request_eur: Decimal
    guarantee: GuaranteeSpec
    partnership: PartnershipSpec
    bottlenecks: list[str]
    target_groups: list[str]
    excluded_target_groups: list[str]
    funding: FundingSpec
    duration: DurationSpec
    extension: ExtensionSpec
    allow_new_measures_after_grant: bool
    revision: RevisionSpec
    advances: AdvancesSpec
    progress_reports: ProgressReportsSpec
    deadlines: DeadlinesSpec
    youth: YouthSpec
    realisation: RealisationSpec
    participants: ParticipantAgesSpec
    final_report: FinalReportSpec


def problems(exc: ValidationError) -> list[str]:
    """Every defect as ``path: message`` (English: for the administrator and the log)."""
    return [f"{json_path(e['loc']) or '(document)'}: {e['msg']}" for e in exc.errors(include_url=False)]
