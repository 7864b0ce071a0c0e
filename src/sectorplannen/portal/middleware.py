"""Security headers Django does not set itself (Content-Security-Policy, Permissions-Policy), and
the domain's errors as 403 and 409 pages."""

from django.conf import settings
from django.shortcuts import render

from sectorplannen.common.errors import Conflict, Refused


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.user.is_authenticated:
            # Pages with plan and participant data must not linger in shared caches or the back button.
            response.setdefault("Cache-Control", "no-store")
        return response


class DomainErrorMiddleware:
    """The one place where the domain's errors become pages: ``Conflict`` → 409 (someone else was
    first), ``Refused`` → 403 with the reasons. Views that can show a refusal at its form catch it
    themselves; whatever reaches this point is answered here, never as a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Conflict):
            return render(request, "portal/errors/409.html", {"reasons": exception.problems}, status=409)
        if isinstance(exception, Refused):
            return render(request, "portal/errors/403.html", {"reason": " ".join(exception.problems)}, status=403)
        return None
