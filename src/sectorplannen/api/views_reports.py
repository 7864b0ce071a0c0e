"""The realisation tables (``/rapportages/realisatie``) and the evaluator's outcome tables
(``/evaluatie/…``), on the services behind the portal's dashboard, report and evaluator page, behind
the same permission functions (``can_view_dashboard``, ``can_view_evaluation``).

The realisation tables are disclosure-controlled here (``monitoring.disclosure``: no count of fewer
than 10 people) and cached per data version (``monitoring.data_version``), as the dashboard is. The
report (PDF, XLSX) is the portal's background job (``monitoring.background``) in its protected
variant: ``202`` with the job's state until it is made, then the file. The evaluator's tables are
disclosure-controlled by the evaluation itself (formats §6, §8); they are read from its files."""

from __future__ import annotations

from django.core.cache import cache
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.jobs.services import file_path
from sectorplannen.monitoring.background import REPORT_FORMATS, current_realisation_report, report_file
from sectorplannen.monitoring.data_version import data_version
from sectorplannen.monitoring.disclosure import protect
from sectorplannen.monitoring.filters import KIND_CHOICES, TRANCHE_CHOICES, Filters
from sectorplannen.monitoring.locations import effects_dir, evaluation_dir, files_version
from sectorplannen.monitoring.net_effects import EXPLANATION as EFFECT_EXPLANATION
from sectorplannen.monitoring.net_effects import net_effect_tables
from sectorplannen.monitoring.services import evaluation_dates, evaluation_tables, realisation_tables

from .serializers_reports import (
    EffectsSerializer,
    EvaluationSerializer,
    RealisationSerializer,
    ReportJobSerializer,
    table_data,
)
from .views.common import require

CACHE_SECONDS = 24 * 3600  # a key of data that are no longer current is never asked for again
FILE_FORMATS = ("pdf", "xlsx")


class RealisationQuery(serializers.Serializer):
    tranche = serializers.ChoiceField(choices=[c for c, _ in TRANCHE_CHOICES], required=False)
    kind = serializers.ChoiceField(choices=[c for c, _ in KIND_CHOICES], required=False)
    sector = serializers.CharField(max_length=100, required=False)
    theme = serializers.CharField(max_length=100, required=False, help_text="Een thema (categoriecode).")


def only_params(request, *known: str) -> None:
    """A query parameter these endpoints do not know is invalid input, not silently ignored (a typo in
    a filter would otherwise answer the unfiltered tables)."""
    unknown = sorted(set(request.query_params) - set(known))
    if unknown:
        raise exceptions.ValidationError({name: [exceptions.ErrorDetail("Onbekende parameter.", code="invalid_value")]
                                          for name in unknown})


def _realisation(filters: Filters) -> dict:
    protected = [protect(t) for t in realisation_tables(filters=filters)]
    return {"filters": {"tranche": filters.tranche, "kind": filters.kind, "sector": filters.sector,
                        "theme": filters.theme},
            "suppressed_cells": sum(n for _, n in protected), "tables": [table_data(t) for t, _ in protected]}


@extend_schema(tags=["rapportages"])
class RealisationTables(APIView):
    @extend_schema(summary="De realisatietabellen (zoals het realisatiedashboard), zonder aantallen onder 10 "
                           "personen", parameters=[RealisationQuery], responses=RealisationSerializer)
    def get(self, request):
        require(perm.can_view_dashboard(request.user))
        only_params(request, *RealisationQuery().fields)
        query = RealisationQuery(data=request.query_params.dict())  # a plain dict: an empty value is invalid
        query.is_valid(raise_exception=True)
        filters = Filters(**query.validated_data)
        version = data_version()
        body = cache.get_or_set(f"api:realisation:{version}:{filters.key()}", lambda: _realisation(filters),
                                CACHE_SECONDS)
        return Response({"data_version": version, **body})


REPORT_FILES = {(200, media): OpenApiResponse(OpenApiTypes.BINARY, description=f"Het rapport ({fmt.upper()}).")
                for fmt, media in REPORT_FORMATS.items() if fmt in FILE_FORMATS}


@extend_schema(tags=["rapportages"])
class RealisationReport(APIView):
    @extend_schema(
        summary="Het realisatierapport (PDF of XLSX), zonder aantallen onder 10 personen; gemaakt als "
                "achtergrondtaak: 202 met de stand tot het klaar is, dan het bestand",
        parameters=[OpenApiParameter("formaat", str, enum=list(FILE_FORMATS), description="pdf (standaard) of xlsx")],
        responses={**REPORT_FILES, 202: OpenApiResponse(ReportJobSerializer, description="Nog niet klaar; vraag "
                                                                                          "het later opnieuw.")})
    def get(self, request):
        require(perm.can_view_dashboard(request.user))
        only_params(request, "formaat")
        fmt = request.query_params.get("formaat", "pdf")
        if fmt not in FILE_FORMATS:
            raise exceptions.ValidationError({"formaat": [exceptions.ErrorDetail("pdf of xlsx.",
                                                                                 code="invalid_value")]})
        job = current_realisation_report(user=request.user, protected=True)
        found = report_file(job, fmt)
        if found is None:
            return Response({"id": job.pk, "state": job.status, "fraction": job.fraction, "message": job.message,
                             "created_at": job.created_at}, status=status.HTTP_202_ACCEPTED,
                            headers={"Retry-After": "5"})
        record("realisation_report_downloaded", actor=request.user, format=fmt, protected=True)
        return FileResponse(file_path(found).open("rb"), as_attachment=True, filename=f"realisatie.{fmt}",
                            content_type=REPORT_FORMATS[fmt])


@extend_schema(tags=["evaluatie"])
class EvaluationOutcomes(APIView):
    @extend_schema(summary="De uitkomsten van de evaluatie per meetmoment (al beveiligd: geen cel onder 10 "
                           "personen), zoals de evaluatiepagina ze toont",
                   parameters=[OpenApiParameter("datum", OpenApiTypes.DATE, description="Een meetmoment uit "
                                                "dates (standaard het laatste).")],
                   responses=EvaluationSerializer)
    def get(self, request):
        require(perm.can_view_evaluation(request.user))
        only_params(request, "datum")
        directory = evaluation_dir()
        dates = evaluation_dates(directory)
        given = request.query_params.get("datum")
        chosen = given if given is not None else (dates[-1] if dates else None)
        if chosen is not None and chosen not in dates:
            raise exceptions.ValidationError({"datum": [exceptions.ErrorDetail(
                "Geen meetmoment van de evaluatie; kies een van dates.", code="invalid_value")]})
        key = f"api:evaluation:{files_version(directory)}:{chosen or ''}"
        tables = cache.get_or_set(key, lambda: [table_data(t) for t in evaluation_tables(directory, date=chosen)],
                                  CACHE_SECONDS)
        return Response({"dates": dates, "date": chosen, "tables": tables})


@extend_schema(tags=["evaluatie"])
class EvaluationEffects(APIView):
    @extend_schema(summary="De netto-effecten (al beveiligd: geen schatting op minder dan 10 deelnemers of 10 "
                           "vergelijkingspersonen)", responses=EffectsSerializer)
    def get(self, request):
        require(perm.can_view_evaluation(request.user))
        directory = effects_dir()
        tables = cache.get_or_set(f"api:effects:{files_version(directory)}",
                                  lambda: [table_data(t) for t in net_effect_tables(directory)[0]], CACHE_SECONDS)
        return Response({"tables": tables, "explanation": list(EFFECT_EXPLANATION)})


__all__ = ["EvaluationEffects", "EvaluationOutcomes", "RealisationReport", "RealisationTables"]
