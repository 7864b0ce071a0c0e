"""Long outputs of the overview pages made by background jobs, so that no page request computes them:
the realisation dashboard (tables and charts) and the realisation report (HTML, XLSX, PDF).

Both are cached until their data change, by the job's idempotency key: the dashboard's key is its
cache key (the cheap data version of ``realisation.data_version``, the filters and the language); the
report's is ``monitoring.background.report_key`` (a fingerprint of every input figure), remembered per
data version so that a page request does not load every fact to compute it. A finished job's file is
the cached output; a new state of the data is a new key, so a new job. The web server and the worker
share the jobs directory (the Django cache is per process)."""

from __future__ import annotations

import dataclasses

from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from sectorplannen.jobs.models import Job, JobFile, JobStatus
from sectorplannen.jobs.services import Progress, file_path, job_task, submit
from sectorplannen.monitoring.background import REPORT_FORMATS, current_realisation_report  # noqa: F401 (the views read it here)
from sectorplannen.monitoring.background import report_file as background_report_file

from . import realisation

DASHBOARD_KIND = "realisation_dashboard"
DASHBOARD_FILE = "dashboard.html"


@job_task()
def dashboard_task(progress: Progress, *, filters: dict, language: str) -> dict:
    """Compute and render the dashboard's tables and charts for one set of filters and one language."""
    with translation.override(language):
        progress.update(done=0, total=2, message="Tabellen en grafieken berekenen")
        html = realisation.render_dashboard(realisation.parse_filters(filters))
        progress.update(done=1, message="Opslaan")
        path = progress.work_dir / DASHBOARD_FILE
        path.write_text(html, encoding="utf-8")
        progress.add_file(path, DASHBOARD_FILE, "text/html")
        progress.update(done=2, message="Klaar")
    return {}


def dashboard(params, *, user=None) -> tuple[SafeString | None, Job | None]:
    """The dashboard's HTML for ``params`` when it is ready (from the cache or a finished job), else
    ``None`` with the job that makes it (queued now if there was none)."""
    filters = realisation.parse_filters(params)
    key = realisation.cache_key(filters=filters)
    html = cache.get(key)
    if html is not None:
        return mark_safe(html), None  # noqa: S308 - rendered by our own template with autoescaping
    job = submit(dashboard_task, kind=DASHBOARD_KIND, key=key, user=user,
                 params={"filters": dataclasses.asdict(filters), "language": translation.get_language()})
    found = _file(job, DASHBOARD_FILE)
    if found is None:
        return None, job
    html = file_path(found).read_text(encoding="utf-8")
    cache.set(key, html, realisation.CACHE_SECONDS)
    return mark_safe(html), job  # noqa: S308 - rendered by our own template with autoescaping


def realisation_report(*, user=None) -> Job:
    """The realisation report's job for the current data (``monitoring.background``, shared with the API)."""
    return current_realisation_report(user=user)


def report_file(job: Job, fmt: str) -> JobFile | None:
    return background_report_file(job, fmt)


def _file(job: Job, name: str) -> JobFile | None:
    if job.status != JobStatus.SUCCEEDED:
        return None
    found = job.files.filter(name=name).first()
    return found if found is not None and file_path(found).exists() else None
