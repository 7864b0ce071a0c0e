"""Settings of background work, mail, reminders, backups and retention (docs/configuration.md).

Star-imported at the end of ``base.py``.

- ``SECTORPLANNEN_TASK_BACKEND``: ``database`` (the default outside development: tasks wait in the
  database until ``sectorplannen worker`` runs them) or ``immediate`` (run inside the process that
  submits them; the default of development and tests, where no worker runs).
- ``EMAIL_BACKEND`` is SMTP when ``EMAIL_HOST`` is set, else the console; ``EMAIL_HOST``,
  ``EMAIL_PORT``, ``EMAIL_HOST_USER``, ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``EMAIL_USE_SSL``,
  ``DEFAULT_FROM_EMAIL``; ``SECTORPLANNEN_EMAIL_FILE_DIR`` writes mails as files instead.
"""

import os

_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def task_settings(kind: str) -> dict:
    if kind not in _TASK_BACKENDS:
        raise ValueError(f"SECTORPLANNEN_TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {kind!r}")
    return {"default": {"BACKEND": _TASK_BACKENDS[kind]}}


TASKS = task_settings(os.environ.get("SECTORPLANNEN_TASK_BACKEND", "database"))
# Where job result files are kept (private; served only through checked views); empty = <media>/jobs.
SECTORPLANNEN_JOBS_DIR = os.environ.get("SECTORPLANNEN_JOBS_DIR", "")
# Where participant files wait for their job, encrypted; empty = <data dir>/upload-queue (private).
SECTORPLANNEN_UPLOAD_QUEUE_DIR = os.environ.get("SECTORPLANNEN_UPLOAD_QUEUE_DIR", "")
# A running job without a progress update for this long is taken as lost by a dead worker.
SECTORPLANNEN_JOB_STALE_SECONDS = int(os.environ.get("SECTORPLANNEN_JOB_STALE_SECONDS", "900"))
# Finished jobs (reports, dashboards, settlement and evaluation runs, uploads) and their files are removed
# this many days after they finished, by `sectorplannen retention jobs` (the daily timer).
SECTORPLANNEN_JOB_RETENTION_DAYS = int(os.environ.get("SECTORPLANNEN_JOB_RETENTION_DAYS", "30"))

# Mail: SMTP where a host is configured, else files (a directory is named) or the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "") == "1"
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sectorplannen@localhost")
EMAIL_FILE_PATH = os.environ.get("SECTORPLANNEN_EMAIL_FILE_DIR", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The address the portal's links in mails start with.
SECTORPLANNEN_SITE_URL = os.environ.get("SECTORPLANNEN_SITE_URL", "http://localhost:8000")

# Reminders of deadlines are sent this many days ahead (each reminder once; comma-separated for more).
SECTORPLANNEN_REMINDER_DAYS = [int(d) for d in os.environ.get("SECTORPLANNEN_REMINDER_DAYS", "14,3").split(",") if d]

# Retention (AVG): BSN ciphertexts and birth dates of plans settled longer ago than this are removed.
SECTORPLANNEN_RETENTION_YEARS = int(os.environ.get("SECTORPLANNEN_RETENTION_YEARS", "7"))

# Backups: the PostgreSQL client programs (pg_dump, pg_restore) are looked up here first, then on PATH.
SECTORPLANNEN_PG_BIN_DIR = os.environ.get("SECTORPLANNEN_PG_BIN_DIR", "")
