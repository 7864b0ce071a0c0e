"""Settings of the web application (portals, security headers, sessions, authentication).

Star-imported at the end of ``base.py``; it extends base's middleware and template settings.
"""

import os

from . import base as _base

MIDDLEWARE = [
    *_base.MIDDLEWARE,
    "sectorplannen.portal.middleware.SecurityHeadersMiddleware",
    "sectorplannen.api.middleware.ApiVersionMiddleware",
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
# Where the statistics office drops the evaluation's inputs, one folder per delivery (deelnemers, banen,
# uitkeringen; CSV or Parquet), for runs started from the evaluator's page; empty = <data dir>/evaluatie-invoer.
SECTORPLANNEN_EVALUATION_INPUT_DIR = os.environ.get("SECTORPLANNEN_EVALUATION_INPUT_DIR", "")
# The date the portal treats as "today" (ISO), for replaying the historical scheme; empty = today.
SECTORPLANNEN_BUSINESS_DATE = os.environ.get("SECTORPLANNEN_BUSINESS_DATE", "")

# Participant uploads: what a file may hold, checked before and while it is read (participants/reader.py),
# and how many errors the error report lists (the rest are counted). See docs/configuration.md.
PARTICIPANT_UPLOAD_LIMITS = {
    "max_uncompressed_bytes": int(os.environ.get("SECTORPLANNEN_UPLOAD_MAX_UNCOMPRESSED_MB", "128")) * 1024 * 1024,
    "max_shared_strings_bytes": 16 * 1024 * 1024,
    "max_rows": int(os.environ.get("SECTORPLANNEN_UPLOAD_MAX_ROWS", "500000")),
    "max_columns": 64,
    "max_cell_chars": 1000,
    "max_reported_errors": int(os.environ.get("SECTORPLANNEN_UPLOAD_MAX_REPORTED_ERRORS", "10000")),
}
# A participant file processed as a background job (portal and API; participants/upload_jobs.py): at most
# this size; while queued it is kept encrypted (participants/sealed.py) and removed when the job ends.
PARTICIPANT_UPLOAD_MAX_BYTES = int(os.environ.get("SECTORPLANNEN_UPLOAD_MAX_MB", "64")) * 1024 * 1024
# Uploaded files stay in memory (bounded by PORTAL_UPLOAD_MAX_BYTES), never in a temporary file.
FILE_UPLOAD_HANDLERS = ["sectorplannen.portal.upload_handlers.BoundedMemoryUploadHandler"]

# Lock-out (django-axes) and second factor (django-otp); the admin is reached through the portal's login
# (accounts/admin_site.py). See docs/web.md and docs/privacy.md.
INSTALLED_APPS = [
    "sectorplannen.accounts.admin_site.SecureAdminConfig" if app == "django.contrib.admin" else app
    for app in _base.INSTALLED_APPS
] + ["django_otp", "django_otp.plugins.otp_totp", "axes"]
MIDDLEWARE = [
    *MIDDLEWARE[:MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1],
    "django_otp.middleware.OTPMiddleware",
    *MIDDLEWARE[MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1:],
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = ["sectorplannen.accounts.lockout.LockoutBackend",
                           "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "sectorplannen.accounts.lockout.username_of"
AXES_LOCKOUT_CALLABLE = "sectorplannen.accounts.lockout.locked_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Sectorplannen"
OTP_TOTP_THROTTLE_FACTOR = 0  # repeated wrong codes count towards the lock-out instead
# Axes warns that a lock per user name alone lets an attacker rotate addresses; the portal also limits
# login attempts per client address (RATE_LIMIT_LOGIN, accounts/ratelimit.py).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
