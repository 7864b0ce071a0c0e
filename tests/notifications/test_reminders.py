"""Reminders of deadlines a number of days ahead, each once, by the daily command and task."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from sectorplannen.finance.deadlines import declaration_due_on, progress_reports_due
from sectorplannen.notifications.models import Notification
from sectorplannen.notifications.reminders import step_for
from sectorplannen.notifications.tasks import daily_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _steps(settings):
    settings.SECTORPLANNEN_REMINDER_DAYS = [14, 3]


def send(day: dt.date) -> str:
    out = io.StringIO()
    call_command("reminders", "send", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def kinds(user) -> list[str]:
    """The reminders the user got (the grant in the fixture told them of its decision too)."""
    return sorted(Notification.objects.filter(recipient=user, kind__startswith="reminder_")
                  .values_list("kind", flat=True))


def test_step_for_picks_the_nearest_step_and_nothing_after_the_deadline():
    assert [step_for(d, [3, 14]) for d in (20, 14, 10, 3, 0, -1)] == [None, 14, 14, 3, 3, None]


def test_progress_report_reminders_come_14_and_3_days_ahead_each_once(named, granted_plan, smtp_server):
    decision = granted_plan.latest_decision()
    first = progress_reports_due(decision.start_date, decision.end_date, granted_plan.scheme.rules)[0]
    applicant = named["applicant"]
    assert "0 berichten verstuurd" in send(first.due_on - dt.timedelta(days=15))
    assert "1 berichten verstuurd" in send(first.due_on - dt.timedelta(days=14))
    send(first.due_on - dt.timedelta(days=14))  # the job ran twice that day
    send(first.due_on - dt.timedelta(days=10))  # still inside the 14-day step: already sent
    assert kinds(applicant) == ["reminder_progress_report"]
    send(first.due_on - dt.timedelta(days=3))
    send(first.due_on)
    send(first.due_on + dt.timedelta(days=1))
    assert kinds(applicant) == ["reminder_progress_report"] * 2
    subjects = [m["Subject"] for _, m in smtp_server.messages if m["Subject"].startswith("Herinnering")]
    assert subjects == [f"Herinnering: voortgangsrapportage {granted_plan.name} uiterlijk "
                        f"{first.due_on:%d-%m-%Y}"] * 2
    body = smtp_server.messages[-1][1].get_content()
    assert f"eerste {first.month} maanden" in body and "over 3 dag(en)" in body
    assert not Notification.objects.exclude(recipient=applicant).exists()
    assert len(smtp_server.messages) == 3  # and the grant's decision, sent by the first run's retry


def test_a_missed_day_is_caught_up_with_one_reminder(users, granted_plan):
    decision = granted_plan.latest_decision()
    first = progress_reports_due(decision.start_date, decision.end_date, granted_plan.scheme.rules)[0]
    send(first.due_on - dt.timedelta(days=2))  # the job did not run on the 14- and 3-day marks
    assert kinds(users["applicant"]) == ["reminder_progress_report"]


def test_the_final_declaration_reminder(users, granted_plan):
    end = granted_plan.latest_decision().end_date
    due = declaration_due_on(end, granted_plan.scheme.rules)
    send(due - dt.timedelta(days=14))
    note = Notification.objects.get(kind="reminder_declaration")
    assert note.recipient == users["applicant"] and f"{due:%d-%m-%Y}" in note.subject
    assert f"afgelopen op {end:%d-%m-%Y}" in note.body


def test_the_agency_is_reminded_of_its_decision_term(users, submitted_plan):
    due = submitted_plan.submitted_on + dt.timedelta(weeks=submitted_plan.scheme.rules.decision_weeks)
    send(due - dt.timedelta(days=3))
    recipients = set(Notification.objects.filter(kind="reminder_assessment").values_list("recipient__username",
                                                                                          flat=True))
    assert recipients == {"assessor", "assessor2"}
    note = Notification.objects.filter(kind="reminder_assessment").first()
    assert "het besluit moet uiterlijk" in note.body


def test_the_daily_task_does_the_same_and_sends_nothing_twice(users, granted_plan):
    decision = granted_plan.latest_decision()
    first = progress_reports_due(decision.start_date, decision.end_date, granted_plan.scheme.rules)[0]
    day = (first.due_on - dt.timedelta(days=3)).isoformat()
    result = daily_reminders.enqueue(day)
    assert result.return_value["sent"] == 1 and result.return_value["date"] == day
    assert daily_reminders.enqueue(day).return_value["sent"] == 0


def test_a_bad_date_is_an_unusable_invocation(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("reminders", "send", "--date", "31-12-2016")
    assert exc.value.returncode == 2
