"""Recording audit events: the one function other apps call."""

from __future__ import annotations

import getpass
import re

import structlog

from .models import AuditEvent

log = structlog.get_logger("sectorplannen.audit")
EVENT_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


def record(event: str, *, actor=None, plan=None, **context) -> AuditEvent:
    """Store an audit event and write it to the audit log: a fixed snake_case event name with the
    context as keywords. ``context`` must not contain personal data (no BSN, no birth date)."""
    if not EVENT_NAME.fullmatch(event):
        raise ValueError(f"audit event name {event!r} is not a fixed snake_case name")
    label = "" if actor is not None else f"cli:{_os_user()}"
    ev = AuditEvent.objects.create(event=event, actor=actor, actor_label=label, plan=plan, context=context)
    log.info(event, audit_event=ev.pk, plan=getattr(plan, "pk", None),
             actor=actor.get_username() if actor is not None else label, **context)
    return ev


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database entry in some containers
        return "unknown"
