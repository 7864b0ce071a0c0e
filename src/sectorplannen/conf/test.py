"""Test runs (pytest): SQLite unless ``DATABASE_URL`` points at PostgreSQL."""

import os
import tempfile

from .background import task_settings
from .base import *  # noqa: F403
from .base import DATA_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("SECTORPLANNEN_DATA_DIR"):
    DATA_DIR = type(DATA_DIR)(tempfile.mkdtemp(prefix="sectorplannen-test-"))
    MEDIA_ROOT = DATA_DIR / "media"
# Fixed test keys so that tests never depend on a generated key file.
BSN_ENCRYPTION_KEYS = ["Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktLS0="]
PSEUDONYM_KEY = "746573742d70736575646f6e796d2d6b65792d6e6f742d666f722d70726f64756374696f6e"

# No worker runs in tests: tasks run at once; the worker tests switch to the database backend.
TASKS = task_settings(os.environ.get("SECTORPLANNEN_TASK_BACKEND", "immediate"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
