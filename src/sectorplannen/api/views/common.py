"""What every view of the API shares: the plan behind a path, the permission answer as a 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from rest_framework import generics

from sectorplannen.accounts import permissions as perm
from sectorplannen.plans.models import Plan


def require(answer: tuple[bool, str]) -> None:
    """A permission function's no as a 403 with its reason (as the portal's ``require``)."""
    allowed, reason = answer
    if not allowed:
        raise PermissionDenied(reason)


def plan_for(request, plan_id: int, check=perm.can_view_plan) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("tranche", "scheme"), pk=plan_id)
    require(check(request.user, plan))
    return plan


class PlanChildList(generics.ListAPIView):
    """A list of something of one plan, behind the plan's permission function."""

    check = staticmethod(perm.can_view_plan)

    def fake(self) -> bool:
        """Whether drf-spectacular is only reading the view to write the OpenAPI document."""
        return getattr(self, "swagger_fake_view", False)

    def get_plan(self) -> Plan:
        if not hasattr(self, "_plan"):
            self._plan = plan_for(self.request, self.kwargs["plan_id"], self.check)
        return self._plan
