"""Filters of the lists (django-filter), with lower camelCase query keys."""

from __future__ import annotations

import django_filters as df

from sectorplannen.plans.models import Plan, PlanStatus
from sectorplannen.workflow.models import Proposal, ProposalKind, ProposalStatus

from .models import Concept


class PlanFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=PlanStatus.choices)
    tranche = df.CharFilter(field_name="tranche_label", help_text="'1', '2', '3' of '1-2'")
    kind = df.ChoiceFilter(choices=[("sectoral", "sectoraal"), ("regional", "regionaal")])
    isReference = df.BooleanFilter(field_name="is_reference")  # noqa: N815 (query key in camelCase)
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
    ingediend = df.BooleanFilter(field_name="plan", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Concept
        fields: list[str] = []
