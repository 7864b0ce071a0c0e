"""The audit log on screen and as a download: filtered by period, user, plan and event (django-filter).

The page shows each event as a sentence; the export keeps the fixed event name and every detail
(codes belong in files), beside the sentence.
"""

from __future__ import annotations

import json

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from sectorplannen import __version__
from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.models import AuditEvent
from sectorplannen.audit.services import record
from sectorplannen.common.event_labels import event_details, event_label
from sectorplannen.common.forms import PortalForm
from sectorplannen.monitoring.exports import table_csv, table_xlsx
from sectorplannen.monitoring.tables import Column, Table
from sectorplannen.plans.models import Plan

from .common import paginate, query_prefix, require

DOWNLOAD_TYPES = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FILTERS = ("since", "until", "actor", "plan", "event")
#: An export holds at most this many events (the newest); narrow the filter for older ones.
EXPORT_LIMIT = 50_000


class AuditFilter(django_filters.FilterSet):
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("Vanaf (datum)"),
                                      widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("Tot en met (datum)"),
                                      widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))
    actor = django_filters.ModelChoiceFilter(queryset=get_user_model().objects.order_by("username"),
                                             label=_("Gebruiker"), empty_label=_("alle"))
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.filter(is_reference=False).order_by("name"),
                                            label=_("Plan"), empty_label=_("alle"))
    event = django_filters.ChoiceFilter(label=_("Gebeurtenis"), empty_label=_("alle"), choices=())

    class Meta:
        model = AuditEvent
        fields = list(FILTERS)
        form = PortalForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = AuditEvent.objects.order_by("event").values_list("event", flat=True).distinct()
        self.filters["event"].extra["choices"] = sorted(((n, event_label(n)) for n in names), key=lambda c: c[1])


def _filtered(request):
    require(perm.can_view_system_audit(request.user))
    return AuditFilter(request.GET or None, queryset=AuditEvent.objects.select_related("actor", "plan"))


@login_required
def system_audit(request):
    f = _filtered(request)
    return render(request, "portal/overview/system_audit.html", {
        "filter": f, "form": f.form, "page_obj": paginate(request, f.qs), "show_plan": True,
        "query_prefix": query_prefix(request, *FILTERS), "query": query_prefix(request, *FILTERS).rstrip("&"),
    })


def audit_table(events) -> Table:
    columns = (Column(_t("Moment"), "text"), Column(_t("Wie"), "text"), Column(_t("Gebeurtenis"), "text"),
               Column(_t("Code"), "text"), Column(_t("Plan"), "text"), Column(_t("Details"), "text"),
               Column(_t("Gegevens"), "text"))
    rows = tuple(
        (e.at.isoformat(timespec="seconds"), e.actor.get_username() if e.actor else e.actor_label,
         event_label(e.event), e.event, e.plan.name if e.plan else "", event_details(e.context),
         json.dumps(e.context, ensure_ascii=False, sort_keys=True, default=str))
        for e in events[:EXPORT_LIMIT])
    return Table("logboek", _t("Logboek"), columns, rows)


@login_required
def system_audit_download(request, fmt: str):
    if fmt not in DOWNLOAD_TYPES:
        raise Http404
    f = _filtered(request)
    table = audit_table(f.qs)
    query = query_prefix(request, *FILTERS).rstrip("&")
    source = f"Bron: sectorplannen {__version__}" + (f"; filters: {query}" if query else "")
    content = table_csv(table) if fmt == "csv" else table_xlsx(table, source)
    record("audit_log_downloaded", actor=request.user, format=fmt, filters=query, rows=len(table.rows))
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="logboek.{fmt}"'
    return response
