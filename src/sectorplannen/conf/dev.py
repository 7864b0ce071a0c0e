"""Development: the default when nothing is configured (``make demo``)."""

import os

from .background import task_settings
from .base import *  # noqa: F403

DEBUG = True

# No worker runs beside the development server: tasks run at once unless asked otherwise.
TASKS = task_settings(os.environ.get("SECTORPLANNEN_TASK_BACKEND", "immediate"))
