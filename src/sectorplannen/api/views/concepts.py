"""Concepts: an application document written by a system, checked (findings) and submitted.

The rules are the application's own (``plans.application.assess`` and ``submit_application``), as
for the portal's drafts and the CLI's ``plans check`` / ``plans submit``.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.organisations.models import Organisation
from sectorplannen.plans.application import assess, submit_application
from sectorplannen.workflow import clock

from ..filters import ConceptFilter
from ..models import Concept
from ..serializers import ConceptSerializer, FindingsSerializer, PlanDetailSerializer
from .common import require


def _document(concept: Concept) -> dict:
    """The document as it would be submitted today (as the portal's drafts)."""
    return {**concept.document, "submitted_on": clock.today().isoformat()}


def _organisation(request) -> Organisation:
    """The organisation a concept is written for: the token's (an applicant's token has exactly one)."""
    org_ids = perm._member_org_ids(request.user)
    token_org = getattr(request.auth, "organisation_id", None)
    return Organisation.objects.get(pk=token_org if token_org is not None else min(org_ids))


@extend_schema(tags=["concepten"])
class ConceptList(generics.ListCreateAPIView):
    serializer_class = ConceptSerializer
    filterset_class = ConceptFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Concept.objects.none()
        require(perm.can_create_draft(self.request.user))
        return Concept.objects.filter(organisation_id__in=perm._member_org_ids(self.request.user))

    @extend_schema(summary="Concept-aanvragen van de organisatie van de sleutel")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Een concept-aanvraag beginnen (het document mag nog onvolledig zijn)")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def perform_create(self, serializer):
        require(perm.can_create_draft(self.request.user))
        concept = serializer.save(organisation=_organisation(self.request), created_by=self.request.user)
        record("draft_created", actor=self.request.user, draft=concept.pk, via="api")


def concept_for(request, concept_id: int, check=perm.can_edit_draft) -> Concept:
    concept = get_object_or_404(Concept, pk=concept_id)
    if check is not None:
        require(check(request.user, concept))
    return concept


def _can_read(user, concept) -> tuple[bool, str]:
    ok, why = perm.can_create_draft(user)
    if ok and concept.organisation_id not in perm._member_org_ids(user):
        return False, "Dit concept is van een andere organisatie."
    return ok, why


@extend_schema(tags=["concepten"])
class ConceptDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = ConceptSerializer
    http_method_names = ["get", "put", "delete", "head", "options"]

    def get_object(self):
        return concept_for(self.request, self.kwargs["concept_id"],
                           _can_read if self.request.method == "GET" else perm.can_edit_draft)

    @extend_schema(summary="Eén concept-aanvraag")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Het document van een concept vervangen")
    def put(self, request, *args, **kwargs):
        return super().put(request, *args, **kwargs)

    @extend_schema(summary="Een concept weggooien (zolang het niet is ingediend)")
    def delete(self, request, *args, **kwargs):
        return super().delete(request, *args, **kwargs)


@extend_schema(tags=["concepten"], summary="De bevindingen van de controle (formats §1), zoals bij indienen vandaag",
               responses=FindingsSerializer)
class ConceptFindings(APIView):
    def get(self, request, concept_id: int):
        concept = concept_for(request, concept_id, _can_read)
        assessment = assess(_document(concept))
        return Response({"findings": [f.as_dict() for f in assessment.findings],
                         "requested_subsidy_eur": assessment.requested_subsidy_eur})


@extend_schema(tags=["concepten"], summary="Een concept indienen: het wordt een ingediend plan", request=None,
               responses={201: PlanDetailSerializer})
class ConceptSubmit(APIView):
    @transaction.atomic
    def post(self, request, concept_id: int):
        concept = concept_for(request, concept_id)
        plan = submit_application(_document(concept), actor=request.user)  # ApplicationRefused: 400 with findings
        concept.plan = plan
        concept.save(update_fields=["plan", "updated_at"])
        return Response(PlanDetailSerializer(plan).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/plannen/{plan.pk}"})
