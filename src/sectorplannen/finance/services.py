"""Public interface of the finance app: the settlement calculator, the ledger, advances, progress
reports, the final declaration and settling plans. Each job lives in its own module; other apps
(workflow, portal, CLI) import from here and never write finance models themselves.
"""

from sectorplannen.common.errors import Refused

from .advance_payments import AdvanceRoom, advance_room, advance_schedule_for, record_advance
from .bookings import Closed, check_plan_ledger, close_without_subsidy, plan_ledger, sync_grants
from .calculator import InvalidSettlementDocument, Problem, calculate_settlement, parse_date
from .reporting import (
    DeclaredMeasure,
    OverdueProgressReport,
    RealisedSoFar,
    overdue_progress_reports,
    reconcile_declaration,
    submit_final_declaration,
    submit_progress_report,
)
from .settling import (
    RunOutcome,
    plans_to_settle,
    preview_settlements,
    run_settlements,
    settle_plan,
    settle_plans,
)

__all__ = [
    "AdvanceRoom", "advance_room",
    "Closed", "DeclaredMeasure", "InvalidSettlementDocument", "OverdueProgressReport", "Problem", "RealisedSoFar",
    "Refused", "RunOutcome", "advance_schedule_for", "calculate_settlement", "check_plan_ledger",
    "close_without_subsidy", "overdue_progress_reports", "parse_date", "plan_ledger", "plans_to_settle",
    "preview_settlements", "reconcile_declaration", "record_advance", "run_settlements", "settle_plan", "settle_plans",
    "submit_final_declaration", "submit_progress_report", "sync_grants",
]
