"""What the API shows and takes. Field names follow the domain's documents (formats §1, §7)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sectorplannen.finance.models import FinalDeclaration, ProgressReport, Settlement, SettlementLine
from sectorplannen.plans.models import DecisionLine, GrantDecision, Measure, Plan, PlanPartner
from sectorplannen.workflow.models import Proposal, ProposalKind

from .models import ApiToken, Concept


class PartnerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organisation.name")

    class Meta:
        model = PlanPartner
        fields = ["name", "kind", "roles", "cao_party", "equity_eur"]


class MeasureSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="measure_type")

    class Meta:
        model = Measure
        fields = ["code", "category", "type", "description", "target_groups", "bottlenecks", "planned_participants",
                  "planned_youth_participants", "planned_costs_eur", "individual_registration",
                  "goals", "mechanism", "goals_codebook"]  # issue 14: narrow goals, with their codebook version


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "name", "tranche_label", "kind", "sectors", "regions", "start_date", "end_date",
                  "submitted_on", "status", "is_reference", "updated_at"]


class PlanDetailSerializer(PlanSerializer):
    partners = PartnerSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "partners", "measures"]


class DecisionLineSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="measure.code")

    class Meta:
        model = DecisionLine
        fields = ["code", "status", "planned_participants", "planned_youth_participants", "planned_costs_eur", "rate"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = GrantDecision
        fields = ["version", "kind", "decided_on", "decided_at", "reason", "analysis_date", "start_date", "end_date",
                  "extension_months", "max_subsidy_eur", "advance_schedule", "changes"]


class DecisionDetailSerializer(DecisionSerializer):
    lines = DecisionLineSerializer(many=True, read_only=True)

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "lines"]


class SettlementLineSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="measure.code")

    class Meta:
        model = SettlementLine
        fields = ["code", "measure_type", "rate", "planned_participants", "realised_participants", "planned_costs_eur",
                  "eligible_costs_eur", "gross_subsidy_eur", "subsidy_eur", "status", "participant_check"]


class SettlementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Settlement
        fields = ["version", "reason", "scheme_code", "settled_on", "settled_at", "eligible_costs_eur",
                  "planned_costs_eur", "cost_threshold_met", "measure_subsidy_eur", "max_subsidy_eur", "cap_applied",
                  "determined_subsidy_eur", "advances_paid_eur", "balance_eur"]


class SettlementDetailSerializer(SettlementSerializer):
    lines = SettlementLineSerializer(many=True, read_only=True)

    class Meta(SettlementSerializer.Meta):
        fields = [*SettlementSerializer.Meta.fields, "lines", "explanation"]


@extend_schema_field({"type": "object", "additionalProperties": True})
class DocumentField(serializers.JSONField):
    """A JSON object (the application document of formats §1)."""


class ConceptSerializer(serializers.ModelSerializer):
    document = DocumentField(help_text="Het aanvraagdocument (formats §1), ook onvolledig.")
    plan_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Concept
        fields = ["id", "document", "plan_id", "created_at", "updated_at"]
        read_only_fields = ["id", "plan_id", "created_at", "updated_at"]

    def validate_document(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Het document is een JSON-object (formats §1).", code="invalid_value")
        return value


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    path = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class FindingsSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)
    requested_subsidy_eur = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class ProposalSerializer(serializers.ModelSerializer):
    plan_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "plan_id", "kind", "payload", "note", "status", "drafted_at", "decided_at", "outcome"]
        read_only_fields = fields


class AssessmentSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    verdict = serializers.ChoiceField(choices=["approve", "reduce", "refuse"])
    planned_participants = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    planned_costs_eur = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                                 allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class RefusalReasonSerializer(serializers.Serializer):
    ground = serializers.CharField(max_length=40)
    text = serializers.CharField(max_length=2000)


class ProposalCreateSerializer(serializers.Serializer):
    plan_id = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=ProposalKind.values)
    revision_request_id = serializers.IntegerField(min_value=1, required=False,
                                                   help_text="Bij een herziening: het verzoek waarop zij antwoordt.")
    advance_request_id = serializers.IntegerField(min_value=1, required=False,
                                                  help_text="Bij een voorschot: het verzoek waarop het antwoordt.")
    assessments = AssessmentSerializer(many=True, required=False)
    reasons = RefusalReasonSerializer(many=True, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SendBackSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=4000, help_text="Waarom het voorstel terug gaat.")


class DecisionTakenSerializer(serializers.Serializer):
    proposal_id = serializers.IntegerField()
    status = serializers.CharField()
    outcome = serializers.CharField(allow_blank=True)
    plan_status = serializers.CharField()


class DeclarationLineSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    realised_participants = serializers.IntegerField(min_value=0, allow_null=True)
    realised_youth_participants = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    eligible_costs_eur = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class DeclarationCreateSerializer(serializers.Serializer):
    lines = DeclarationLineSerializer(many=True)
    auditor_statement_pdf = serializers.CharField(help_text="De accountantsverklaring (PDF), base64-gecodeerd.")


class DeclarationSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinalDeclaration
        fields = ["submitted_on", "created_at"]


class ProgressLineSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    participants = serializers.IntegerField(min_value=0, allow_null=True)
    costs_eur = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class ProgressCreateSerializer(serializers.Serializer):
    month = serializers.IntegerField(min_value=1, max_value=240)
    lines = ProgressLineSerializer(many=True)


class ProgressReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["month", "period_end", "due_on", "submitted_on", "created_at"]


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"]
        read_only_fields = fields
