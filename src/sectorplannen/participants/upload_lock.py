"""One participant upload per plan at a time. Two uploads of one plan at once (a double submit, two
people, two jobs) would insert the same registrations in parallel: the second would wait on the
first's rows and then fail on the unique index. On PostgreSQL the upload's transaction takes an
advisory lock on the plan first; a second upload while it is held is answered at once with a
``Conflict`` (409 in the portal, exit 1 at the command line), before anything is read or stored.
SQLite lets one transaction write at a time, so there the second upload waits for the first."""

from __future__ import annotations

from django.db import connection

from sectorplannen.common.errors import Conflict, Reason

#: The first key of the advisory lock (the plan's id is the second): "upload" in the lock's namespace.
UPLOAD_LOCK_NAMESPACE = 17_002


def one_upload_at_a_time(plan) -> None:
    """Inside the upload's transaction: hold the plan's upload lock until it ends, or raise Conflict."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [UPLOAD_LOCK_NAMESPACE, plan.pk])
        (taken,) = cur.fetchone()
    if not taken:
        raise Conflict(Reason("upload_running", "Er wordt al een deelnemersbestand voor dit plan verwerkt; wacht "
                                                "tot die upload klaar is en probeer het dan opnieuw."))
