"""The realisation dashboard's tables, computed once per state of the data by a background job and kept
as its file and in the Django cache (report_jobs.py).

``monitoring.services.realisation_tables()`` reads every decision, declaration, settlement and a
COUNT DISTINCT over all registrations (some 200–300 ms on the demo database); rendering them takes
another 25–50 ms. The rendered tables are cached under a key made of the cheap *data version*
(``monitoring.data_version``): any change to the figures changes the key, so the page is never stale;
an unchanged database answers from the cache.
"""

from __future__ import annotations

import base64
import hashlib

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sectorplannen.monitoring.data_version import data_version
from sectorplannen.monitoring.filters import KIND_CHOICES, TRANCHE_CHOICES, Filters
from sectorplannen.monitoring.report import html_tables
from sectorplannen.monitoring.services import dashboard_figures, report_settings

MAX_FILTER_LENGTH = 100
CACHE_SECONDS = 24 * 3600  # a key that is no longer current is never asked for again; let it expire


def cache_key(version: str | None = None, filters: Filters | None = None) -> str:
    digest = hashlib.sha256((filters or Filters()).key().encode()).hexdigest()[:12]
    return f"portal:realisation:{version or data_version()}:{digest}:{get_language()}"


def render_dashboard(filters: Filters) -> str:
    """The dashboard's filter form, contents, charts and tables (each with its downloads) as HTML.
    Computed by a background job (report_jobs.py) and cached under ``cache_key``: never in a request."""
    tables, charts, filters, choices = dashboard_figures(filters=filters, charts=True)
    rendered = html_tables(tables)
    query = filters.query()
    for t in rendered:
        t["downloads"] = [(fmt.upper(), reverse("portal:realisation_table", args=[t["id"], fmt])
                           + (f"?{query}" if query else "")) for fmt in ("csv", "xlsx")]
    labels = report_settings().labels
    return render_to_string("portal/overview/dashboard_body.html", {
        "tables": rendered, "empty_text": _("Er zijn geen plannen bij deze filters."), "filters": filters,
        "charts": [{"id": c.id, "title": c.title, "alt": c.alt,
                    "src": "data:image/png;base64," + base64.b64encode(c.png).decode()} for c in charts],
        "tranche_choices": TRANCHE_CHOICES, "kind_choices": KIND_CHOICES,
        "sector_choices": choices["sector"],
        "theme_choices": [(code, labels.get(code, code)) for code in choices["theme"]],
    })


def parse_filters(params) -> Filters:
    """The filters of a request. Tranche and kind must be one of their choices; a sector or theme that
    matches no plan simply leaves the tables empty (checking it would cost the query the cache saves)."""
    def text(name: str) -> str:
        return str(params.get(name, ""))[:MAX_FILTER_LENGTH]

    return Filters(
        tranche=text("tranche") if text("tranche") in dict(TRANCHE_CHOICES) else "",
        kind=text("kind") if text("kind") in dict(KIND_CHOICES) else "",
        sector=text("sector"), theme=text("theme"),
    )
