"""The assessor's work queue as a download, and the one action taken on many plans at once: a
reminder to the main applicants of the selected overdue progress reports.

Assessing, deciding and settling stay one plan at a time: each needs its own judgment and a
second pair of eyes (docs/web.md).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sectorplannen import __version__
from sectorplannen.accounts import permissions as perm
from sectorplannen.audit.services import record
from sectorplannen.finance.reporting import overdue_progress_reports
from sectorplannen.monitoring.exports import table_csv, table_xlsx
from sectorplannen.monitoring.tables import Column, Table
from sectorplannen.notifications.messages import portal_link
from sectorplannen.notifications.services import applicant_users, notify
from sectorplannen.workflow import clock

from .. import services
from .audit_log import DOWNLOAD_TYPES
from .common import require


def queue_table() -> Table:
    today = clock.today()
    rows = [(i.plan.name, str(i.task), i.due_on.isoformat() if i.due_on else "", _("ja") if i.overdue else _("nee"))
            for i in services.work_queue()]
    rows += [(o.plan.name, _("Voortgangsrapportage na %(m)s maanden (te laat)") % {"m": o.month},
              o.due_on.isoformat(), _("ja")) for o in overdue_progress_reports(today)]
    columns = (Column(_("Plan"), "text"), Column(_("Taak"), "text"), Column(_("Uiterlijk"), "text"),
               Column(_("Termijn verstreken"), "text"))
    return Table("werkvoorraad", _("Werkvoorraad op %(d)s") % {"d": today.isoformat()}, columns, tuple(rows))


@login_required
def queue_download(request, fmt: str):
    require(perm.can_use_desk(request.user))
    if fmt not in DOWNLOAD_TYPES:
        raise Http404
    table = queue_table()
    content = table_csv(table) if fmt == "csv" else table_xlsx(table, f"Bron: sectorplannen {__version__}")
    record("work_queue_downloaded", actor=request.user, format=fmt, rows=len(table.rows))
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="werkvoorraad.{fmt}"'
    return response


@login_required
@require_POST
def remind_overdue(request):
    """One message per selected overdue report (``plan:month``), once per day whatever is clicked."""
    require(perm.can_use_desk(request.user))
    today = clock.today()
    chosen = set(request.POST.getlist("report"))
    sent = 0
    for o in overdue_progress_reports(today):
        if f"{o.plan.pk}:{o.month}" not in chosen:
            continue
        made = notify(applicant_users(o.plan), "progress_report_overdue",
                      {"plan": o.plan.name, "month": o.month, "due_on": o.due_on},
                      key=f"overdue:{o.plan.pk}:{o.month}:{today.isoformat()}",
                      url=portal_link("portal:progress_report", o.plan.pk), plan=o.plan)
        if made:
            record("progress_report_reminded", actor=request.user, plan=o.plan, month=o.month, sent=len(made))
            sent += 1
    if sent:
        messages.success(request, ngettext("%(n)s herinnering verstuurd.", "%(n)s herinneringen verstuurd.", sent)
                         % {"n": sent})
    else:
        messages.info(request, _("Geen herinneringen verstuurd: niets gekozen, of vandaag al herinnerd."))
    return redirect("portal:queue")
