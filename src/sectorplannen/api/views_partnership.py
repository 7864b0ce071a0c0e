"""The partnership's administration in the API (issue 21), on ``partnership.services`` and the participant
upload job, as the portal's pages: the main applicant invites employers, reads the ledger and pays claims
of complete dossiers; an employer's system registers its own staff (the upload job with its number),
completes dossiers (employment details, evidence) and claims its costs. An employer reaches only what it
made itself (``partnership.permissions``); no response holds a BSN.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, parsers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.jobs.models import Job
from sectorplannen.participants.services import UPLOAD_JOB_KIND, cancel_upload_job, upload_jobs
from sectorplannen.partnership import permissions as pperm
from sectorplannen.partnership import services as partnership
from sectorplannen.partnership.models import Claim, Dossier, EvidenceKind, PlanEmployer
from sectorplannen.workflow import clock

from .models import Scope
from .serializers_partnership import (
    ClaimCreateSerializer,
    ClaimSerializer,
    DetailsSerializer,
    DossierSerializer,
    EmployerSerializer,
    EvidenceSerializer,
    InviteSerializer,
    LedgerRowSerializer,
)
from .views.common import PlanChildList, plan_for, require
from .views.uploads import CSV_RESPONSE, XLSX, RawFileParser, UploadStatusSerializer, _shown, _UploadFile, submit_body

CSV = "text/csv"
EVIDENCE_BODIES = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def _employer(request, plan) -> PlanEmployer | None:
    return pperm.employer_for(request.user, plan)


# -- employers ---------------------------------------------------------------------------------------

@extend_schema(tags=["werkgevers"])
class EmployerList(PlanChildList):
    serializer_class = EmployerSerializer
    check = staticmethod(pperm.can_view_dossiers)

    def get_queryset(self):
        if self.fake():
            return PlanEmployer.objects.none()
        plan = self.get_plan()
        employers = plan.employers.select_related("organisation").order_by("pk")
        mine = _employer(self.request, plan)
        return employers.filter(pk=mine.pk) if mine is not None else employers

    @extend_schema(summary="De werkgevers van een plan (een werkgever ziet alleen zichzelf)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Een werkgever uitnodigen (de hoofdaanvrager, zolang het plan loopt)",
                   request=InviteSerializer, responses={201: EmployerSerializer})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, pperm.can_manage_partnership)
        given = InviteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        employer = partnership.invite_employer(plan, **given.validated_data, actor=request.user, on=clock.today())
        return Response(EmployerSerializer(employer).data, status=status.HTTP_201_CREATED)


# -- the employer's own uploads ---------------------------------------------------------------------

def _employer_job(request, job_id: int, check=pperm.can_view_as_employer):
    job = get_object_or_404(Job.objects.filter(kind=UPLOAD_JOB_KIND, params__own_employer__isnull=False), pk=job_id)
    plan = plan_for(request, job.params.get("plan_id"), check)
    employer = _employer(request, plan)
    if employer is None or employer.number != job.params.get("own_employer"):
        raise exceptions.PermissionDenied("Dit is de upload van een andere werkgever.")
    return plan, job


@extend_schema(tags=["werkgeversuploads"])
class EmployerUploadList(PlanChildList):
    required_scope = Scope.PARTICIPANTS
    serializer_class = UploadStatusSerializer
    check = staticmethod(pperm.can_view_as_employer)
    parser_classes = [RawFileParser]

    def get_queryset(self):
        if self.fake():
            return Job.objects.none()
        plan = self.get_plan()
        return upload_jobs(plan, _employer(self.request, plan).number)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([_shown(job) for job in page])

    @extend_schema(summary="De uploads van de eigen medewerkers van de werkgever, nieuwste eerst")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Eigen medewerkers registreren (CSV of XLSX, formats §3); verwerkt als achtergrondtaak",
        description="De deelnemersupload van de aanvrager, beperkt tot de eigen medewerkers: de kolom werkgever is "
                    "leeg of het eigen nummer. Een inschrijving die een ander in het plan al deed, is 'niet "
                    "opgeslagen' (code not_stored), zonder te zeggen door wie.",
        request={XLSX: OpenApiTypes.BINARY, CSV: OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter("allesOfNiets", bool, description="Niets opslaan als één rij fout is."),
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER,
                             description="Dezelfde sleutel voor hetzelfde plan: dezelfde taak (één keer verwerkt)."),
        ],
        responses={202: OpenApiResponse(UploadStatusSerializer, description="Aangenomen; volg de status-URL "
                                                                            "(Location).")})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, pperm.can_act_as_employer)  # before a byte of the body is read
        return submit_body(request, plan, own_employer=_employer(request, plan).number,
                           location="/api/v1/werkgeversuploads/{}")


@extend_schema(tags=["werkgeversuploads"])
class EmployerUploadDetail(APIView):
    required_scope = Scope.PARTICIPANTS

    @extend_schema(summary="De status van een eigen upload", responses=UploadStatusSerializer)
    def get(self, request, job_id: int):
        _plan, job = _employer_job(request, job_id)
        return Response(_shown(job))

    @extend_schema(summary="Een eigen upload annuleren (er wordt dan niets opgeslagen)", request=None,
                   responses={202: UploadStatusSerializer})
    def delete(self, request, job_id: int):
        _plan, job = _employer_job(request, job_id, pperm.can_act_as_employer)
        cancel_upload_job(job)
        return Response(_shown(job), status=status.HTTP_202_ACCEPTED)


class _EmployerUploadFile(_UploadFile):
    def job(self, request, job_id: int):
        return _employer_job(request, job_id)


@extend_schema(tags=["werkgeversuploads"], summary="Het uploadrapport van een eigen upload (CSV)",
               responses=CSV_RESPONSE)
class EmployerUploadReport(_EmployerUploadFile):
    which = "report"


@extend_schema(tags=["werkgeversuploads"], summary="De fouten per rij van een eigen upload (CSV)",
               responses=CSV_RESPONSE)
class EmployerUploadErrors(_EmployerUploadFile):
    which = "errors"


# -- dossiers and evidence ---------------------------------------------------------------------------

def _dossiers(request, plan):
    """The plan's dossiers the user may read: an employer its own, the others all."""
    rows = Dossier.objects.filter(registration__plan=plan).select_related("registration__person", "claim")
    mine = _employer(request, plan)
    return (rows.filter(employer=mine) if mine is not None else rows).order_by("pk")


