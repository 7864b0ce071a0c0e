"""The advance requests of /voorschotten (issue 18): what the applicant asks, its status, and the
decision with the figures it was taken on (the scheme's advance rule, what was advanced before)."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from sectorplannen.workflow.models import AdvanceDecision, AdvanceRequest


class AdvanceCreateSerializer(serializers.Serializer):
    plan_id = serializers.IntegerField(min_value=1)
    standard = serializers.BooleanField(default=False, help_text="Het standaardvoorschot: wat het voorschotschema "
                                                                 "vandaag toestaat, minus wat al is voorgeschoten.")
    amount_eur = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False,
                                          allow_null=True, help_text="Het gevraagde bedrag (niet bij standard).")
    reason = serializers.CharField(max_length=2000)

    def validate(self, attrs):
        if not attrs.get("standard") and attrs.get("amount_eur") is None:
            raise serializers.ValidationError({"amount_eur": [serializers.ErrorDetail(
                "Noem het bedrag, of vraag het standaardvoorschot (standard: true).", code="required")]})
        return attrs


class AdvanceRefusalSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Waarom het voorschot niet wordt verleend.")


class AdvanceDecisionSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    advanced_after_eur = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    not_advanced_eur = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = AdvanceDecision
        fields = ["number", "reference", "decided_on", "amount_eur", "max_subsidy_eur", "initial_share",
                  "interval_months", "max_cumulative_share", "due_eur", "advanced_before_eur", "advanced_after_eur",
                  "not_advanced_eur"]
        read_only_fields = fields


class AdvanceRequestSerializer(serializers.ModelSerializer):
    plan_id = serializers.IntegerField(read_only=True)
    decision = serializers.SerializerMethodField()

    class Meta:
        model = AdvanceRequest
        fields = ["id", "plan_id", "requested_on", "amount_eur", "standard", "reason", "status", "refusal_reason",
                  "created_at", "decision"]
        read_only_fields = fields

    def get_decision(self, req) -> AdvanceDecisionSerializer(allow_null=True):
        decision = getattr(req, "decision", None)
        return AdvanceDecisionSerializer(decision).data if decision is not None else None
