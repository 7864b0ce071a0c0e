"""The OpenAPI document, public (API Design Rules: the contract is readable without a token)."""

from __future__ import annotations

from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny


class OpenApiDocument(SpectacularAPIView):
    renderer_classes = [OpenApiJsonRenderer]
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = []
