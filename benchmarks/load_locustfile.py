"""The load test's simulated users (locust), in the roles' proportions of ``load_test.py``:
applicants browse their plans, the participant (upload) page and their inbox; assessors work the
queue, open plans and the assessment page; the ministry (policy officers) watch the dashboard and
the evaluation. Each simulated user has its own logged-in session from ``load_seed.py``
(``LOAD_SESSIONS`` names the file). Only HTML pages are fetched (static files come from whitenoise
or the proxy, not measured here). A page counts as an error unless it answers 200."""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["LOAD_SESSIONS"]).read())  # noqa: SIM115 (read once at start)
_NEXT = {role: itertools.cycle(DATA[role]) for role in ("applicant", "assessor", "ministry")}


class _Role(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)  # think time between pages

    def on_start(self):
        self.client.headers["Cookie"] = f"{DATA['cookie']}={next(_NEXT[self.role])}"
        self.client.headers["X-Forwarded-Proto"] = "https"  # as behind the TLS proxy

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")


class Applicant(_Role):
    role, weight = "applicant", 30

    @task(3)
    def my_plans(self):
        self.page("/mijn-plannen/", "/mijn-plannen/")

    @task(4)
    def plan(self):
        self.page(f"/plannen/{random.choice(DATA['own_plans'])}/", "/plannen/[eigen]/")

    @task(2)
    def participants(self):  # the participant list with the upload form
        self.page(f"/plannen/{random.choice(DATA['own_plans'])}/deelnemers/", "/plannen/[eigen]/deelnemers/")

    @task(2)
    def finance(self):
        self.page(f"/plannen/{random.choice(DATA['own_plans'])}/financien/", "/plannen/[eigen]/financien/")

    @task(1)
    def inbox(self):
        self.page("/berichten/", "/berichten/")


class Assessor(_Role):
    role, weight = "assessor", 15

    @task(3)
    def queue(self):
        self.page("/werkvoorraad/", "/werkvoorraad/")

    @task(1)
    def proposals(self):
        self.page("/voorstellen/", "/voorstellen/")

    @task(2)
    def assess(self):
        self.page(f"/plannen/{random.choice(DATA['submitted_plans'])}/beoordelen/", "/plannen/[ingediend]/beoordelen/")

    @task(2)
    def plan_list(self):
        self.page("/plannen/", "/plannen/")

    @task(2)
    def reference_plan(self):
        self.page(f"/plannen/{random.choice(DATA['reference_plans'])}/", "/plannen/[referentie]/")

    @task(1)
    def reference_participants(self):
        self.page(f"/plannen/{random.choice(DATA['reference_plans'])}/deelnemers/",
                  "/plannen/[referentie]/deelnemers/")

    @task(1)
    def reference_finance(self):
        self.page(f"/plannen/{random.choice(DATA['reference_plans'])}/financien/", "/plannen/[referentie]/financien/")


class Ministry(_Role):
    role, weight = "ministry", 5

    @task(4)
    def dashboard(self):
        self.page("/realisatie/", "/realisatie/")

    @task(1)
    def evaluation(self):
        self.page("/evaluatie/", "/evaluatie/")

    @task(1)
    def plan_list(self):
        self.page("/plannen/?status=settled&sort=-subsidy", "/plannen/?status=settled")
