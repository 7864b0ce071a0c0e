"""Helpers shared by the portal views, the home page and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.roles import ADMINISTRATOR, APPLICANT, EVALUATOR, LINKAGE_OFFICER, has_role
from sectorplannen.common.errors import Conflict, Refused
from sectorplannen.plans.models import Plan


def require(answer: tuple[bool, str]) -> None:
    """Turn a permission answer into a 403 with the reason shown to the user."""
    allowed, reason = answer
    if not allowed:
        raise PermissionDenied(reason)


def form_refusals(refused: Refused) -> tuple:
    """The reasons of a rule refusal, to show at the form. A refusal of the person (role, four eyes)
    and a conflict are raised on, so the 403 and 409 pages of ``DomainErrorMiddleware`` answer them."""
    if isinstance(refused, Conflict) or "not_allowed" in refused.codes:
        raise refused
    return refused.refusals


def plan_for(request, plan_id: int, check=perm.can_view_plan) -> Plan:
    """The plan, reference plans included (the permission function decides who may see and do what)."""
    plan = get_object_or_404(Plan.objects.select_related("tranche", "scheme"), pk=plan_id)
    require(check(request.user, plan))
    return plan


def paginate(request, queryset, per_page: int | None = None, param: str = "page"):
    return Paginator(queryset, per_page or settings.PORTAL_PAGE_SIZE).get_page(request.GET.get(param))


def query_prefix(request, *names: str) -> str:
    """``name=value&`` for the given GET parameters that are set, to keep filters on the page links."""
    kept = {n: request.GET[n] for n in names if request.GET.get(n)}
    return urlencode(kept) + "&" if kept else ""


def one_error_summary(groups) -> list[dict]:
    """One error summary at the top of a page with several forms (a card per measure): the forms'
    errors as links to their fields, each form rendered without its own summary. ``groups`` holds
    (heading or "", form) pairs."""
    items = []
    for group, form in groups:
        form.own_summary = False
        if not form.is_bound:
            continue
        items += [{"group": group, "label": "", "error": e, "id": ""} for e in form.non_field_errors()]
        for field in form:
            items += [{"group": group, "label": field.label, "error": e, "id": field.id_for_label or field.auto_id}
                      for e in field.errors]
    return items


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
def home(request):
    """Send everyone to the page their role starts from."""
    user = request.user
    if has_role(user, APPLICANT):
        return redirect("portal:my_plans")
    if perm.can_use_desk(user)[0]:
        return redirect("portal:queue")
    if has_role(user, EVALUATOR):
        return redirect("portal:evaluation")
    if has_role(user, ADMINISTRATOR):
        return redirect("portal:system_audit")
    return render(request, "portal/home.html", {"linkage": has_role(user, LINKAGE_OFFICER)})


def permission_denied(request, exception=None):
    reason = str(exception) if exception and str(exception) else _("U heeft geen toegang tot deze pagina.")
    return render(request, "portal/errors/403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    return render(request, "portal/errors/404.html", {}, status=404)


def csrf_failure(request, reason=""):
    return render(request, "portal/errors/csrf.html", {}, status=403)
