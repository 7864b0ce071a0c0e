"""After the grant: progress reports, the final declaration with the auditor's statement, and the
what-if settlement calculator (formats §7), on the finance services and the workflow's ``declare``."""

from __future__ import annotations

import base64
import binascii
import json
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, parsers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.accounts import permissions as perm
from sectorplannen.finance.declarations import looks_like_pdf
from sectorplannen.finance.models import FinalDeclaration, ProgressReport
from sectorplannen.finance.services import (
    DeclaredMeasure,
    InvalidSettlementDocument,
    RealisedSoFar,
    calculate_settlement,
    submit_progress_report,
)
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow

from ..serializers import (
    DeclarationCreateSerializer,
    DeclarationSerializer,
    ProgressCreateSerializer,
    ProgressReportSerializer,
)
from .common import PlanChildList, plan_for, require


def _pdf(encoded: str) -> ContentFile:
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise exceptions.ValidationError({"auditor_statement_pdf": [exceptions.ErrorDetail(
            "Geen geldige base64-tekst.", code="invalid_value")]}) from None
    if len(content) > settings.PORTAL_UPLOAD_MAX_BYTES or not looks_like_pdf(content[:8]):
        raise exceptions.ValidationError({"auditor_statement_pdf": [exceptions.ErrorDetail(
            "De accountantsverklaring moet een PDF-bestand zijn (hooguit 10 MB).", code="not_a_pdf")]})
    return ContentFile(content, name="accountantsverklaring.pdf")


@extend_schema(tags=["einddeclaraties"])
class DeclarationList(PlanChildList):
    serializer_class = DeclarationSerializer
    check = staticmethod(perm.can_view_finance)

    def get_queryset(self):
        if self.fake():
            return FinalDeclaration.objects.none()
        return FinalDeclaration.objects.filter(plan=self.get_plan()).order_by("pk")  # pages need a fixed order

    @extend_schema(summary="De einddeclaratie van een plan (nul of één)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="De einddeclaratie indienen met de accountantsverklaring",
                   request=DeclarationCreateSerializer, responses={201: DeclarationSerializer})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, perm.can_declare)
        given = DeclarationCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        lines = {line["code"]: DeclaredMeasure(line["realised_participants"], line["eligible_costs_eur"],
                                               line.get("realised_youth_participants"))
                 for line in d["lines"]}
        workflow.transition(plan, "declare", request.user, submitted_on=clock.today(), lines=lines,
                            auditor_statement=_pdf(d["auditor_statement_pdf"]))
        return Response(DeclarationSerializer(plan.final_declaration).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["voortgangsrapportages"])
class ProgressReportList(PlanChildList):
    serializer_class = ProgressReportSerializer
    check = staticmethod(perm.can_view_finance)

    def get_queryset(self):
        if self.fake():
            return ProgressReport.objects.none()
        return self.get_plan().progress_reports.order_by("month")

    @extend_schema(summary="De voortgangsrapportages van een plan")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Een voortgangsrapportage indienen (alle maatregelen van de laatste beschikking)",
                   request=ProgressCreateSerializer, responses={201: ProgressReportSerializer})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, perm.can_report_progress)
        given = ProgressCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        lines = {line["code"]: RealisedSoFar(line["participants"], line["costs_eur"]) for line in d["lines"]}
        report = submit_progress_report(plan, d["month"], clock.today(), lines, actor=request.user)
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)


class DecimalJSONParser(parsers.JSONParser):
    """Amounts stay exactly as written (Decimal, never float), as ``sectorplannen settle`` reads them."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return json.loads(stream.read().decode("utf-8"), parse_float=Decimal)
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"Geen geldige JSON: {exc}") from None


CALCULATOR_EXAMPLE = {"scheme": "sectorplannen-2015", "max_subsidy_eur": 1000000.00, "advances_paid_eur": 400000.00,
                      "measures": [{"code": "M01", "type": "work_placement", "planned_participants": 100,
                                    "realised_participants": 80, "planned_costs_eur": 500000.00,
                                    "eligible_costs_eur": 450000.00}]}


@extend_schema(tags=["rekenhulp"], summary="Wat-als-vaststelling (formats §7); er wordt niets opgeslagen",
               request={"application/json": {"type": "object", "additionalProperties": True,
                                             "example": CALCULATOR_EXAMPLE}},
               responses={200: {"type": "object", "additionalProperties": True}})
class Calculator(APIView):
    parser_classes = [DecimalJSONParser]

    def post(self, request):
        require(perm.can_use_calculator(request.user))
        try:
            result = calculate_settlement(request.data)
        except InvalidSettlementDocument as exc:
            raise exceptions.ValidationError({p.path: [exceptions.ErrorDetail(p.message, code="invalid_value")]
                                              for p in exc.problems}) from None
        return Response(result.to_json())
