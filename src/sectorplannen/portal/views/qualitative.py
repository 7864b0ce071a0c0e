"""The evaluator's pages on the final reports: every tabulation of §3(c), pooled, with downloads,
the goals beside the indicators that test them, and (evaluator only) the free-text answers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sectorplannen.monitoring.goal_figures import indicator_label
from sectorplannen.qualitative import permissions as qperm
from sectorplannen.qualitative.goals import goal_rows
from sectorplannen.qualitative.present import THEMES, min_respondents, rows, to_csv, to_xlsx
from sectorplannen.qualitative.reports import current_codebook
from sectorplannen.qualitative.specs import source_note
from sectorplannen.qualitative.store import load_frame

from ..report_forms import language
from .common import require

GROUPINGS = {"tranche": "tranche", "thema": "theme", "soort": "kind", "cluster": "cluster"}
FREE_TEXT = ("Bt", "Ct", "D7t", "Pt")


@login_required
def tabulations(request):
    require(qperm.can_view_tabulations(request.user))
    by_key = request.GET.get("per", "")
    frame, book, lang = load_frame(), current_codebook().codebook, language()
    table = rows(frame, book, by=GROUPINGS.get(by_key), language=lang)
    goals = [{"theme": THEMES[g.theme][1 if lang == "en" else 0], "goal": g.goal_label,
              "indicators": [indicator_label(t, o) for t, o in g.indicators]} for g in goal_rows(book, lang)]
    return render(request, "portal/qualitative/tabulations.html", {
        "rows": table, "by": by_key, "groupings": GROUPINGS, "respondents": len(frame),
        "synthetic": sum(1 for p in frame if p.synthetic), "min_n": min_respondents(), "goals": goals,
        "free_text": qperm.can_read_free_text(request.user)[0], "source": source_note(),
    })


@login_required
def tabulations_download(request, fmt: str):
    require(qperm.can_view_tabulations(request.user))
    frame = load_frame()
    table = rows(frame, current_codebook().codebook, by=GROUPINGS.get(request.GET.get("per", "")),
                 language=language())
    synthetic = any(p.synthetic for p in frame)
    note = _("Demogegevens: synthetische antwoorden.") if synthetic else _("Antwoorden uit ingediende eindrapportages.")
    if fmt == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(to_xlsx(table, note),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="eindrapportages.{fmt}"'
    return response


@login_required
def free_text(request):
    """Free-text answers without the plan they came from (they may name people or firms)."""
    require(qperm.can_read_free_text(request.user))
    book, lang = current_codebook().codebook, language()
    texts = []
    for plan in load_frame():
        for owner in [plan.answers, *(m.answers for m in plan.measures)]:
            texts += [(book.question(q).text(lang), owner[q]) for q in FREE_TEXT if owner.get(q)]
    texts.sort()
    return render(request, "portal/qualitative/free_text.html", {"texts": texts})
