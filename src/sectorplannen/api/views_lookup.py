"""``POST /plannen/{id}/deelnemers/_zoek``: a person's registrations in one plan, looked up by BSN
without any personal data in a URI (the BSN is in the JSON body). The answer never echoes the BSN
(pseudonymised rows, as the portal's participant list shows them); every look-up is an audit event
(without the BSN) and has its own, lower rate limit per token (``lookup`` in
``DEFAULT_THROTTLE_RATES``), on top of the token's overall limit."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.participants.services import registrations_of_person

from .auth import TokenRateThrottle
from .models import Scope
from .views.common import plan_for


class LookupRateThrottle(TokenRateThrottle):
    """Look-ups per token per period: a BSN is only tried so often (``DEFAULT_THROTTLE_RATES['lookup']``)."""

    scope = "lookup"


class LookupSerializer(serializers.Serializer):
    bsn = serializers.CharField(max_length=20, write_only=True, trim_whitespace=True,
                                help_text="Het burgerservicenummer (9 cijfers). Het staat nooit in het antwoord.")


class FoundRegistrationSerializer(serializers.Serializer):
    measure = serializers.CharField(help_text="De code van de maatregel.")
    pseudonym = serializers.CharField(help_text="De eerste tekens van het pseudoniem van de persoon.")
    age_at_start = serializers.IntegerField()
    youth = serializers.BooleanField()
    target_group = serializers.CharField(allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    employer_number = serializers.CharField(allow_blank=True)


class LookupResultSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    registrations = FoundRegistrationSerializer(many=True)


@extend_schema(tags=["deelnemers"])
class ParticipantLookup(APIView):
    required_scope = Scope.PARTICIPANTS
    throttle_classes = [TokenRateThrottle, LookupRateThrottle]

    @extend_schema(summary="Een deelnemer opzoeken op BSN (in de body, nooit in de URI): zijn inschrijvingen "
                           "in dit plan, gepseudonimiseerd", request=LookupSerializer,
                   responses={200: OpenApiResponse(LookupResultSerializer)})
    def post(self, request, plan_id: int):
        plan = plan_for(request, plan_id, perm.can_view_participants)
        given = LookupSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        rows = registrations_of_person(plan, given.validated_data["bsn"])
        if rows is None:
            raise exceptions.ValidationError({"bsn": [exceptions.ErrorDetail(
                "Dit is geen geldig BSN (9 cijfers die de elfproef doorstaan).", code="bsn_invalid")]})
        record("participant_looked_up", actor=request.user, plan=plan, registrations=len(rows),
               pseudonym_prefix=rows[0]["pseudonym"] if rows else "")
        return Response(LookupResultSerializer({"found": bool(rows), "registrations": rows}).data)


__all__ = ["LookupRateThrottle", "ParticipantLookup"]
