"""Participant uploads as background jobs: ``202 Accepted`` with a status resource (progress, then
the report and the error CSV), on ``participants.services.submit_upload_job`` and
``upload_job_status``: the one importer, with the CLI's rules, limits and idempotency.

The file is the request body itself (CSV or XLSX, formats §3), encrypted into the upload queue as it
arrives (never whole in memory, never on disk in clear). Its name, which could hold a BSN, is never
in the address: it may come in ``Content-Disposition``. ``Idempotency-Key`` makes a repeated
submit one job.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.common.logs import mask_digits
from sectorplannen.jobs.models import Job
from sectorplannen.jobs.services import file_path
from sectorplannen.participants.services import (
    UPLOAD_JOB_KIND,
    SealedUpload,
    SealedWriter,
    UnusableInput,
    UploadRefused,
    cancel_upload_job,
    submit_upload_job,
    upload_job_file,
    upload_job_status,
    upload_jobs,
)
from sectorplannen.plans.models import Plan

from ..models import Scope
from .common import PlanChildList, plan_for

CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_NAME = re.compile(r'filename="?([^";]+)"?')
READ_CHUNK = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"  # an XLSX file is a zip archive: the body says what it is, whatever its label


class RawFileParser(parsers.BaseParser):
    """The body as a file: streamed into the encrypted upload queue, up to the upload limit."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.PARTICIPANT_UPLOAD_MAX_BYTES
        writer, size, head = SealedWriter(), 0, b""
        try:
            for block in iter(lambda: stream.read(READ_CHUNK), b"") if stream is not None else ():
                head = head or block[:4]
                size += len(block)
                if size > limit:
                    raise exceptions.ValidationError({"body": [exceptions.ErrorDetail(
                        f"Het bestand is groter dan {limit // (1024 * 1024)} MB; splits het. Er is niets opgeslagen.",
                        code="file_too_large")]})
                writer.write(block)
            writer.close()
        except BaseException:
            writer.discard()
            raise
        return {"token": writer.token, "size": size, "xlsx": head == ZIP_MAGIC}


class FileInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()


class FilesSerializer(serializers.Serializer):
    report = FileInfoSerializer(allow_null=True)
    errors = FileInfoSerializer(allow_null=True)


class UploadStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan_id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed", "cancelled"])
    finished = serializers.BooleanField()
    all_or_nothing = serializers.BooleanField()
    rows_read = serializers.IntegerField()
    stored = serializers.IntegerField()
    already_known = serializers.IntegerField()
    rejected = serializers.IntegerField()
    fraction = serializers.FloatField(allow_null=True)
    seconds_left = serializers.FloatField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    message = serializers.CharField(allow_blank=True)
    files = FilesSerializer()
    cancel_requested = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


def _shown(job: Job) -> dict:
    s = upload_job_status(job)
    s["files"] = {k: (None if v is None else {"name": v["name"], "size": v["size"], "content_type": v["content_type"]})
                  for k, v in s["files"].items()}
    return {k: s[k] for k in UploadStatusSerializer().fields}


def _job(request, job_id: int, check=perm.can_view_participants) -> tuple[Plan, Job]:
    job = get_object_or_404(Job.objects.filter(kind=UPLOAD_JOB_KIND), pk=job_id)
    plan = plan_for(request, job.params.get("plan_id"), check)
    return plan, job


@extend_schema(tags=["deelnemersuploads"])
class UploadList(PlanChildList):
    required_scope = Scope.PARTICIPANTS
    serializer_class = UploadStatusSerializer
    check = staticmethod(perm.can_view_participants)
    parser_classes = [RawFileParser]

    def get_queryset(self):
        if self.fake():
            return Job.objects.none()
        return upload_jobs(self.get_plan())

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([_shown(job) for job in page])

    @extend_schema(summary="De deelnemersuploads van een plan, nieuwste eerst")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Een deelnemersbestand (CSV of XLSX, formats §3) uploaden; verwerkt als achtergrondtaak",
        request={XLSX: OpenApiTypes.BINARY, CSV: OpenApiTypes.BINARY},
        parameters=[
            OpenApiParameter("allesOfNiets", bool, description="Niets opslaan als één rij fout is."),
            OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER,
                             description="Dezelfde sleutel voor hetzelfde plan: dezelfde taak (één keer verwerkt)."),
        ],
        responses={202: OpenApiResponse(UploadStatusSerializer, description="Aangenomen; volg de status-URL "
                                                                            "(Location).")})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, perm.can_upload_participants)  # before a byte of the body is read
        return submit_body(request, plan)


