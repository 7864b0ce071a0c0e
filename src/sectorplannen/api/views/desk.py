"""The agency's side: proposals (first pair of eyes) and their approval or return (second pair),
through ``workflow.services.propose`` / ``approve`` / ``send_back`` as in the portal."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.accounts import permissions as perm
from sectorplannen.plans.models import Plan
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.models import AdvanceRequest, Proposal, RevisionRequest

from ..filters import ProposalFilter
from ..serializers import (
    DecisionTakenSerializer,
    ProposalCreateSerializer,
    ProposalSerializer,
    SendBackSerializer,
)
from .common import plan_for, require

#: Who may draft each kind of decision: the portal's page of that step checks the same function.
DRAFTERS = {"grant": perm.can_draft_decision, "refusal": perm.can_draft_refusal, "lapse": perm.can_draft_lapse,
            "revision": perm.can_draft_revision, "advance": perm.can_draft_advance}


def _settlement_drafter(user, plan):
    if plan.status == "settled":
        return perm.can_draft_resettlement(user, plan)
    return perm.can_draft_settlement(user, plan)


def _payload(kind: str, data: dict) -> dict:
    if kind == "grant":
        return {"assessments": [{**a, "planned_costs_eur": None if a.get("planned_costs_eur") is None
                                 else str(a["planned_costs_eur"]), "reason": a.get("reason", "")}
                                for a in data.get("assessments", [])]}
    if kind == "refusal":
        return {"reasons": [dict(r) for r in data.get("reasons", [])]}
    return {}


@extend_schema(tags=["voorstellen"])
class ProposalList(generics.ListCreateAPIView):
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Proposal.objects.none()
        require(perm.can_use_desk(self.request.user))
        return Proposal.objects.order_by("-pk")

    @extend_schema(summary="Voorstellen van besluiten (vier ogen)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Een besluit voorbereiden: verlening, afwijzing, vaststelling, vervallen of voorschot",
                   request=ProposalCreateSerializer, responses={201: ProposalSerializer})
    def post(self, request, *args, **kwargs):
        given = ProposalCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        if not Plan.objects.filter(pk=d["plan_id"]).exists():
            raise exceptions.ValidationError({"plan_id": [exceptions.ErrorDetail("Dit plan bestaat niet.",
                                                                                 code="not_found")]})
        plan = plan_for(request, d["plan_id"], DRAFTERS.get(d["kind"], _settlement_drafter))
        if d["kind"] == "advance":  # the answer to an applicant's advance request (issue 18)
            return self._advance(request, plan, d)
        revision = None
        if d["kind"] == "revision":  # the answer to an applicant's request, as the portal's review page
            revision = RevisionRequest.objects.filter(pk=d.get("revision_request_id"), plan=plan).first()
            if revision is None:
                raise exceptions.ValidationError({"revision_request_id": [exceptions.ErrorDetail(
                    "Noem het herzieningsverzoek van dit plan.", code="not_found")]})
            require(perm.can_review_revision(request.user, revision))
        proposal = workflow.propose(plan, d["kind"], _payload(d["kind"], d), request.user, note=d.get("note", ""),
                                    revision_request=revision)
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/voorstellen/{proposal.pk}"})


    def _advance(self, request, plan, d):
        req = AdvanceRequest.objects.filter(pk=d.get("advance_request_id"), plan=plan).first()
        if req is None:
            raise exceptions.ValidationError({"advance_request_id": [exceptions.ErrorDetail(
                "Noem het voorschotverzoek van dit plan.", code="not_found")]})
        require(perm.can_review_advance(request.user, req))
        proposal = workflow.propose_advance(req, request.user, note=d.get("note", ""))
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED,
                        headers={"Location": f"/api/v1/voorstellen/{proposal.pk}"})


def _proposal(request, proposal_id: int) -> Proposal:
    proposal = get_object_or_404(Proposal.objects.select_related("plan", "drafted_by"), pk=proposal_id)
    require(perm.can_use_desk(request.user))
    return proposal


@extend_schema(tags=["voorstellen"], summary="Eén voorstel")
class ProposalDetail(generics.RetrieveAPIView):
    serializer_class = ProposalSerializer

    def get_object(self):
        return _proposal(self.request, self.kwargs["proposal_id"])


def _taken(proposal: Proposal) -> dict:
    proposal.refresh_from_db()
    proposal.plan.refresh_from_db()
    return {"proposal_id": proposal.pk, "status": proposal.status, "outcome": proposal.outcome,
            "plan_status": proposal.plan.status}


@extend_schema(tags=["voorstellen"], summary="Goedkeuren door een tweede persoon: het besluit wordt genomen",
               request=None, responses={201: DecisionTakenSerializer})
class ProposalApproval(APIView):
    def post(self, request, proposal_id: int):
        proposal = _proposal(request, proposal_id)
        require(perm.can_approve(request.user, proposal.kind))  # decided already: the service answers 409
        workflow.approve(proposal, request.user)
        return Response(_taken(proposal), status=status.HTTP_201_CREATED)


@extend_schema(tags=["voorstellen"], summary="Terugsturen naar wie het voorbereidde",
               request=SendBackSerializer, responses={201: DecisionTakenSerializer})
class ProposalReturn(APIView):
    def post(self, request, proposal_id: int):
        proposal = _proposal(request, proposal_id)
        require(perm.can_approve(request.user, proposal.kind))
        given = SendBackSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        workflow.send_back(proposal, request.user, given.validated_data["outcome"])
        return Response(_taken(proposal), status=status.HTTP_201_CREATED)
