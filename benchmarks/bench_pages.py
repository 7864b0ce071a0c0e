"""Time every portal page: log in as one user per role and GET each page the role may open, 20 times.

Runs in-process against whatever database the settings point at (``DATABASE_URL``; default the
development SQLite file), e.g. the demo database::

    .venv/bin/python benchmarks/bench_pages.py [--repeat 20] [--settings sectorplannen.conf.dev]

Pages that need a plan take the first plan (not a reference plan) in the most advanced state that
page needs, and the reference plan with the most registrations (the demo's heaviest): its pages, the
last page of its registrations and a filtered one. The list of all plans is timed unfiltered, searched
and filtered. Prints, per page and role, the status, the first request (cold: templates compiled,
caches such as the realisation tables filled) and the median and 95th percentile of the next ``--repeat``
requests in milliseconds.

The participant pages write an audit event per view: run it against a copy of the database.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--settings", default=os.environ.get("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.dev"))
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = args.settings
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sectorplannen.accounts.roles import ROLES
    from sectorplannen.plans.models import Plan, PlanStatus
    from sectorplannen.portal.models import PlanDraft, UploadReport
    from sectorplannen.workflow.models import Proposal, RevisionRequest

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 403s of pages a role may not open
    setup_test_environment()  # lets the test client run against the configured database
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    plans = Plan.objects.filter(is_reference=False)
    running = plans.filter(status__in=[PlanStatus.GRANTED, PlanStatus.RUNNING]).first()
    any_plan = running or plans.exclude(status=PlanStatus.DRAFT).first()
    settled = plans.filter(status=PlanStatus.SETTLED).first()
    pages = ["/", "/mijn-plannen/", "/werkvoorraad/", "/voorstellen/",
             "/realisatie/", "/evaluatie/", "/beheer/logboek/", "/rekenhulp/",
             "/account/tweede-factor/", "/plannen/", "/plannen/?q=bouw",
             "/plannen/?status=settled&tranche=1-2&kind=sectoral&sort=-subsidy&page=2"]
    if any_plan:
        pages += [f"/plannen/{any_plan.pk}/", f"/plannen/{any_plan.pk}/logboek/",
                  f"/plannen/{any_plan.pk}/deelnemers/", f"/plannen/{any_plan.pk}/financien/"]
        if any_plan.decisions.exists():
            pages.append(f"/plannen/{any_plan.pk}/beschikkingen/1/")
    if running:
        pages += [f"/plannen/{running.pk}/herziening/", f"/plannen/{running.pk}/voortgang/",
                  f"/plannen/{running.pk}/einddeclaratie/", f"/plannen/{running.pk}/voorschotten/"]
    if settled:
        pages.append(f"/plannen/{settled.pk}/financien/")
    submitted = plans.filter(status=PlanStatus.SUBMITTED).first()
    if submitted:
        pages.append(f"/plannen/{submitted.pk}/beoordelen/")
    declared = plans.filter(status=PlanStatus.DECLARED).first()
    if declared:
        pages.append(f"/plannen/{declared.pk}/vaststellen/")
    for model, url in ((PlanDraft, "/concepten/{pk}/algemeen/"), (Proposal, "/voorstellen/{pk}/"),
                       (RevisionRequest, "/herzieningsverzoeken/{pk}/")):
        obj = model.objects.first()
        if obj:
            pages.append(url.format(pk=obj.pk))
    # The demo database's heaviest plan: the reference plan with the most registrations.
    biggest = (Plan.objects.filter(is_reference=True).annotate(n=Count("registrations")).order_by("-n").first())
    if biggest:
        last = max(1, -(-biggest.n // settings.PORTAL_PAGE_SIZE))
        code = biggest.measures.order_by("code").values_list("code", flat=True).first()
        pages += [f"/plannen/{biggest.pk}/", f"/plannen/{biggest.pk}/deelnemers/",
                  f"/plannen/{biggest.pk}/deelnemers/?rpage={last}",
                  f"/plannen/{biggest.pk}/deelnemers/?measure={code}&pseudonym=ab",
                  f"/plannen/{biggest.pk}/financien/", f"/plannen/{biggest.pk}/logboek/",
                  f"/plannen/{biggest.pk}/beschikkingen/1/"]
    report = UploadReport.objects.first()
    if report:
        pages.append(f"/plannen/{report.plan_id}/deelnemers/uploads/{report.pk}/")

    print(f"{'pagina':72} {'rol':16} {'status':>6} {'eerste ms':>10} {'mediaan ms':>11} {'p95 ms':>8}")
    for role in ROLES:
        user = User.objects.filter(groups__name=role, is_active=True).order_by("pk").first()
        if user is None:
            print(f"(geen gebruiker met rol {role})", file=sys.stderr)
            continue
        client = Client()
        client.force_login(user)
        for url in pages:
            start = time.perf_counter()
            first = client.get(url)
            cold = (time.perf_counter() - start) * 1000
            if first.status_code != 200:
                continue
            samples = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
            print(f"{url:72} {role:16} {first.status_code:>6} {cold:>10.1f} {statistics.median(samples):>11.1f} "
                  f"{p95(samples):>8.1f}", flush=True)
    from sectorplannen.portal.realisation import data_version

    samples = []
    for _ in range(100):
        start = time.perf_counter()
        data_version()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"\nsleutel realisatiecache (data_version, 100x): mediaan {statistics.median(samples):.1f} ms, "
          f"p95 {p95(samples):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
