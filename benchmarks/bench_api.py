"""Benchmark of the REST API (issue 16), on a real stack over loopback: the development server and
``sectorplannen worker`` as separate processes (``bench_browser_upload.Stack``).

1. A 300,000-row participant file POSTed to ``/api/v1/plannen/{id}/deelnemersuploads`` (202), then the
   status resource polled until the job is done: rows per second from the POST to "succeeded",
   against ``sectorplannen participants import`` of the same file into another fresh database
   (target: at least 80 %); the status endpoint's latency while the job runs (target: p95 < 50 ms).
2. Read endpoints on the reference plans (the demo's 99 published plans, ``reference import``):
   20 concurrent clients, each ``--requests`` GETs of ``/plannen``, ``/plannen/{id}`` and
   ``/plannen/{id}/beschikkingen/1`` (target: p95 < 100 ms).

    .venv/bin/python benchmarks/bench_api.py [--rows 300000] [--clients 20] [--requests 50]

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

from bench_browser_upload import APPLICANT, PASSWORD, Stack  # noqa: E402
from bench_participants_import import (  # noqa: E402
    BIN,
    PLAN,
    SETUP,
    _database_label,
    _recreate_postgres_database,
    fresh_db,
    import_run,
    machine,
)

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
            "requests_per_s": round(len(latencies) / elapsed, 1), "plans": len(ids),
            "load_after": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="GETs per client")
    parser.add_argument("--database-url", help="a PostgreSQL server for the fresh databases (default: SQLite)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    results = {"machine": machine(), "rows": args.rows, "database": _database_label(args.database_url)}
    try:
        stack = Stack(tmp / "api", rows=args.rows, database_url=args.database_url)
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
        finally:
            stack.stop()
        env = fresh_db(tmp / "cli", args.database_url)
        subprocess.run([str(BIN / "python"), "-c", SETUP, str(args.rows), "-"], env=env, check=True)
        cli = import_run([str(BIN / "sectorplannen"), "participants", "import", "--plan", PLAN, "--file",
                          str(stack.upload)], env, args.rows)
        results["cli"] = {k: cli[k] for k in ("seconds", "rows_per_s", "load_before")}
        if args.database_url:
            _recreate_postgres_database(args.database_url, "bench_participants_cli", drop_only=True)
        results["api_vs_cli"] = round(results["api_upload"]["rows_per_s"] / cli["rows_per_s"], 3)
        print(json.dumps(results, indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