def submit_body(request, plan: Plan, *, own_employer: str | None = None,
                location: str = "/api/v1/deelnemersuploads/{}") -> Response:
    """The request's body as an upload job of ``plan`` (an employer's own with ``own_employer``): 202."""
    if request.content_type.split(";")[0].strip() not in (CSV, XLSX):
        raise exceptions.UnsupportedMediaType(request.content_type)
    all_or_nothing = request.query_params.get("allesOfNiets", "false")
    if all_or_nothing not in ("true", "false"):
        raise exceptions.ValidationError({"allesOfNiets": [exceptions.ErrorDetail("true of false.",
                                                                                  code="invalid_value")]})
    body = request.data
    given = FILE_NAME.search(request.headers.get("Content-Disposition", ""))
    name = (given.group(1).rsplit(".", 1)[0] if given else "deelnemers") + (".xlsx" if body["xlsx"] else ".csv")
    try:
        job = submit_upload_job(plan, SealedUpload(body["token"], body["size"], name), user=request.user,
                                original_name=name, all_or_nothing=all_or_nothing == "true",
                                idempotency_key=request.headers.get("Idempotency-Key") or None,
                                own_employer=own_employer)
    except (UnusableInput, UploadRefused) as exc:
        raise exceptions.ValidationError({"body": [exceptions.ErrorDetail(mask_digits(str(exc)),
                                                                          code="file_unusable")]}) from None
    return Response(_shown(job), status=status.HTTP_202_ACCEPTED, headers={"Location": location.format(job.pk)})


@extend_schema(tags=["deelnemersuploads"])
class UploadDetail(APIView):
    required_scope = Scope.PARTICIPANTS

    @extend_schema(summary="De status van een upload: voortgang, daarna de uitkomst en de bestanden",
                   responses=UploadStatusSerializer)
    def get(self, request, job_id: int):
        _plan, job = _job(request, job_id)
        return Response(_shown(job))

    @extend_schema(summary="Een upload annuleren (er wordt dan niets opgeslagen)", request=None,
                   responses={202: UploadStatusSerializer})
    def delete(self, request, job_id: int):
        _plan, job = _job(request, job_id, perm.can_upload_participants)
        cancel_upload_job(job)
        return Response(_shown(job), status=status.HTTP_202_ACCEPTED)


class _UploadFile(APIView):
    required_scope = Scope.PARTICIPANTS
    which = ""

    def job(self, request, job_id: int) -> tuple[Plan, Job]:
        return _job(request, job_id)

    def get(self, request, job_id: int):
        plan, job = self.job(request, job_id)
        found = upload_job_file(job, self.which)
        if found is None:
            raise exceptions.NotFound("Dit bestand is er (nog) niet: de upload is niet (goed) afgerond.")
        record("participants_viewed", actor=request.user, plan=plan, page=f"api_upload_{self.which}", job=job.pk)
        return FileResponse(open(file_path(found), "rb"), content_type="text/csv; charset=utf-8", as_attachment=True,
                            filename=found.name)


CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV")}


@extend_schema(tags=["deelnemersuploads"], summary="Het uploadrapport (CSV)", responses=CSV_RESPONSE)
class UploadReport(_UploadFile):
    which = "report"


@extend_schema(tags=["deelnemersuploads"], summary="De fouten per rij (CSV: row,column,code,message)",
               responses=CSV_RESPONSE)
class UploadErrors(_UploadFile):
    which = "errors"


__all__ = ["UploadDetail", "UploadErrors", "UploadList", "UploadReport"]
