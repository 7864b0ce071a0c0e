"""Reporting deadlines after the grant: progress reports and the final declaration.

Pure date arithmetic over the plan period; the months and weeks are scheme parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sectorplannen.common.dates import add_months
from sectorplannen.schemes.rules import SchemeRules


@dataclass(frozen=True)
class ProgressReportDue:
    month: int
    period_end: dt.date
    due_on: dt.date


def progress_reports_due(start: dt.date, end: dt.date, rules: SchemeRules) -> tuple[ProgressReportDue, ...]:
    """A progress report for each reporting month at which the plan is still running, due a number of
    weeks after that month (a plan that has ended reports in its final declaration instead)."""
    due = []
    for month in rules.progress_report_months:
        period_end = add_months(start, month)
        if period_end < end:
            due_on = period_end + dt.timedelta(weeks=rules.progress_report_due_weeks)
            due.append(ProgressReportDue(month, period_end, due_on))
    return tuple(due)


def declaration_due_on(end: dt.date, rules: SchemeRules) -> dt.date:
    """The last day to submit the final declaration: a number of weeks after the plan's end."""
    return end + dt.timedelta(weeks=rules.declaration_weeks)
