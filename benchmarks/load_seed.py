"""Seed the load test: users per role, an applicant organisation with plans of its own, and one
logged-in session per simulated user (written to a JSON file for ``load_locustfile.py``).

Runs against the database of the settings (``DATABASE_URL``), after ``sectorplannen demo`` filled it.
Idempotent: a second run reuses the organisation, users and plans and makes fresh sessions.

    .venv/bin/python benchmarks/load_seed.py --out sessions.json [--applicants 30 --assessors 15 --ministry 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from importlib import import_module
from pathlib import Path

ORGANISATION = "Werkgeversvereniging Belastingproef"
PASSWORD_LENGTH = 24
PLANS = 6  # the organisation's own plans: half granted, half waiting for a decision


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--applicants", type=int, default=30)
    parser.add_argument("--assessors", type=int, default=15)
    parser.add_argument("--ministry", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.production")
    import django

    django.setup()
    import secrets

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.db.models import Count

    from sectorplannen.accounts.services import create_user
    from sectorplannen.organisations.models import Organisation
    from sectorplannen.plans.application import submit_application
    from sectorplannen.plans.examples import FORMATS, load
    from sectorplannen.plans.models import Plan, PlanStatus
    from sectorplannen.workflow.services import transition

    org, _ = Organisation.objects.get_or_create(name=ORGANISATION, defaults={"kind": "employers_organisation"})

    def users(role: str, prefix: str, n: int) -> list:
        made = []
        for i in range(n):
            name = f"{prefix}-{i + 1:02d}"
            user = User.objects.filter(username=name).first() or create_user(
                name, role=role, password=secrets.token_urlsafe(PASSWORD_LENGTH),
                organisations=[org] if role == "applicant" else [])
            made.append(user)
        return made

    applicants = users("applicant", "proef-aanvrager", args.applicants)
    assessors = users("assessor", "proef-beoordelaar", args.assessors)
    ministry = users("policy_officer", "proef-beleid", args.ministry)
    own = list(Plan.objects.filter(name__startswith="Belastingproef ").order_by("pk"))
    for i in range(len(own), PLANS):
        doc = load(FORMATS)
        doc["name"] = f"Belastingproef {i + 1}"
        doc["partners"][0]["name"] = ORGANISATION
        plan = submit_application(doc, actor=applicants[0])
        if i % 2 == 0:
            transition(plan, "grant", None, decided_on=dt.date(2014, 7, 1))
        own.append(plan)
    submitted = [p.pk for p in own if p.status == PlanStatus.SUBMITTED]
    reference = list(Plan.objects.filter(is_reference=True).annotate(n=Count("registrations"))
                     .order_by("-n").values_list("pk", flat=True)[:10])
    engine = import_module(settings.SESSION_ENGINE)

    def session(user) -> str:
        store = engine.SessionStore()
        store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.set_expiry(4 * 3600)
        store.create()
        return store.session_key

    data = {
        "cookie": settings.SESSION_COOKIE_NAME,
        "applicant": [session(u) for u in applicants], "assessor": [session(u) for u in assessors],
        "ministry": [session(u) for u in ministry],
        "own_plans": [p.pk for p in own], "submitted_plans": submitted, "reference_plans": reference,
    }
    args.out.write_text(json.dumps(data, indent=1))
    print(f"{len(applicants)} aanvragers, {len(assessors)} beoordelaars, {len(ministry)} beleid; "
          f"{len(own)} eigen plannen ({len(submitted)} ingediend), {len(reference)} referentieplannen → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
