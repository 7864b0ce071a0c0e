"""The ``API-Version`` header on every response under /api/ (Logius API Design Rules)."""

from __future__ import annotations

API_VERSION = "1.0.0"


class ApiVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = API_VERSION
        return response
