"""Recording audit events: the one function other apps call."""

from __future__ import annotations

import getpass
import logging

from sectorplannen.common.masking import mask_value

from .models import AuditEvent

log = logging.getLogger("sectorplannen.audit")


def record(event: str, *, actor=None, plan=None, **context) -> AuditEvent:
    """Store an audit event. ``context`` must not contain personal data (no BSN, no birth date)."""
    label = "" if actor is not None else f"cli:{_os_user()}"
    context = mask_value(context)  # a file name or a message may still hold a possible BSN
    ev = AuditEvent.objects.create(event=event, actor=actor, actor_label=label, plan=plan, context=context)
    log.info("audit %s plan=%s %s", event, getattr(plan, "pk", None), context)
    return ev


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database entry in some containers
        return "unknown"
