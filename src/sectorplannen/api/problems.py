"""Errors as ``application/problem+json`` (RFC 9457), with ``invalidParams`` in the field paths and
codes of the application document's findings (formats §1) and the domain's refusal codes."""

from __future__ import annotations

import structlog
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from sectorplannen.common.errors import Conflict, Refused
from sectorplannen.plans.application import ApplicationRefused

log = structlog.get_logger(__name__)

PROBLEM = "application/problem+json"
TITLES = {
    400: "Ongeldige invoer", 401: "Niet aangemeld", 403: "Niet toegestaan", 404: "Niet gevonden",
    405: "Methode niet toegestaan", 406: "Niet aanvaardbaar", 409: "Conflict", 413: "Te groot",
    415: "Mediatype niet ondersteund", 422: "Niet verwerkbaar", 429: "Te veel verzoeken", 500: "Interne fout",
}


class ProblemRenderer(JSONRenderer):
    media_type = PROBLEM


def problem(status_code: int, detail: str, request=None, **extra) -> dict:
    body = {"type": f"https://sectorplannen.nl/problemen/{status_code}", "title": TITLES.get(status_code, ""),
            "status": status_code, "detail": detail}
    if request is not None:
        body["instance"] = request.path
    body.update(extra)
    return body


def invalid_params(errors, path: str = "") -> list[dict]:
    """DRF's nested error structure as a flat list of ``{name, code, reason}`` with document paths
    (``measures[2].bottlenecks``)."""
    out: list[dict] = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            if isinstance(key, int) or str(key).isdigit():
                out += invalid_params(value, f"{path}[{key}]")
                continue
            name = key if key != "non_field_errors" else ""
            out += invalid_params(value, f"{path}.{name}" if path and name else (name or path))
    elif isinstance(errors, list):
        if errors and all(isinstance(e, (dict, list)) for e in errors):
            for i, e in enumerate(errors):
                out += invalid_params(e, f"{path}[{i}]")
        else:
            for e in errors:
                out += invalid_params(e, path)
    else:
        code = getattr(errors, "code", "invalid")
        out.append({"name": path, "code": "invalid_value" if code in ("invalid", "required", "null", "blank",
                                                                        "invalid_choice", "not_a_list") else code,
                    "reason": str(errors)})
    return out


def _refusal(exc: Refused) -> tuple[int, dict]:
    reasons = [{"name": "", "code": r.code, "reason": r.message} for r in exc.reasons]
    if isinstance(exc, Conflict):
        return status.HTTP_409_CONFLICT, {"invalidParams": reasons}
    if "not_allowed" in exc.codes or "four_eyes" in exc.codes:
        return status.HTTP_403_FORBIDDEN, {"invalidParams": reasons}
    return status.HTTP_422_UNPROCESSABLE_ENTITY, {"invalidParams": reasons}


def exception_handler(exc, context):
    """DRF's exception handler: every error is a problem document; an unexpected one is a 500 without
    a traceback (logged, the detail says nothing of the internals)."""
    request = context.get("request")
    headers = {}
    extra: dict = {}
    if isinstance(exc, ApplicationRefused):
        code, detail = 400, _("De aanvraag bevat fouten.")
        extra = {"invalidParams": [{"name": f.path, "code": f.code, "reason": f.message}
                                   for f in exc.findings if f.severity == "error"]}
    elif isinstance(exc, Refused):
        code, extra = _refusal(exc)
        detail = str(exc)
    elif isinstance(exc, Http404):
        code, detail = 404, _("Deze bron bestaat niet (of u heeft er geen toegang toe).")
    elif isinstance(exc, PermissionDenied):
        code, detail = 403, str(exc) or _("Niet toegestaan.")
    elif isinstance(exc, exceptions.APIException):
        code = exc.status_code
        if isinstance(exc, exceptions.ValidationError):
            detail, extra = _("De invoer is ongeldig."), {"invalidParams": invalid_params(exc.detail)}
        else:
            detail = str(exc.detail)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
    else:
        log.error("api_unhandled_error", error_type=type(exc).__name__, path=getattr(request, "path", ""))
        code, detail = 500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw.")
    if code == 401 and "WWW-Authenticate" not in headers:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    response = Response(problem(code, detail, request, **extra), status=code, headers=headers,
                        content_type=PROBLEM)
    return response


@csrf_exempt  # an API path: no session, no CSRF token; the answer is a 404 whatever the method
def not_found(request, *args, **kwargs):
    """Any other path under /api/ (a trailing slash included): 404 as a problem, never a redirect."""
    return JsonResponse(problem(404, _("Deze bron bestaat niet. Paden van de API eindigen nooit op '/'."),
                                request), status=404, content_type=PROBLEM)
