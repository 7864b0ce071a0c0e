"""The decisions that end a plan without a settlement (refusal, withdrawal, lapse) and their letters
(PDF): the stored ``workflow.ClosingDecision`` and ``workflow.letters``, as the portal prints them,
behind the portal's permission function (``can_view_plan``)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from sectorplannen.audit.services import record
from sectorplannen.workflow.letters import closing_letter_filename, closing_letter_pdf
from sectorplannen.workflow.models import ClosingDecision

from .views.common import PlanChildList, plan_for
from .views.plans import PDF, _Letter


class ClosingReasonSerializer(serializers.Serializer):
    ground = serializers.CharField(required=False, allow_blank=True, help_text="De grond (bij een afwijzing).")
    text = serializers.CharField()


class ClosingDecisionSerializer(serializers.ModelSerializer):
    reasons = ClosingReasonSerializer(many=True, read_only=True)
    reference = serializers.CharField(read_only=True, help_text="Het kenmerk van de brief.")

    class Meta:
        model = ClosingDecision
        fields = ["id", "kind", "reference", "decided_on", "decided_at", "reasons", "granted_eur", "advanced_eur",
                  "reclaimed_eur"]


def _closing(request, plan_id: int, decision_id: int) -> ClosingDecision:
    plan = plan_for(request, plan_id)
    closing = ClosingDecision.objects.filter(plan=plan, pk=decision_id).select_related("plan").first()
    if closing is None:
        raise Http404
    return closing


@extend_schema(tags=["afsluitbesluiten"],
               summary="Het besluit dat het plan beëindigt zonder vaststelling (afwijzing, intrekking, vervallen)")
class ClosingDecisionList(PlanChildList):
    serializer_class = ClosingDecisionSerializer

    def get_queryset(self):
        if self.fake():
            return ClosingDecision.objects.none()
        return ClosingDecision.objects.filter(plan=self.get_plan()).order_by("pk")


@extend_schema(tags=["afsluitbesluiten"], summary="Eén afsluitbesluit met zijn redenen")
class ClosingDecisionDetail(generics.RetrieveAPIView):
    serializer_class = ClosingDecisionSerializer

    def get_object(self):
        return _closing(self.request, self.kwargs["plan_id"], self.kwargs["decision_id"])


@extend_schema(tags=["afsluitbesluiten"], summary="De brief van het afsluitbesluit (PDF)", responses=PDF)
class ClosingLetter(_Letter):
    def get(self, request, plan_id: int, decision_id: int):
        closing = _closing(request, plan_id, decision_id)
        record("closing_letter_viewed", actor=request.user, plan=closing.plan, kind=closing.kind)
        return self.send(closing_letter_pdf(closing), closing_letter_filename(closing))


__all__ = ["ClosingDecisionDetail", "ClosingDecisionList", "ClosingLetter"]
