"""/voorschotten (issue 18): the applicant's advance requests, through the same workflow step as the
portal's plan page (``request_advance``); the assessor's refusal of one; the decision's letter. The
agency drafts the decision with ``POST /voorstellen`` (kind ``advance``) and a second person approves
it with ``/voorstellen/{id}/goedkeuringen``, as every four-eyes decision."""

from __future__ import annotations

import django_filters as df
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.plans.models import Plan
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.letters import advance_letter_pdf
from sectorplannen.workflow.models import AdvanceRequest, AdvanceRequestStatus

from .serializers_advances import AdvanceCreateSerializer, AdvanceRefusalSerializer, AdvanceRequestSerializer
from .views.common import plan_for, require
from .views.plans import PDF, _Letter, visible_plans


class AdvanceFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=AdvanceRequestStatus.choices)
    planId = df.NumberFilter(field_name="plan_id")  # noqa: N815 (query key in camelCase)

    class Meta:
        model = AdvanceRequest
        fields: list[str] = []


def _visible(user):
    """The requests of the plans whose finances the user may see (the portal's plan page shows the same)."""
    return AdvanceRequest.objects.filter(plan__in=visible_plans(user)).select_related("plan", "decision")


def _request(request, request_id: int) -> AdvanceRequest:
    req = get_object_or_404(AdvanceRequest.objects.select_related("plan", "decision"), pk=request_id)
    require(perm.can_view_finance(request.user, req.plan))
    return req


@extend_schema(tags=["voorschotten"])
class AdvanceList(generics.ListCreateAPIView):
    serializer_class = AdvanceRequestSerializer
    filterset_class = AdvanceFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AdvanceRequest.objects.none()
        return _visible(self.request.user).order_by("-pk")

    @extend_schema(summary="Voorschotverzoeken (de uitvoering: alle; een aanvrager: die van de eigen plannen)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Een voorschot vragen: het standaardvoorschot of een bedrag, met een reden; de "
                           "voorschotregel van de regeling toetst het verzoek",
                   request=AdvanceCreateSerializer, responses={201: AdvanceRequestSerializer})
    def post(self, request, *args, **kwargs):
        given = AdvanceCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        if not Plan.objects.filter(pk=d["plan_id"]).exists():
            raise exceptions.ValidationError({"plan_id": [exceptions.ErrorDetail("Dit plan bestaat niet.",
                                                                                 code="not_found")]})
        plan = plan_for(request, d["plan_id"], perm.can_request_advance)
        req = workflow.transition(plan, "request_advance", request.user, standard=d["standard"],
                                  amount_eur=None if d["standard"] else d["amount_eur"], reason=d["reason"])
        return Response(AdvanceRequestSerializer(req).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/voorschotten/{req.pk}"})


@extend_schema(tags=["voorschotten"], summary="Eén voorschotverzoek met het besluit en zijn berekening")
class AdvanceDetail(generics.RetrieveAPIView):
    serializer_class = AdvanceRequestSerializer

    def get_object(self):
        return _request(self.request, self.kwargs["request_id"])


@extend_schema(tags=["voorschotten"], summary="Een beoordelaar wijst het verzoek af, met een reden",
               request=AdvanceRefusalSerializer, responses={201: AdvanceRequestSerializer})
class AdvanceRefusal(generics.GenericAPIView):
    serializer_class = AdvanceRequestSerializer

    def post(self, request, request_id: int):
        req = _request(request, request_id)
        require(perm.can_draft_advance(request.user, req.plan))
        require(perm.can_review_advance(request.user, req))
        given = AdvanceRefusalSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        workflow.refuse_advance_request(req, request.user, reason=given.validated_data["reason"])
        return Response(AdvanceRequestSerializer(req).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["voorschotten"], summary="De brief van het voorschotbesluit (PDF)", responses={
    **PDF, 404: None})
class AdvanceLetter(_Letter):
    def get(self, request, request_id: int):
        req = _request(request, request_id)
        decision = getattr(req, "decision", None)
        if decision is None:
            raise Http404("Over dit verzoek is nog geen voorschot verleend.")
        record("advance_letter_viewed", actor=request.user, plan=req.plan, reference=decision.reference)
        return self.send(advance_letter_pdf(decision), f"voorschot-{req.plan_id}-{decision.number}.pdf")
