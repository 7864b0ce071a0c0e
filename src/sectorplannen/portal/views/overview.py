"""Ministry, evaluator and administrator views: realisation, aggregated outcomes, the system audit log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from sectorplannen import __version__
from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.jobs.services import file_path
from sectorplannen.monitoring.exports import table_csv, table_xlsx
from sectorplannen.monitoring.locations import effects_dir, evaluation_dir
from sectorplannen.monitoring.net_effects import DOWNLOADS as EFFECT_DOWNLOADS
from sectorplannen.monitoring.net_effects import EXPLANATION as EFFECT_EXPLANATION
from sectorplannen.monitoring.services import dashboard_figures, evaluation_dates, evaluation_tables

from .. import realisation, report_jobs
from ..evaluation_page import evaluation_context
from .common import is_htmx, require, without_session_save

REPORT_TYPES = {"pdf": "application/pdf",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@login_required
def dashboard(request):
    """The tables and charts once a job made them for the current data (cached until they change); until
    then a notice that htmx polls. The page request never computes them (report_jobs.py)."""
    require(perm.can_view_dashboard(request.user))
    body, job = report_jobs.dashboard(request.GET, user=request.user)
    context = {"body_html": body, "job": job, "poll_url": request.get_full_path()}
    if is_htmx(request):
        without_session_save(request)
        return render(request, "portal/overview/dashboard_part.html", context)
    return render(request, "portal/overview/dashboard.html", context)


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
    """The monitoring report (tables and charts) as PDF, Excel or HTML: the file when a job made it for
    the current data, else the job's progress (polled by htmx) with the downloads once it is done."""
    require(perm.can_view_dashboard(request.user))
    if fmt not in report_jobs.REPORT_FORMATS:
        raise Http404
    job = report_jobs.realisation_report(user=request.user)
    context = {"job": job, "fmt": fmt, "percent": int(job.fraction * 100) if job.fraction is not None else None}
    if is_htmx(request):
        without_session_save(request)
        return render(request, "portal/overview/report_progress.html", context)
    found = report_jobs.report_file(job, fmt)
    if found is None:
        return render(request, "portal/overview/report_job.html", context)
    record("realisation_report_downloaded", actor=request.user, format=fmt)
    return FileResponse(file_path(found).open("rb"), as_attachment=True, filename=f"realisatie.{fmt}",
                        content_type=report_jobs.REPORT_FORMATS[fmt])


@login_required
def evaluation(request):
    """Only the evaluation's own, disclosure-controlled tables: never a record or a plan-level count."""
    require(perm.can_view_evaluation(request.user))
    dates = evaluation_dates(evaluation_dir())
    chosen = request.GET.get("datum") if request.GET.get("datum") in dates else (dates[-1] if dates else "")
    context = evaluation_context(evaluation_dir(), effects_dir(), date=chosen or None)
    query = f"?datum={chosen}" if chosen else ""
    tables = [{**t, "downloads": [(label, reverse("portal:evaluation_table", args=[t["id"], fmt]) + query)
                                  for fmt, label in (("csv", "CSV"), ("xlsx", "Excel"))] if t["downloadable"] else []}
              for t in context["tables"]]
    return render(request, "portal/overview/evaluation.html", {
        **context, "tables": tables, "dates": dates, "chosen_date": chosen,
        "effect_explanation": EFFECT_EXPLANATION, "can_run": perm.can_run_evaluation(request.user)[0]})


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
