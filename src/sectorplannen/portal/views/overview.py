"""Ministry, evaluator and administrator views: realisation, aggregated outcomes, the system audit log."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from sectorplannen import __version__
from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.monitoring.exports import table_csv, table_xlsx
from sectorplannen.monitoring.net_effects import DOWNLOADS as EFFECT_DOWNLOADS
from sectorplannen.monitoring.net_effects import EXPLANATION as EFFECT_EXPLANATION
from sectorplannen.monitoring.net_effects import net_effect_tables
from sectorplannen.monitoring.report import html_tables
from sectorplannen.monitoring.services import (
    build_report,
    dashboard_figures,
    evaluation_dates,
    evaluation_tables,
)

from .. import realisation
from .common import require

REPORT_TYPES = {"pdf": "application/pdf",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@login_required
def dashboard(request):
    require(perm.can_view_dashboard(request.user))
    return render(request, "portal/overview/dashboard.html", {"body_html": realisation.dashboard_html(request.GET)})


TABLE_TYPES = {"csv": "text/csv; charset=utf-8", **REPORT_TYPES}


@login_required
def realisation_table(request, table_id: str, fmt: str):
    """One table of the dashboard, under the same filters, as CSV or Excel."""
    require(perm.can_view_dashboard(request.user))
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = realisation.parse_filters(request.GET)
    tables, *_ = dashboard_figures(filters=filters)
    table = next((t for t in tables if t.id == table_id), None)
    if table is None:
        raise Http404
    query = filters.query()
    source = f"Bron: sectorplannen {__version__}" + (f"; filters: {query}" if query else "")
    content = table_csv(table) if fmt == "csv" else table_xlsx(table, source)
    record("realisation_table_downloaded", actor=request.user, table=table_id, format=fmt, filters=query)
    response = HttpResponse(content, content_type=TABLE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="tabel-{table_id.replace(".", "-")}.{fmt}"'
    return response


@login_required
def realisation_report(request, fmt: str):
    """The monitoring report (tables and charts) as PDF or Excel, built on request."""
    require(perm.can_view_dashboard(request.user))
    if fmt not in REPORT_TYPES:
        raise Http404
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_report(Path(tmp), evaluation_dir=None, pdf=fmt == "pdf")
        content = paths[fmt].read_bytes()
    record("realisation_report_downloaded", actor=request.user, format=fmt)
    response = HttpResponse(content, content_type=REPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="realisatie.{fmt}"'
    return response


def evaluation_dir() -> Path:
    return Path(settings.SECTORPLANNEN_EVALUATION_DIR or Path(settings.DATA_DIR) / "evaluatie")


@login_required
def evaluation(request):
    """Only the evaluation's own, disclosure-controlled tables: never a record or a plan-level count."""
    require(perm.can_view_evaluation(request.user))
    dates = evaluation_dates(evaluation_dir())
    chosen = request.GET.get("datum") if request.GET.get("datum") in dates else (dates[-1] if dates else "")
    tables = html_tables(evaluation_tables(evaluation_dir(), date=chosen or None))
    query = f"?datum={chosen}" if chosen else ""
    for t in tables:
        t["downloads"] = [(label, reverse("portal:evaluation_table", args=[t["id"], fmt]) + query)
                          for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"))]
    effect_tables, effect_charts = net_effect_tables(effects_dir())
    charts = [{"title": c.title, "alt": c.alt, "src": "data:image/png;base64," + base64.b64encode(c.png).decode()}
              for c in effect_charts]
    downloads = [name for name in EFFECT_DOWNLOADS if (effects_dir() / name).is_file()]
    return render(request, "portal/overview/evaluation.html", {
        "tables": tables, "dates": dates, "chosen_date": chosen,
        "effect_tables": html_tables(effect_tables), "effect_charts": charts,
        "effect_explanation": EFFECT_EXPLANATION, "effect_downloads": downloads})


@login_required
def evaluation_table(request, table_id: str, fmt: str):
    """One outcome table of the evaluator's page, on the chosen measurement date, as CSV or Excel."""
    require(perm.can_view_evaluation(request.user))
    if fmt not in ("csv", "xlsx"):
        raise Http404
    dates = evaluation_dates(evaluation_dir())
    chosen = request.GET.get("datum") if request.GET.get("datum") in dates else None
    table = next((t for t in evaluation_tables(evaluation_dir(), date=chosen) if t.id == table_id), None)
    if table is None:
        raise Http404
    source = f"Bron: sectorplannen {__version__}; evaluatie-uitkomsten" + (f" op {chosen}" if chosen else "")
    content = table_csv(table) if fmt == "csv" else table_xlsx(table, source)
    record("evaluation_table_downloaded", actor=request.user, table=table_id, format=fmt, date=chosen or "")
    response = HttpResponse(content, content_type=TABLE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="evaluatie-{table_id.replace(".", "-")}.{fmt}"'
    return response


def effects_dir() -> Path:
    return Path(getattr(settings, "SECTORPLANNEN_EFFECTS_DIR", "") or Path(settings.DATA_DIR) / "netto-effecten")


@login_required
def effects_download(request, name: str):
    """The protected net-effect files (formats §8) as the evaluator wrote them; only the listed names."""
    require(perm.can_view_evaluation(request.user))
    path = effects_dir() / name
    if name not in EFFECT_DOWNLOADS or not path.is_file():
        raise Http404
    kind = "text/csv; charset=utf-8" if name.endswith(".csv") else REPORT_TYPES["xlsx"]
    record("net_effects_downloaded", actor=request.user, file=name)
    response = HttpResponse(path.read_bytes(), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
