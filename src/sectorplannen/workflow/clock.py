"""The business "today" of the workflow and the portal: the real date, or a fixed business date
to replay the historical scheme."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def fixed_date() -> dt.date | None:
    """The fixed business date when one is set (the demo, a replay), else None."""
    fixed = getattr(settings, "SECTORPLANNEN_BUSINESS_DATE", "")
    return dt.date.fromisoformat(fixed) if fixed else None


def today() -> dt.date:
    return fixed_date() or timezone.localdate()
