"""Public interface of the qualitative app (final report, partner survey, interviews, tabulations)."""

from __future__ import annotations

from .checks import Context, Problem
from .prefill import MeasureFigures, PlanFrame, plan_frame, source_label
from .reports import (
    BLOCKS,
    ReportRefused,
    block_problems,
    current_codebook,
    final_report_complete,
    measure_answers,
    progress,
    report_for,
    save_block,
    submit_report,
)

__all__ = [
    "BLOCKS", "Context", "MeasureFigures", "PlanFrame", "Problem", "ReportRefused", "block_problems",
    "current_codebook", "final_report_complete", "measure_answers", "plan_frame", "progress", "report_for",
    "save_block", "source_label", "submit_report",
]
