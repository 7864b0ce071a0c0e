"""Security headers Django does not set itself: Content-Security-Policy and Permissions-Policy."""

from django.conf import settings


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
