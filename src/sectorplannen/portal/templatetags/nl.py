"""Dutch notation in pages: € 1.234,56, 12.345, 59,99 % and dates as 1 juli 2014; labels for codes.

Amounts and percentages keep their sign on the same line (a non-breaking space), also in the
narrow columns of a letter's table. One date format: the long date (``1 juli 2014``), with the
time for moments (``1 juli 2014 09:33``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import date_format

from sectorplannen.common.event_labels import event_details, event_label
from sectorplannen.common.finding_labels import finding_sentence, readable, upload_error_label
from sectorplannen.common.labels import any_label, label_of
from sectorplannen.common.money import format_eur, format_int, format_pct

register = template.Library()
NBSP = "\u00a0"


@register.filter
def eur(value):
    if value in (None, ""):
        return "–"
    try:
        return format_eur(Decimal(str(value))).replace(" ", NBSP)
    except InvalidOperation:
        return value


@register.filter
def nlint(value):
    if value in (None, ""):
        return "–"
    try:
        return format_int(int(value))
    except (TypeError, ValueError):
        return value


@register.filter
def pct(value, places=1):
    if value in (None, ""):
        return "–"
    return format_pct(Decimal(str(value)), int(places)).replace(" ", NBSP)


@register.filter
def nldate(value):
    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return nldatetime(value)
    return date_format(value, "j F Y")


@register.filter
def nldatetime(value):
    """A moment in local time: ``1 december 2026 09:33``."""
    if not value:
        return "–"
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "j F Y H:i")


@register.filter
def label(code, list_name):
    """``{{ plan.status|label:"plan_status" }}``: the label of a code of one of the code lists."""
    return label_of(list_name, code)


@register.filter
def event(code):
    return event_label(code)


@register.filter
def details(context):
    return event_details(context or {})


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def who(user, fallback=""):
    """A user's full name or user name; ``fallback`` (e.g. a stored label) or a dash without a user.

    Filter arguments like ``default:user.username`` fail on a missing user (reference plans' decisions
    were taken outside the system), this does not."""
    if user is None:
        return fallback or "–"
    return user.get_full_name() or user.get_username()


@register.filter
def finding(f):
    """A check finding as a sentence for people: in Dutch its own message with labels for codes
    and the scheme's title for its code; in another language the translated sentence of its code."""
    from django.utils.translation import get_language

    from sectorplannen.schemes.models import SchemeVersion

    if (get_language() or "nl").startswith("nl"):
        return readable(f.message, dict(SchemeVersion.objects.values_list("code", "title")))
    return finding_sentence(f.code)


@register.filter
def upload_error(e):
    """A row of the upload report: its Dutch message, or in another language the label of its code."""
    from django.utils.translation import get_language

    row = e if isinstance(e, dict) else vars(e)
    if (get_language() or "nl").startswith("nl"):
        return row.get("message", "")
    return upload_error_label(row.get("code", ""))


@register.filter
def upload_error_kind(code):
    return upload_error_label(code)


@register.filter
def step_of(path):
    """The draft step a finding's document path belongs to (its slug)."""
    from sectorplannen.portal.drafts import step_of as slug_of

    return slug_of(path or "")


@register.filter
def step_title(path):
    from sectorplannen.portal.drafts import STEPS
    from sectorplannen.portal.drafts import step_of as slug_of

    slug = slug_of(path or "")
    return next(str(s.title) for s in STEPS if s.slug == slug)


@register.filter
def unbroken(text):
    """Running text with amounts and percentages kept on one line ("€ 1.234,56", "60 %")."""
    return str(text).replace("€ ", "€" + NBSP).replace(" %", NBSP + "%")


@register.filter
def code_label(value):
    """A value that may be a code of any code list (a row of a grouped table): its label."""
    return any_label(value)


@register.filter
def plain(text):
    """Stored Dutch text (an explanation line) with the codes in it by their label: a reference
    plan's measures carry their theme's code as their own code (formats §2)."""
    return readable(str(text), {})


@register.simple_tag
def business_date():
    """The fixed business date of this installation, or None (then the business date is the real one)."""
    from sectorplannen.workflow.clock import fixed_date

    return fixed_date()
