"""What each page of the load test costs in one process, without the queue for the CPU: time and
database queries per request, with the production settings against the load test's database.

    DATABASE_URL=postgres://…/db SECTORPLANNEN_DATA_DIR=DIR .venv/bin/python benchmarks/load_profile.py \\
        [--repeat 20] [--profile /plannen/[eigen]/]

Seeds the users and sessions as ``load_test.py`` does (``load_seed.py``), then, per page of
``load_locustfile.py`` (the same names), one unmeasured request (templates, caches) and ``--repeat``
measured ones with the Django test client; prints the median and p95 in ms (wall clock), the median
CPU time of this process (what the page costs in Python, however busy the machine: the wall clock
also counts the wait for a core and the database's own time) and the queries per request.
``--profile NAME`` adds cProfile's top functions (cumulative) for one page. A shared machine makes
every wall-clock figure larger: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def pages(data: dict) -> list[tuple[str, str, str]]:
    """(name, role, url) of every page of the load test, one plan of each kind."""
    rng = random.Random(17)
    own, submitted, reference = (rng.choice(data[k]) for k in ("own_plans", "submitted_plans", "reference_plans"))
    return [
        ("/mijn-plannen/", "applicant", "/mijn-plannen/"), ("/plannen/[eigen]/", "applicant", f"/plannen/{own}/"),
        ("/plannen/[eigen]/deelnemers/", "applicant", f"/plannen/{own}/deelnemers/"),
        ("/plannen/[eigen]/financien/", "applicant", f"/plannen/{own}/financien/"),
        ("/berichten/", "applicant", "/berichten/"), ("/werkvoorraad/", "assessor", "/werkvoorraad/"),
        ("/voorstellen/", "assessor", "/voorstellen/"),
        ("/plannen/[ingediend]/beoordelen/", "assessor", f"/plannen/{submitted}/beoordelen/"),
        ("/plannen/", "assessor", "/plannen/"), ("/plannen/[referentie]/", "assessor", f"/plannen/{reference}/"),
        ("/plannen/[referentie]/deelnemers/", "assessor", f"/plannen/{reference}/deelnemers/"),
        ("/plannen/[referentie]/financien/", "assessor", f"/plannen/{reference}/financien/"),
        ("/realisatie/", "ministry", "/realisatie/"), ("/evaluatie/", "ministry", "/evaluatie/"),
        ("/plannen/?status=settled", "ministry", "/plannen/?status=settled&sort=-subsidy"),
    ]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", default="", help="a page name to profile with cProfile")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL with the demo data (see load_test.py)")
    data_dir = Path(os.environ.get("SECTORPLANNEN_DATA_DIR", ROOT / "var"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "sectorplannen.conf.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        "SECTORPLANNEN_KEY_FILE": os.environ.get("SECTORPLANNEN_KEY_FILE", str(data_dir / "sectorplannen-keys.json")),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECTORPLANNEN_TLS_PROXY": "1",
        "SECTORPLANNEN_BUSINESS_DATE": os.environ.get("SECTORPLANNEN_BUSINESS_DATE", "2014-05-15")})
    sessions = Path(tempfile.mkdtemp()) / "sessions.json"
    subprocess.run([str(BIN / "python"), str(ROOT / "benchmarks" / "load_seed.py"), "--out", str(sessions),
                    "--applicants=1", "--assessors=1", "--ministry=1"], env=os.environ, check=True,
                   stdout=subprocess.DEVNULL)
    data = json.loads(sessions.read_text())

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for role in ("applicant", "assessor", "ministry"):
        clients[role] = Client(headers={"X-Forwarded-Proto": "https"})
        clients[role].cookies[data["cookie"]] = data[role][0]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print(f"{'page':36} {'status':>6} {'first ms':>9} {'median ms':>10} {'p95 ms':>7} {'cpu ms':>7} {'queries':>8}")
    for name, role, url in pages(data):
        client = clients[role]
        start = time.perf_counter()
        status = client.get(url).status_code
        first = (time.perf_counter() - start) * 1000
        samples, cpu, queries = [], [], 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            queries = len(captured)
        print(f"{name:36} {status:>6} {first:>9.0f} {statistics.median(samples):>10.1f} {p95(samples):>7.1f} "
              f"{statistics.median(cpu):>7.1f} {queries:>8}")
        if name == args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(client.get, url)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
