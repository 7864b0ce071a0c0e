"""Reminders of deadlines, a configurable number of days ahead (``SECTORPLANNEN_REMINDER_DAYS``):
to the applicant for progress reports and the final declaration, to the agency's assessors for
their own terms (the decision on an application, the settlement after a declaration).

Each reminder is sent once: its key names the deadline, its date and the days-ahead step, and a
message with that key exists at most once per recipient. A day the job did not run is caught up
the next day with the nearest step (never two reminders of one deadline on one day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model

from sectorplannen.accounts.roles import ASSESSOR
from sectorplannen.audit.services import record
from sectorplannen.finance.deadlines import declaration_due_on, progress_reports_due
from sectorplannen.finance.models import FinalDeclaration
from sectorplannen.plans.models import Plan, PlanStatus


@dataclass(frozen=True)
class Deadline:
    kind: str
    plan: Plan
    due_on: dt.date
    ident: str
    audience: str  # "applicant" or "agency"
    url: tuple[str, tuple]
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReminderRun:
    date: dt.date
    deadlines: int
    due_now: int
    sent: int
    mails_retried: int


def deadlines() -> Iterator[Deadline]:
    """Every open deadline of every plan that is not a reference plan."""
    active = Plan.objects.filter(is_reference=False).select_related("scheme")
    for plan in active.filter(status__in=[PlanStatus.GRANTED, PlanStatus.RUNNING]):
        decision, rules = plan.latest_decision(), plan.scheme.rules
        if decision is None:
            continue
        reported = set(plan.progress_reports.values_list("month", flat=True))
        for due in progress_reports_due(decision.start_date, decision.end_date, rules):
            if due.month not in reported:
                yield Deadline("reminder_progress_report", plan, due.due_on, f"month{due.month}", "applicant",
                               ("portal:progress_report", (plan.pk,)),
                               {"month": due.month, "period_end": due.period_end})
        if not FinalDeclaration.objects.filter(plan=plan).exists():
            yield Deadline("reminder_declaration", plan, declaration_due_on(decision.end_date, rules), "declaration",
                           "applicant", ("portal:declaration", (plan.pk,)), {"end_date": decision.end_date})
    for plan in active.filter(status=PlanStatus.SUBMITTED, submitted_on__isnull=False):
        due = plan.submitted_on + dt.timedelta(weeks=plan.scheme.rules.decision_weeks)
        yield Deadline("reminder_assessment", plan, due, "decision", "agency", ("portal:assess", (plan.pk,)),
                       {"stage": "decision", "since": plan.submitted_on})
    for declaration in FinalDeclaration.objects.filter(plan__in=active.filter(status=PlanStatus.DECLARED)
                                                       ).select_related("plan__scheme"):
        plan = declaration.plan
        due = declaration.submitted_on + dt.timedelta(weeks=plan.scheme.rules.settlement_weeks)
        yield Deadline("reminder_assessment", plan, due, "settlement", "agency", ("portal:settle", (plan.pk,)),
                       {"stage": "settlement", "since": declaration.submitted_on})


#: Other apps' reminders (registered at start-up by apps above this one, e.g. the partner survey's
#: closing date): each is called with (today, steps) and returns (deadlines, due now, sent).
EXTRA_REMINDERS: list[Callable[[dt.date, list[int]], tuple[int, int, int]]] = []


def register(provider: Callable[[dt.date, list[int]], tuple[int, int, int]]) -> None:
    if provider not in EXTRA_REMINDERS:
        EXTRA_REMINDERS.append(provider)


def step_for(days_left: int, steps: list[int]) -> int | None:
    """The days-ahead step a deadline ``days_left`` away falls in (the nearest), or ``None``."""
    if days_left < 0:
        return None
    fitting = [s for s in steps if days_left <= s]
    return min(fitting) if fitting else None


def agency_users() -> list:
    return list(get_user_model().objects.filter(groups__name=ASSESSOR, is_active=True).order_by("pk").distinct())


def send_reminders(today: dt.date | None = None, *, steps: list[int] | None = None) -> ReminderRun:
    from .messages import portal_link
    from .services import applicant_users, notify

    today = today or dt.date.today()
    steps = sorted(steps or settings.SECTORPLANNEN_REMINDER_DAYS)
    found = due_now = sent = 0
    agency = None
    for d in deadlines():
        found += 1
        days_left = (d.due_on - today).days
        step = step_for(days_left, steps)
        if step is None:
            continue
        due_now += 1
        if d.audience == "agency":
            agency = agency_users() if agency is None else agency
            recipients = agency
        else:
            recipients = applicant_users(d.plan)
        key = f"reminder:{d.kind}:{d.plan.pk}:{d.ident}:{d.due_on.isoformat()}:{step}"
        made = notify(recipients, d.kind, {"plan": d.plan.name, "due_on": d.due_on, "days_left": days_left,
                                           **d.context},
                      key=key, url=portal_link(d.url[0], *d.url[1]), plan=d.plan)
        sent += len(made)
    for provider in EXTRA_REMINDERS:
        more = provider(today, steps)
        found, due_now, sent = found + more[0], due_now + more[1], sent + more[2]
    from .delivery import retry_unsent

    retried = retry_unsent()
    run = ReminderRun(today, found, due_now, sent, retried)
    record("reminders_sent", date=today.isoformat(), deadlines=found, due=due_now, sent=sent, mails_retried=retried)
    return run
