"""Time every portal page: log in as one user per role and GET each page the role may open, 20 times.

Runs in-process against whatever database the settings point at (``DATABASE_URL``; default the
development SQLite file), e.g. the demo database::

    .venv/bin/python benchmarks/bench_pages.py [--repeat 20] [--settings sectorplannen.conf.dev]

Pages that need a plan take the first plan (not a reference plan) in the most advanced state that
page needs. Prints, per page and role, the status, median and 95th percentile in milliseconds.
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
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sectorplannen.accounts.roles import ROLES
    from sectorplannen.plans.models import Plan, PlanStatus
    from sectorplannen.portal.models import PlanDraft, ProposedDecision, RevisionRequest, UploadReport

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 403s of pages a role may not open
    setup_test_environment()  # lets the test client run against the configured database
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    plans = Plan.objects.filter(is_reference=False)
    running = plans.filter(status__in=[PlanStatus.GRANTED, PlanStatus.RUNNING]).first()
    any_plan = running or plans.exclude(status=PlanStatus.DRAFT).first()
    settled = plans.filter(status=PlanStatus.SETTLED).first()
    pages = ["/", "/mijn-plannen/", "/werkvoorraad/", "/voorstellen/",
             "/realisatie/", "/evaluatie/", "/beheer/logboek/", "/rekenhulp/",
             "/account/tweede-factor/"]
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
    for model, url in ((PlanDraft, "/concepten/{pk}/algemeen/"), (ProposedDecision, "/voorstellen/{pk}/"),
                       (RevisionRequest, "/herzieningsverzoeken/{pk}/")):
        obj = model.objects.first()
        if obj:
            pages.append(url.format(pk=obj.pk))
    report = UploadReport.objects.first()
    if report:
        pages.append(f"/plannen/{report.plan_id}/deelnemers/uploads/{report.pk}/")

    print(f"{'pagina':55} {'rol':16} {'status':>6} {'mediaan ms':>11} {'p95 ms':>8}")
    for role in ROLES:
        user = User.objects.filter(groups__name=role, is_active=True).order_by("pk").first()
        if user is None:
            print(f"(geen gebruiker met rol {role})", file=sys.stderr)
            continue
        client = Client()
        client.force_login(user)
        for url in pages:
            first = client.get(url)
            if first.status_code != 200:
                continue
            samples = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
            print(f"{url:55} {role:16} {first.status_code:>6} {statistics.median(samples):>11.1f} "
                  f"{p95(samples):>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
