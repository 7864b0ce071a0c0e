"""The daily reminders as a task, for a scheduler that enqueues tasks (the command does the same)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .reminders import send_reminders


@task()
def daily_reminders(date: str | None = None) -> dict:
    run = send_reminders(dt.date.fromisoformat(date) if date else None)
    return {"date": run.date.isoformat(), "deadlines": run.deadlines, "due": run.due_now, "sent": run.sent,
            "mails_retried": run.mails_retried}
