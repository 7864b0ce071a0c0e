"""The evaluation page's tables and charts, computed once per state of the evaluator's files and
kept in the Django cache. Why: the page reads the outcome tables and the net effects from CSV files
and draws the effect charts (matplotlib) on every view — about 4 s per view on the demo data under
load, the slowest page of the load test (docs/benchmarks.md). The files change only when the
evaluator writes new ones, so the key is their names, sizes and modification times; new files give
a new key, so the page is never stale."""

from __future__ import annotations

import base64
from pathlib import Path

from django.core.cache import cache

from sectorplannen.monitoring.goal_figures import goal_figure_table
from sectorplannen.monitoring.locations import files_version
from sectorplannen.monitoring.net_effects import DOWNLOADS as EFFECT_DOWNLOADS
from sectorplannen.monitoring.net_effects import net_effect_tables
from sectorplannen.monitoring.report import html_tables
from sectorplannen.monitoring.services import evaluation_tables

CACHE_SECONDS = 24 * 3600


def _compute(evaluation_dir: Path, effects_dir: Path, date: str | None) -> dict:
    effect_tables, effect_charts = net_effect_tables(effects_dir)
    outcome_tables = evaluation_tables(evaluation_dir, date=date)
    goals = goal_figure_table(evaluation_dir, f"U.{len(outcome_tables) + 1}")  # each goal beside its figure
    tables = html_tables(outcome_tables + ([goals] if goals is not None else []))
    for i, table in enumerate(tables):
        table["downloadable"] = i < len(outcome_tables)  # the goals table is a reading aid, not an output
    return {
        "tables": tables,
        "effect_tables": html_tables(effect_tables),
        "effect_charts": [{"title": c.title, "alt": c.alt,
                           "src": "data:image/png;base64," + base64.b64encode(c.png).decode()} for c in effect_charts],
        "effect_downloads": [name for name in EFFECT_DOWNLOADS if (effects_dir / name).is_file()],
    }


def evaluation_context(evaluation_dir: Path, effects_dir: Path, *, date: str | None = None) -> dict:
    key = f"evaluation-page:{files_version(evaluation_dir, effects_dir)}:{date or ''}"
    return cache.get_or_set(key, lambda: _compute(evaluation_dir, effects_dir, date), CACHE_SECONDS)
