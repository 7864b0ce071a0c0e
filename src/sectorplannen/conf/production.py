"""Production: refuses to start without explicit secrets and keys."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BSN_ENCRYPTION_KEYS, KEY_FILE, PSEUDONYM_KEY

for _name in ("SECRET_KEY", "DATABASE_URL"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"{_name} must be set in production")
if not KEY_FILE and not (BSN_ENCRYPTION_KEYS and PSEUDONYM_KEY):
    raise ImproperlyConfigured(
        "Set SECTORPLANNEN_BSN_ENCRYPTION_KEYS and SECTORPLANNEN_PSEUDONYM_KEY (or SECTORPLANNEN_KEY_FILE)"
    )
ALLOW_GENERATED_KEYS = False
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True

# Behind a TLS-terminating proxy (docs/configuration.md): trust its X-Forwarded-Proto header only when
# told so, and redirect plain HTTP to HTTPS unless switched off.
if os.environ.get("SECTORPLANNEN_TLS_PROXY") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECTORPLANNEN_SSL_REDIRECT", "1") == "1"
# Static files served by the application itself (whitenoise), from STATIC_ROOT after collectstatic.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
