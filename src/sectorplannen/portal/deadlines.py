"""The next deadline of a plan for "Mijn plannen": the one of its state (decision, declaration,
settlement) or an open progress report, whichever comes first (issue 18, applicants)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sectorplannen.finance.deadlines import progress_reports_due
from sectorplannen.workflow import clock
from sectorplannen.workflow import services as workflow


def next_deadline(plan) -> tuple[str, object, bool] | None:
    """(what, due on, overdue) or None."""
    candidates = []
    state = workflow.current_deadline(plan)
    if state:
        candidates.append(state)
    if plan.status == "running":
        decision = plan.latest_decision()
        if decision is not None:
            done = {report.month for report in plan.progress_reports.all()}  # prefetched on "Mijn plannen"
            candidates += [(_("Voortgangsrapportage na %(m)s maanden") % {"m": d.month}, d.due_on)
                           for d in progress_reports_due(decision.start_date, decision.end_date, plan.scheme.rules)
                           if d.month not in done]
    if not candidates:
        return None
    what, due = min(candidates, key=lambda c: c[1])
    return what, due, due < clock.today()
