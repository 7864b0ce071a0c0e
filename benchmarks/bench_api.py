"""Benchmark of the REST API (issue 16), on a real stack over loopback: the web server and
``sectorplannen worker`` as separate processes (``stack.Stack``: the development server, or gunicorn
with ``--workers`` processes and the production settings, ``--server gunicorn``).

1. A 300,000-row participant file POSTed to ``/api/v1/plannen/{id}/deelnemersuploads`` (202), then the
   status resource polled until the job is done: rows per second from the POST to "succeeded",
   against ``sectorplannen participants import`` of the same file into another fresh database
   (target: at least 80 %); the status endpoint's latency while the job runs (target: p95 < 50 ms).
2. Read endpoints on the reference plans (the demo's 99 published plans, ``reference import``):
   20 concurrent clients, each ``--requests`` GETs of ``/plannen``, ``/plannen/{id}`` and
   ``/plannen/{id}/beschikkingen/1`` (target: p95 < 100 ms).
3. The cost of one request without load: ``--loop`` requests per endpoint (the three reads and the
   status resource) through Django's test client in one process, no server, no concurrency: what
   a request costs (median, p95 of the wall time, and of the CPU time the process used: on a shared
   machine the CPU time is what the request itself needs, the wall time adds the wait for a core).

    .venv/bin/python benchmarks/bench_api.py [--rows 300000] [--clients 20] [--requests 50] [--loop 200]
        [--server runserver|gunicorn] [--workers 2]

The machine is shared: the load average is printed with every figure. ``--database-url`` runs both on
fresh databases of a PostgreSQL server (production's database) instead of SQLite files."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_participants_import import BIN, _database_label, machine  # noqa: E402
from stack import APPLICANT, PASSWORD, Stack, cli_import  # noqa: E402

TOKENS = """
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from sectorplannen.accounts.services import create_user
from sectorplannen.api.tokens import create_token
applicant = get_user_model().objects.get(username=sys.argv[1])
org = applicant.memberships.first().organisation
print(create_token(applicant, name="bench", scopes=["read", "write", "participants"], days=1,
                   organisation=org)[1])
officer = create_user("bench-assessor", role="assessor", password=sys.argv[2])
for i in range(int(sys.argv[3])):  # one token per client: the rate limit is per token (per system)
    print(create_token(officer, name=f"bench-reader-{i}", scopes=["read"], days=1)[1])
"""


LOOP = """
import json, statistics, sys, time
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()  # the test client's host name is allowed
client = Client(HTTP_AUTHORIZATION="Bearer " + sys.argv[1])
out = {}
for path in sys.argv[3:]:
    for _ in range(10):  # warm: imports, caches, the first audit row of the token's reads
        assert client.get(path).status_code == 200, path
    times, cpu = [], []
    for _ in range(int(sys.argv[2])):
        t, c = time.perf_counter(), time.process_time()
        client.get(path)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    p95 = lambda v: round(statistics.quantiles(v, n=20, method="inclusive")[-1] * 1000, 2)  # noqa: E731
    out[path] = {"median_ms": round(statistics.median(times) * 1000, 2), "p95_ms": p95(times),
                 "cpu_median_ms": round(statistics.median(cpu) * 1000, 2), "cpu_p95_ms": p95(cpu)}
