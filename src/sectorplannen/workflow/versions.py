"""The plan's optimistic lock: the version a page was loaded with against the plan's current one,
and, when they differ, what changed in between (from the plan's history, one row per version)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sectorplannen.common.concurrency import stale
from sectorplannen.common.errors import Conflict
from sectorplannen.plans.models import Plan

#: How many of the changes since the version loaded the 409 page lists (the latest ones).
CHANGES_SHOWN = 5


def display_name(user) -> str:
    if user is None:
        return _("het systeem")
    return user.get_full_name() or user.get_username()


def changes_since(plan: Plan, version: int) -> list[str]:
    """What happened to the plan after ``version``: when, which step, by whom, and the status after it."""
    rows = (plan.history.filter(lock_version__gt=version).select_related("history_user")
            .order_by("-lock_version", "-history_id")[:CHANGES_SHOWN])
    return [_("%(when)s: %(what)s door %(who)s (status nu '%(status)s')") % {
        "when": f"{timezone.localtime(h.history_date):%d-%m-%Y %H:%M}",
        "what": h.history_change_reason or _("wijziging"), "who": display_name(h.history_user),
        "status": h.get_status_display()} for h in reversed(rows)]


def stale_plan(plan: Plan, expected: int) -> Conflict:
    return stale(_("Het plan is gewijzigd nadat u deze pagina opende (versie %(seen)s, nu %(now)s). Wat er "
                   "veranderde:") % {"seen": expected, "now": plan.lock_version}, changes_since(plan, expected))


def check_version(plan: Plan, expected: int | None) -> None:
    """Conflict (code ``stale``) when the asker saw another version of the plan than the current one."""
    if expected is not None and plan.lock_version != expected:
        raise stale_plan(plan, expected)