def _dossier(request, plan_id: int, dossier_id: int) -> Dossier:
    plan = plan_for(request, plan_id, pperm.can_view_dossiers)
    dossier = get_object_or_404(Dossier.objects.select_related("registration__plan__scheme", "registration__measure",
                                                               "registration__person", "employer__organisation"),
                                pk=dossier_id, registration__plan=plan)
    require(pperm.can_view_dossier(request.user, dossier))
    return dossier


@extend_schema(tags=["dossiers"], summary="De dossiers van een plan met wat elk nog mist (een werkgever: de eigen)")
class DossierList(PlanChildList):
    serializer_class = DossierSerializer
    check = staticmethod(pperm.can_view_dossiers)

    def get_queryset(self):
        return Dossier.objects.none() if self.fake() else _dossiers(self.request, self.get_plan())

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        states = partnership.states(Dossier.objects.filter(pk__in=[d.pk for d in page])
                                    .select_related("registration__person", "claim").order_by("pk"))
        return self.get_paginated_response(DossierSerializer(states, many=True).data)


@extend_schema(tags=["dossiers"])
class DossierDetail(APIView):
    @extend_schema(summary="Eén dossier met wat het nog mist", responses=DossierSerializer)
    def get(self, request, plan_id: int, dossier_id: int):
        return Response(DossierSerializer(partnership.state(_dossier(request, plan_id, dossier_id))).data)

    @extend_schema(summary="De gegevens van het dienstverband aanvullen (de werkgever van het dossier)",
                   request=DetailsSerializer, responses=DossierSerializer)
    def patch(self, request, plan_id: int, dossier_id: int):
        dossier = _dossier(request, plan_id, dossier_id)
        require(pperm.can_edit_dossier(request.user, dossier))
        given = DetailsSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        partnership.save_details(dossier, given.validated_data["details"], request.user)
        return Response(DossierSerializer(partnership.state(dossier)).data)


