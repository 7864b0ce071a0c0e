"""Optimistic locking: a ``lock_version`` column on each record people change at the same time
(plans, proposals, revision requests, participant uploads), raised by one on every change with a
compare-and-set (``UPDATE … SET lock_version = lock_version + 1 WHERE id = … AND lock_version = …``).

A form carries the version it was loaded with; a save against another version is answered with
``Conflict`` (code ``stale``: the 409 page, CLI exit 1) instead of overwriting what someone else did.
The compare-and-set is one statement, so it holds on SQLite and PostgreSQL alike, with or without
row locks; two saves from the same version give one change and one conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db import models
from django.db.models import F

from .errors import Conflict, Reason

__all__ = ["STALE", "compare_and_set", "lock_version_field", "posted_version", "stale"]

#: The code of the reasons of a stale save (the version loaded is no longer the current one).
STALE = "stale"


def lock_version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        default=1, db_default=1, editable=False,
        help_text="Optimistische vergrendeling: stijgt bij elke wijziging; een formulier stuurt de versie mee "
                  "waarmee het werd geopend.")


def posted_version(data: Mapping, name: str = "lock_version") -> int | None:
    """The version a form was loaded with, or None when the form sent none (then nothing is compared)."""
    value = str(data.get(name, "") or "").strip()
    return int(value) if value.isdigit() else None


def stale(message: str, changes: list[str] = ()) -> Conflict:
    """A Conflict saying that the thing changed since it was loaded, and what changed."""
    return Conflict([Reason(STALE, message), *(Reason(STALE, c) for c in changes)])


def compare_and_set(model: type[models.Model], pk: int, expected: int | None, *,
                    on_stale: Callable[[int | None], Conflict], **changes) -> int:
    """Raise the row's ``lock_version`` by one (and write ``changes``) if it is still ``expected``;
    with ``expected=None`` the row changes whatever its version. Returns the new version; raises
    ``on_stale(current_version)`` when another save came first."""
    rows = model._default_manager.filter(pk=pk)
    if expected is not None and rows.filter(lock_version=expected).update(
            lock_version=F("lock_version") + 1, **changes) == 1:
        return expected + 1
    if expected is None and rows.update(lock_version=F("lock_version") + 1, **changes) == 1:
        return rows.values_list("lock_version", flat=True).get()
    raise on_stale(rows.values_list("lock_version", flat=True).first())
