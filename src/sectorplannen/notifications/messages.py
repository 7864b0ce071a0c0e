"""Rendering a message for one recipient: subject on the first line of the template, body after
it, in the recipient's language. The context holds plan facts and the recipient's own name only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from sectorplannen.common.money import format_eur

LANGUAGES = ("nl", "en")
KINDS = ("decision_taken", "settlement_taken", "revision_decided", "plan_closed", "upload_finished",
         "advance_decided",
         "reminder_progress_report", "reminder_declaration", "reminder_assessment",
         "partner_survey_invited", "partner_survey_reminder",
         "progress_report_overdue")  # the last one: sent by an assessor from the work queue (issue 18)


@dataclass(frozen=True)
class Contact:
    """Someone without an account who gets one message by mail (a partner organisation's contact)."""

    name: str
    email: str
    language: str = ""


def display_name(user) -> str:
    if isinstance(user, Contact):
        return user.name
    return user.get_full_name() or user.get_username()


def language_of(user, language: str | None = None) -> str:
    """The language to write to ``user`` in: the one asked for, else the site's default."""
    chosen = (language or getattr(user, "language", "") or settings.LANGUAGE_CODE)[:2]
    return chosen if chosen in LANGUAGES else "nl"


def format_value(value, language: str):
    if isinstance(value, Decimal):
        return format_eur(value) if language == "nl" else f"€{value:,.2f}"
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y") if language == "nl" else value.isoformat()
    return value


def render(kind: str, user, context: dict, language: str) -> tuple[str, str]:
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    values = {k: format_value(v, language) for k, v in context.items()}
    values["name"] = display_name(user)
    text = render_to_string(f"notifications/{kind}.{language}.txt", values).strip()
    subject, _, body = text.partition("\n")
    return " ".join(subject.split())[:200], body.strip() + "\n"


def portal_link(url_name: str, *args) -> str:
    """An absolute link to a portal page, or to the portal's start when the page has no such name."""
    base = settings.SECTORPLANNEN_SITE_URL.rstrip("/")
    try:
        return base + reverse(url_name, args=args)
    except NoReverseMatch:
        return base + "/"
