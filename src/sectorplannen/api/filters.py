"""Filters of the lists (django-filter), with lower camelCase query keys."""

from __future__ import annotations

import django_filters as df
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from sectorplannen.plans.models import Plan, PlanStatus
from sectorplannen.workflow.models import Proposal, ProposalKind, ProposalStatus

from .models import Concept

TRUE_FALSE = [("true", "true"), ("false", "false")]


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(df.ChoiceFilter):
    """``true`` or ``false``, nothing else (anything else is a 400, not silently ignored)."""

    def __init__(self, *args, negate: bool = False, **kwargs):
        self.negate = negate
        super().__init__(*args, choices=TRUE_FALSE, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        wanted = (value == "true") != self.negate
        return qs.filter(**{f"{self.field_name}__{self.lookup_expr}": wanted})


class PlanFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=PlanStatus.choices)
    tranche = df.CharFilter(field_name="tranche_label", help_text="'1', '2', '3' of '1-2'")
    kind = df.ChoiceFilter(choices=[("sectoral", "sectoraal"), ("regional", "regionaal")])
    isReference = StrictBooleanFilter(field_name="is_reference")  # noqa: N815 (query key in camelCase)
    naam = df.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Plan
        fields: list[str] = []


class ProposalFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=ProposalStatus.choices)
    kind = df.ChoiceFilter(choices=ProposalKind.choices)
    planId = df.NumberFilter(field_name="plan_id")  # noqa: N815

    class Meta:
        model = Proposal
        fields: list[str] = []


class ConceptFilter(df.FilterSet):
    ingediend = StrictBooleanFilter(field_name="plan", lookup_expr="isnull", negate=True)

    class Meta:
        model = Concept
        fields: list[str] = []
