"""Plans, their decisions (versions with their letters) and their settlements (with letters)."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.views import APIView

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.roles import APPLICANT, has_role
from sectorplannen.audit.services import record
from sectorplannen.finance.letters import letter_filename, settlement_letter_pdf
from sectorplannen.finance.models import Settlement, SettlementLine
from sectorplannen.plans.letters import decision_letter_pdf
from sectorplannen.plans.models import DecisionLine, GrantDecision, Plan, PlanPartner

from ..filters import PlanFilter
from ..serializers import (
    DecisionDetailSerializer,
    DecisionSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    SettlementDetailSerializer,
    SettlementSerializer,
)
from .common import PlanChildList, plan_for, require

PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="De brief (PDF).")}


def visible_plans(user):
    """The agency sees every plan (reference plans too), an applicant its own applications only:
    the portal's list of all plans and 'my plans' under the same permission functions."""
    if perm.can_list_plans(user)[0]:
        return Plan.objects.all()
    if has_role(user, APPLICANT):
        orgs = perm._member_org_ids(user)
        return Plan.objects.filter(is_reference=False, partners__organisation_id__in=orgs).distinct()
    require(perm.can_list_plans(user))


@extend_schema(tags=["plannen"], summary="Plannen (de uitvoering: alle; een aanvrager: de eigen aanvragen)")
class PlanList(generics.ListAPIView):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Plan.objects.none()
        return visible_plans(self.request.user).order_by("name", "pk")


@extend_schema(tags=["plannen"], summary="Eén plan met partners en maatregelen")
class PlanDetail(generics.RetrieveAPIView):
    serializer_class = PlanDetailSerializer

    def get_object(self):
        plan = plan_for(self.request, self.kwargs["plan_id"])
        partners = Prefetch("partners", queryset=PlanPartner.objects.select_related("organisation"))
        prefetch_related_objects([plan], partners, "measures")  # one query for the partners, none per partner
        return plan


@extend_schema(tags=["beschikkingen"], summary="De beschikkingen (versies) van een plan")
class DecisionList(PlanChildList):
    serializer_class = DecisionSerializer

    def get_queryset(self):
        if self.fake():
            return GrantDecision.objects.none()
        return self.get_plan().decisions.order_by("version")


@extend_schema(tags=["beschikkingen"], summary="Eén versie van de beschikking met haar regels")
class DecisionDetail(generics.RetrieveAPIView):
    serializer_class = DecisionDetailSerializer

    def get_object(self):
        plan = plan_for(self.request, self.kwargs["plan_id"])
        lines = Prefetch("lines", queryset=DecisionLine.objects.select_related("measure"))
        return get_object_or_404(plan.decisions.prefetch_related(lines), version=self.kwargs["version"])


class _Letter(APIView):
    def send(self, pdf: bytes, filename: str) -> HttpResponse:
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


@extend_schema(tags=["beschikkingen"], summary="De brief van een beschikking (PDF)", responses=PDF)
class DecisionLetter(_Letter):
    def get(self, request, plan_id: int, version: int):
        plan = plan_for(request, plan_id)
        decision = get_object_or_404(plan.decisions, version=version)
        record("decision_letter_viewed", actor=request.user, plan=plan, version=version)
        return self.send(decision_letter_pdf(decision), f"beschikking-{plan.pk}-v{version}.pdf")


@extend_schema(tags=["vaststellingen"], summary="De vaststellingen (versies) van een plan")
class SettlementList(PlanChildList):
    serializer_class = SettlementSerializer
    check = staticmethod(perm.can_view_finance)

    def get_queryset(self):
        if self.fake():
            return Settlement.objects.none()
        return self.get_plan().settlements.order_by("version")


@extend_schema(tags=["vaststellingen"], summary="Eén vaststelling met haar regels en uitleg per regel")
class SettlementDetail(generics.RetrieveAPIView):
    serializer_class = SettlementDetailSerializer

    def get_object(self):
        plan = plan_for(self.request, self.kwargs["plan_id"], perm.can_view_finance)
        lines = Prefetch("lines", queryset=SettlementLine.objects.select_related("measure"))
        return get_object_or_404(plan.settlements.prefetch_related(lines), version=self.kwargs["version"])


@extend_schema(tags=["vaststellingen"], summary="De brief van een vaststelling (PDF)", responses=PDF)
class SettlementLetter(_Letter):
    def get(self, request, plan_id: int, version: int):
        plan = plan_for(request, plan_id, perm.can_view_finance)
        settlement = get_object_or_404(plan.settlements, version=version)
        record("settlement_letter_viewed", actor=request.user, plan=plan, version=version)
        return self.send(settlement_letter_pdf(settlement), letter_filename(settlement))
