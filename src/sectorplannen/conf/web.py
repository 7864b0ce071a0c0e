"""Settings of the web application (portals, security headers, sessions, authentication).

Star-imported at the end of ``base.py``; it extends base's middleware and template settings.
"""

import os

from . import base as _base

MIDDLEWARE = [
    *_base.MIDDLEWARE,
    "sectorplannen.portal.middleware.SecurityHeadersMiddleware",
]
TEMPLATES = _base.TEMPLATES
TEMPLATES[0]["OPTIONS"]["context_processors"] = [
    *TEMPLATES[0]["OPTIONS"]["context_processors"],
    "django.template.context_processors.i18n",
    "sectorplannen.portal.context_processors.portal",
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: short, sliding, never readable by scripts, sent only over HTTPS.
SESSION_COOKIE_AGE = int(os.environ.get("SECTORPLANNEN_SESSION_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Browsers treat localhost as secure, so secure cookies also work in development and browser tests.
SESSION_COOKIE_SECURE = os.environ.get("SECTORPLANNEN_INSECURE_COOKIES") != "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "sectorplannen.portal.views.common.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: every script and style sheet is a vendored static file.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

# Lock-out: this many failed logins for one user name lock it for this many minutes.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_MINUTES = 15
# Rate limits per client address: (requests, seconds).
RATE_LIMIT_LOGIN = (20, 60)
RATE_LIMIT_UPLOAD = (10, 60)

# Uploads (participants, auditor's statements): type and size are checked before reading.
PORTAL_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Lists in the portal show this many rows per page.
PORTAL_PAGE_SIZE = 25
# Where the evaluator's disclosure-controlled outcome tables are read from; empty = <data dir>/evaluatie.
SECTORPLANNEN_EVALUATION_DIR = os.environ.get("SECTORPLANNEN_EVALUATION_DIR", "")
SECTORPLANNEN_EFFECTS_DIR = os.environ.get("SECTORPLANNEN_EFFECTS_DIR", "")  # output of `sectorplannen effects`
# The date the portal treats as "today" (ISO), for replaying the historical scheme; empty = today.
SECTORPLANNEN_BUSINESS_DATE = os.environ.get("SECTORPLANNEN_BUSINESS_DATE", "")
