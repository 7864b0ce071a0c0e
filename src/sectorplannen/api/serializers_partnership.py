"""What the API shows and takes of the partnership's administration (issue 21): employers in a plan,
dossiers (never a BSN: a pseudonym's first characters, as the portal shows), evidence, claims and the
ledger."""

from __future__ import annotations

from rest_framework import serializers

from sectorplannen.partnership.models import Claim, EvidenceKind, PlanEmployer
from sectorplannen.partnership.services import DETAIL_FIELDS

PSEUDONYM_SHOWN = 10  # as the portal's pages


class EmployerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organisation.name")

    class Meta:
        model = PlanEmployer
        fields = ["id", "name", "number", "invited_on"]


class InviteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=20, help_text="Loonheffingennummer (9 cijfers, L, 2 cijfers) of "
                                                            "KvK-nummer (8 cijfers).")


class DossierSerializer(serializers.Serializer):
    """One dossier as ``partnership.services.state`` sees it."""

    id = serializers.IntegerField(source="dossier.pk")
    employer_id = serializers.IntegerField(source="dossier.employer_id")
    measure = serializers.CharField(source="dossier.registration.measure.code")
    pseudonym = serializers.SerializerMethodField(help_text="De eerste tekens van het pseudoniem (nooit een BSN).")
    start_date = serializers.DateField(source="dossier.registration.start_date")
    details = serializers.DictField(source="dossier.details", child=serializers.CharField())
    complete = serializers.BooleanField()
    missing_documents = serializers.ListField(child=serializers.ChoiceField(choices=EvidenceKind.choices))
    missing_fields = serializers.ListField(child=serializers.ChoiceField(choices=list(DETAIL_FIELDS)))
    blocking = serializers.ListField(child=serializers.CharField(),
                                     help_text="Wat het dossier nog mist, zoals de gebruiker het leest.")
    claim_id = serializers.SerializerMethodField()

    def get_pseudonym(self, state) -> str:
        return state.dossier.registration.person.pseudonym[:PSEUDONYM_SHOWN]

    def get_claim_id(self, state) -> int | None:
        claim = getattr(state.dossier, "claim", None)
        return claim.pk if claim is not None else None


class DetailsSerializer(serializers.Serializer):
    details = serializers.DictField(child=serializers.CharField(max_length=100, allow_blank=True),
                                    help_text="Gegevens van het dienstverband die de maatregel vraagt: "
                                              + ", ".join(DETAIL_FIELDS) + ".")

    def validate_details(self, value):
        unknown = set(value) - set(DETAIL_FIELDS)
        if unknown:
            raise serializers.ValidationError(f"Onbekend gegeven: {', '.join(sorted(unknown))}.", code="invalid_value")
        return value


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()


class ClaimSerializer(serializers.ModelSerializer):
    dossier_id = serializers.IntegerField(read_only=True)
    paid = serializers.BooleanField(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "dossier_id", "costs_eur", "rate", "plan_share_eur", "own_share_eur", "decision_version",
                  "claimed_on", "paid", "paid_on"]


class ClaimCreateSerializer(serializers.Serializer):
    dossier_id = serializers.IntegerField(min_value=1)
    costs_eur = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class LedgerRowSerializer(serializers.Serializer):
    employer_id = serializers.IntegerField(source="employer.pk")
    name = serializers.CharField(source="employer.organisation.name")
    dossiers = serializers.IntegerField()
    claims = serializers.IntegerField()
    costs_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    claimed_eur = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Het deel van het plan.")
    paid_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    awaiting_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
    own_share_eur = serializers.DecimalField(max_digits=14, decimal_places=2)
