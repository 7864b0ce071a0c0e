"""Settings shared by every environment.

Environment variables (all optional in development; see docs/configuration.md):
- ``DATABASE_URL``: database, e.g. ``postgres://user@host/db``; default a SQLite file in the data dir.
- ``SECTORPLANNEN_DATA_DIR``: where the SQLite database, generated key files and outputs live
  (default ``./var`` under the current directory).
- ``SECRET_KEY``: Django's signing key (development generates a fixed insecure one).
- ``SECTORPLANNEN_BSN_ENCRYPTION_KEYS``: comma-separated Fernet keys, newest first (rotation).
- ``SECTORPLANNEN_PSEUDONYM_KEY``: hex key (≥ 32 bytes) for the HMAC-SHA-256 pseudonym.
- ``SECTORPLANNEN_KEY_FILE``: path of a JSON key file to use instead of the two variables above.
- ``ALLOWED_HOSTS``: comma-separated host names (production).
- ``LOG_LEVEL``: default ``INFO``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from sectorplannen.common.logs import configure_structlog

DATA_DIR = Path(os.environ.get("SECTORPLANNEN_DATA_DIR", Path.cwd() / "var")).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-sectorplannen-key-change-me")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "sectorplannen.audit",
    "sectorplannen.jobs",
    "sectorplannen.accounts",
    "sectorplannen.schemes",
    "sectorplannen.organisations",
    "sectorplannen.plans",
    "sectorplannen.finance",
    "sectorplannen.participants",
    "sectorplannen.notifications",
    "sectorplannen.workflow",
    "sectorplannen.monitoring",
    "sectorplannen.operations",
    "sectorplannen.simulator",
    "sectorplannen.evaluation",
    "sectorplannen.qualitative",
    "sectorplannen.partnership",
    "sectorplannen.portal",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "sectorplannen.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sectorplannen.portal.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "sectorplannen.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "sectorplannen.wsgi.application"


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'sectorplannen.sqlite3'}"
    db = dj_database_url.parse(url, conn_max_age=60)
    if db["ENGINE"].endswith("sqlite3"):
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL and a busy timeout keep the CLI and the web server from tripping over each other.
        db["OPTIONS"] = {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
        db["CONN_MAX_AGE"] = 0
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
# The shared labels (common/labels.py) belong to no app, so their catalogue is named here.
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "common" / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"

# Personal-data keys: see sectorplannen.participants.vault. Absent in development: a key file is
# created beside the SQLite database on first use, with a warning.
BSN_ENCRYPTION_KEYS = [k for k in os.environ.get("SECTORPLANNEN_BSN_ENCRYPTION_KEYS", "").split(",") if k]
PSEUDONYM_KEY = os.environ.get("SECTORPLANNEN_PSEUDONYM_KEY", "")
KEY_FILE = os.environ.get("SECTORPLANNEN_KEY_FILE", "")
ALLOW_GENERATED_KEYS = True

# No BSN in logs or crash reports: every log record and error report passes a masking filter.
DEFAULT_EXCEPTION_REPORTER_FILTER = "sectorplannen.participants.reporting.BsnMaskingExceptionReporterFilter"
# Warnings captured into logging and a masking formatter on every handler (common/logsetup.py).
LOGGING_CONFIG = "sectorplannen.common.logsetup.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": {"()": "sectorplannen.common.logs.formatter"}},
    "filters": {"mask_bsn": {"()": "sectorplannen.common.logs.MaskBsnFilter"},
                "one_time_links": {"()": "sectorplannen.common.logs.OneTimeLinkFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured", "filters": ["mask_bsn"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The audit trail is always written, whatever the level of the rest (it sits beside AuditEvent).
    "loggers": {"sectorplannen.audit": {"level": "INFO"},
                # a failed request on a one-time link (partner survey, issue 14) never logs its token
                "django.request": {"filters": ["one_time_links"]}, "django.server": {"filters": ["one_time_links"]}},
}
configure_structlog()

from .api import *  # noqa: E402, F403  (the REST API, issue 16)
from .background import *  # noqa: E402, F403  (jobs, mail, reminders, backups, retention)
from .web import *  # noqa: E402, F403  (web application settings live in their own module)

# The qualitative evaluation (issue 14): smallest number of respondents a tabulation cell shows, and
# how long a partner survey stays open after the invitation.
QUALITATIVE_MIN_RESPONDENTS = int(os.environ.get("SECTORPLANNEN_QUALITATIVE_MIN_RESPONDENTS", "10"))
QUALITATIVE_SURVEY_WEEKS = int(os.environ.get("SECTORPLANNEN_QUALITATIVE_SURVEY_WEEKS", "6"))

# Issue 18: the help page's contact details (the operator's helpdesk); empty: the page says none are set.
PORTAL_CONTACT_EMAIL = os.environ.get("SECTORPLANNEN_CONTACT_EMAIL", "")
PORTAL_CONTACT_PHONE = os.environ.get("SECTORPLANNEN_CONTACT_PHONE", "")
