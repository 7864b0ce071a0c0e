"""The applicant's steps on a running plan: a revision request (previewed by the revision rules first),
the withdrawal and the report that the work started; all through ``workflow.services``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.accounts import permissions as perm
from sectorplannen.common.errors import Reason, Refused
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.models import RevisionRequest

from .common import PlanChildList, plan_for


@extend_schema_field({"type": "array", "items": {"type": "object", "additionalProperties": True}})
class ChangesField(serializers.ListField):
    """The requested changes as the revision rules read them (``op``: set, shift_budget, stop, extend,
    split, merge, with their fields)."""

    child = serializers.DictField()


class RevisionCreateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)
    analysis_date = serializers.DateField()
    first_progress_report_on = serializers.DateField(required=False, allow_null=True)
    changes = ChangesField(min_length=1, max_length=50)


class RevisionRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = RevisionRequest
        fields = ["id", "requested_on", "reason", "analysis_date", "changes", "first_progress_report_on", "status",
                  "created_at"]


@extend_schema(tags=["herzieningsverzoeken"])
class RevisionRequestList(PlanChildList):
    serializer_class = RevisionRequestSerializer

    def get_queryset(self):
        if self.fake():
            return RevisionRequest.objects.none()
        return self.get_plan().revision_requests.order_by("-pk")

    @extend_schema(summary="De herzieningsverzoeken van een plan")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="Een herziening vragen; de herzieningsregels toetsen het verzoek eerst",
                   request=RevisionCreateSerializer, responses={201: RevisionRequestSerializer})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, perm.can_request_revision)
        given = RevisionCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        preview = workflow.preview_revision(plan, d["changes"], reason=d["reason"], analysis_date=d["analysis_date"],
                                            requested_on=clock.today(),
                                            first_progress_report_on=d.get("first_progress_report_on"))
        if preview.refusals:
            raise Refused([Reason(r.code, r.message) for r in preview.refusals])
        req = workflow.request_revision(plan, request.user, changes=d["changes"], reason=d["reason"],
                                        analysis_date=d["analysis_date"],
                                        first_progress_report_on=d.get("first_progress_report_on"))
        return Response(RevisionRequestSerializer(req).data, status=status.HTTP_201_CREATED)


class WithdrawalSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class StepTakenSerializer(serializers.Serializer):
    plan_id = serializers.IntegerField()
    plan_status = serializers.CharField()


@extend_schema(tags=["plannen"], summary="De hoofdaanvrager trekt de aanvraag of het plan in",
               request=WithdrawalSerializer, responses={201: StepTakenSerializer})
class Withdrawal(APIView):
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, perm.can_withdraw)
        given = WithdrawalSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        workflow.transition(plan, "withdraw", request.user, reason=given.validated_data["reason"])
        return Response({"plan_id": plan.pk, "plan_status": plan.status}, status=status.HTTP_201_CREATED)


@extend_schema(tags=["plannen"], summary="De hoofdaanvrager meldt dat de uitvoering is gestart", request=None,
               responses={201: StepTakenSerializer})
class StartReport(APIView):
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, perm.can_report_start)
        workflow.transition(plan, "start", request.user)
        return Response({"plan_id": plan.pk, "plan_status": plan.status}, status=status.HTTP_201_CREATED)