class EvidenceParser(parsers.BaseParser):
    """The body is the file (PDF, PNG or JPG), read up to one byte over the portal's upload limit: the
    service's check (``partnership.services.evidence_problem``) then refuses it as too large."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.PORTAL_UPLOAD_MAX_BYTES
        content = stream.read(limit + 1) if stream is not None else b""
        suffix = EVIDENCE_BODIES.get((media_type or "").split(";")[0].strip(), "")
        return ContentFile(content, name=f"bewijs{suffix}")


@extend_schema(tags=["dossiers"])
class EvidenceList(APIView):
    parser_classes = [EvidenceParser]

    @extend_schema(summary="De bewijsstukken van een dossier (soort en grootte)",
                   responses=EvidenceSerializer(many=True))
    def get(self, request, plan_id: int, dossier_id: int):
        dossier = _dossier(request, plan_id, dossier_id)
        return Response(EvidenceSerializer(dossier.evidence.order_by("pk"), many=True).data)

    @extend_schema(
        summary="Een bewijsstuk toevoegen (PDF, PNG of JPG, hooguit de uploadgrens van het portaal)",
        request={media: OpenApiTypes.BINARY for media in EVIDENCE_BODIES},
        parameters=[OpenApiParameter("soort", str, enum=list(EvidenceKind.values), required=True,
                                     description="Presentielijst, certificaat of factuur.")],
        responses={201: EvidenceSerializer})
    def post(self, request, plan_id: int, dossier_id: int):
        dossier = _dossier(request, plan_id, dossier_id)
        require(pperm.can_edit_dossier(request.user, dossier))
        if request.content_type.split(";")[0].strip() not in EVIDENCE_BODIES:
            raise exceptions.UnsupportedMediaType(request.content_type)
        kind = request.query_params.get("soort", "")
        if kind not in EvidenceKind.values:
            raise exceptions.ValidationError({"soort": [exceptions.ErrorDetail(
                "Kies het soort bewijsstuk: " + ", ".join(EvidenceKind.values) + ".", code="invalid_value")]})
        evidence = partnership.add_evidence(dossier, kind, request.data, request.user)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


# -- claims and the ledger ---------------------------------------------------------------------------

@extend_schema(tags=["werkgeversdeclaraties"])
class ClaimList(PlanChildList):
    serializer_class = ClaimSerializer
    check = staticmethod(pperm.can_view_dossiers)

    def get_queryset(self):
        if self.fake():
            return Claim.objects.none()
        plan = self.get_plan()
        claims = Claim.objects.filter(dossier__registration__plan=plan).order_by("pk")
        mine = _employer(self.request, plan)
        return claims.filter(dossier__employer=mine) if mine is not None else claims

    @extend_schema(summary="De declaraties van werkgevers (een werkgever: de eigen)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="De kosten van één deelnemer declareren (de werkgever van het dossier)",
                   request=ClaimCreateSerializer, responses={201: ClaimSerializer})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, pperm.can_act_as_employer)
        given = ClaimCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        dossier = _dossier(request, plan.pk, given.validated_data["dossier_id"])
        require(pperm.can_edit_dossier(request.user, dossier))
        claim = partnership.submit_claim(dossier, given.validated_data["costs_eur"], actor=request.user,
                                         on=clock.today())
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["werkgeversdeclaraties"])
class ClaimPayment(APIView):
    @extend_schema(summary="Een declaratie betalen (de hoofdaanvrager; alleen als het dossier compleet is)",
                   request=None, responses={201: ClaimSerializer})
    def post(self, request, plan_id: int, claim_id: int):
        plan = plan_for(request, plan_id, pperm.can_manage_partnership)
        claim = get_object_or_404(Claim, pk=claim_id, dossier__registration__plan=plan)
        paid = partnership.pay_claim(claim, actor=request.user, on=clock.today())
        return Response(ClaimSerializer(paid).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["grootboek"])
class LedgerList(APIView):
    @extend_schema(summary="Het grootboek van het samenwerkingsverband: per werkgever gedeclareerd, betaald, "
                           "nog te betalen (een werkgever: de eigen regel)",
                   responses=LedgerRowSerializer(many=True))
    def get(self, request, plan_id: int):
        plan = plan_for(request, plan_id, pperm.can_view_dossiers)
        rows = partnership.ledger(plan, _employer(request, plan))
        return Response(LedgerRowSerializer(rows, many=True).data)


__all__ = ["ClaimList", "ClaimPayment", "DossierDetail", "DossierList", "EmployerList", "EmployerUploadDetail",
           "EmployerUploadErrors", "EmployerUploadList", "EmployerUploadReport", "EvidenceList", "LedgerList"]
