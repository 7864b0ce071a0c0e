"""The business "today" of the workflow and the portal: the real date, or a fixed business date
to replay the historical scheme."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed = getattr(settings, "SECTORPLANNEN_BUSINESS_DATE", "")
    return dt.date.fromisoformat(fixed) if fixed else timezone.localdate()