print(json.dumps(out))
"""


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return round(values[0] * 1000, 1)
    return round(statistics.quantiles(values, n=20, method="inclusive")[-1] * 1000, 1)


def upload(stack: Stack, token: str, rows: int) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    load = os.getloadavg()[0]
    with httpx.Client(base_url=stack.url, headers=headers, timeout=600) as client:
        start = time.perf_counter()
        with open(stack.upload, "rb") as fh:
            r = client.post(f"/api/v1/plannen/{stack.plan_id}/deelnemersuploads", content=fh,
                            headers={"Content-Type": "text/csv", "Idempotency-Key": "bench"})
        assert r.status_code == 202, r.text[:500]
        accepted = time.perf_counter() - start
        latencies, status = [], {}
        while True:
            t = time.perf_counter()
            status = client.get(r.headers["Location"]).json()
            latencies.append(time.perf_counter() - t)
            if status["finished"]:
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
    assert status["state"] == "succeeded" and status["stored"] == rows, status
    running = latencies[:-1] or latencies
    return {"load_before": round(load, 2), "seconds": round(elapsed, 2), "rows_per_s": round(rows / elapsed),
            "accepted_after_s": round(accepted, 2), "status_polls": len(latencies),
            "status_path": r.headers["Location"],
            "status_p50_ms": round(statistics.median(running) * 1000, 1), "status_p95_ms": p95(running),
            "load_after": round(os.getloadavg()[0], 2)}


def reads(stack: Stack, tokens: list[str], requests: int) -> dict:
    clients = len(tokens)
    with httpx.Client(base_url=stack.url, headers={"Authorization": f"Bearer {tokens[0]}"}) as c:
        ids = [p["id"] for p in c.get("/api/v1/plannen?pageSize=500").json()["results"] if p["is_reference"]]
    paths = []
    for i in range(requests):
        pid = ids[i % len(ids)]
        paths.append(["/api/v1/plannen", f"/api/v1/plannen/{pid}", f"/api/v1/plannen/{pid}/beschikkingen/1"][i % 3])
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def client_run(token: str):
        mine, bad = [], []
        with httpx.Client(base_url=stack.url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as c:
            for path in paths:
                t = time.perf_counter()
                r = c.get(path)
                mine.append(time.perf_counter() - t)
                if r.status_code != 200:
                    bad.append(r.status_code)
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    load = os.getloadavg()[0]
    threads = [threading.Thread(target=client_run, args=(token,)) for token in tokens]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {"load_before": round(load, 2), "clients": clients, "requests": len(latencies),
            "errors": {code: errors.count(code) for code in sorted(set(errors))},
            "p50_ms": round(statistics.median(latencies) * 1000, 1), "p95_ms": p95(latencies),
            "requests_per_s": round(len(latencies) / elapsed, 1), "plans": len(ids), "first_plan": ids[0],
            "load_after": round(os.getloadavg()[0], 2)}


def quiet_loop(stack: Stack, token: str, paths: list[str], n: int) -> dict:
    """The cost per request in one process without a server: ``n`` GETs per path (after 10 to warm)."""
    env = dict(stack.env, SECTORPLANNEN_API_RATE="1000000/min")  # the loop is one token's n requests a path
    load = os.getloadavg()[0]
    out = subprocess.run([str(BIN / "python"), "-c", LOOP, token, str(n), *paths], env=env, check=True,
                         capture_output=True, text=True).stdout
    return {"load_before": round(load, 2), "requests_per_path": n, "paths": json.loads(out.strip().splitlines()[-1]),
            "load_after": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="GETs per client")
    parser.add_argument("--loop", type=int, default=200, help="requests per endpoint without load (in-process)")
    parser.add_argument("--server", choices=["runserver", "gunicorn"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--database-url", help="a PostgreSQL server for the fresh databases (default: SQLite)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    results = {"machine": machine(), "rows": args.rows, "database": _database_label(args.database_url)}
    try:
        stack = Stack(tmp / "api", rows=args.rows, database_url=args.database_url, server=args.server,
                      workers=args.workers)
        results["server"] = stack.server_label
        try:
            fund, *readers = subprocess.run([str(BIN / "python"), "-c", TOKENS, APPLICANT, PASSWORD, str(args.clients)],
                                            env=stack.env, check=True, capture_output=True,
                                            text=True).stdout.split()[-(args.clients + 1):]
            results["api_upload"] = upload(stack, fund, args.rows)
            print("api upload", json.dumps(results["api_upload"]), flush=True)
            subprocess.run([str(BIN / "sectorplannen"), "reference", "import"], env=stack.env, check=True,
                           capture_output=True)
            results["reads"] = reads(stack, readers, args.requests)
            print("reads", json.dumps(results["reads"]), flush=True)
            pid = results["reads"]["first_plan"]
            results["quiet"] = quiet_loop(stack, readers[0], ["/api/v1/plannen", f"/api/v1/plannen/{pid}",
                                                              f"/api/v1/plannen/{pid}/beschikkingen/1"], args.loop)
            results["quiet_status"] = quiet_loop(stack, fund, [results["api_upload"]["status_path"]], args.loop)
            print("quiet", json.dumps([results["quiet"], results["quiet_status"]]), flush=True)
        finally:
            stack.stop()
        cli = cli_import(tmp / "cli", stack.upload, args.rows, args.database_url)
        results["cli"] = {k: cli[k] for k in ("seconds", "rows_per_s", "load_before")}
        results["api_vs_cli"] = round(results["api_upload"]["rows_per_s"] / cli["rows_per_s"], 3)
        print(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
