"""Load test: 50 simulated users in the roles' proportions against gunicorn (several workers) and
PostgreSQL with the demo data; p95 per page and errors. Loopback only.

One command (the database must hold the demo: ``sectorplannen demo`` with the same ``DATABASE_URL``)::

    DATABASE_URL=postgres://…/db SECTORPLANNEN_DATA_DIR=DIR .venv/bin/python benchmarks/load_test.py

It seeds users, plans and sessions (``load_seed.py``), starts gunicorn with the production settings
(``sectorplannen.conf.production``; TLS as if behind the proxy), runs locust headless
(``load_locustfile.py``) once unmeasured to warm the workers and then measured, prints per page the
requests, errors, median, p95, p99 and maximum in ms, the load average before and after, and the
server and database settings, and exits 1 when a page has errors or a p95 of 300 ms or more. Needs
the ``load`` extra (``pip install -e '.[load]'``).
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_P95_MS = 300


def _wait_for(port: int, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not listen on port {port} within {seconds:.0f} s")


def _database_settings(env: dict) -> str:
    code = ("import django; django.setup(); from django.db import connection as c; from django.conf import settings\n"
            "with c.cursor() as cur:\n"
            "    out = []\n"
            "    for n in ('server_version', 'max_connections', 'shared_buffers', 'work_mem', 'effective_cache_size',"
            " 'synchronous_commit'):\n"
            "        cur.execute('SHOW ' + n)\n"
            "        out.append(f'{n}={cur.fetchone()[0]}')\n"
            "print(', '.join(out), '| CONN_MAX_AGE', settings.DATABASES['default']['CONN_MAX_AGE'])")
    return subprocess.run([str(BIN / "python"), "-c", code], env=env, capture_output=True, text=True,
                          check=True).stdout.strip()


def _locust(args, env: dict, run_time: str, prefix: str) -> None:
    subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "benchmarks" / "load_locustfile.py"), "--headless",
                    "-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", run_time, "--reset-stats",
                    "--host", f"http://127.0.0.1:{args.port}", "--csv", str(args.out / prefix),
                    "--only-summary", "--loglevel", "WARNING"], env=env, check=False,
                   stdout=subprocess.DEVNULL if prefix == "warm-up" else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", default="3m", help="locust's --run-time, e.g. 3m")
    parser.add_argument("--warm-up", default="30s", help="an unmeasured run first (cold workers, caches)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "load-test")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at PostgreSQL with the demo data (see the docstring)")
    args.out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(os.environ.get("SECTORPLANNEN_DATA_DIR", ROOT / "var"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sectorplannen.conf.production",
           "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
           "SECTORPLANNEN_KEY_FILE": os.environ.get("SECTORPLANNEN_KEY_FILE",
                                                    str(data_dir / "sectorplannen-keys.json")),
           "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECTORPLANNEN_TLS_PROXY": "1",
           "SECTORPLANNEN_BUSINESS_DATE": os.environ.get("SECTORPLANNEN_BUSINESS_DATE", "2014-05-15"),
           "LOAD_SESSIONS": str(args.out / "sessions.json"), "PYTHONPATH": str(ROOT / "src")}
    ratio = {"applicants": round(args.users * 0.6), "assessors": round(args.users * 0.3)}
    ratio["ministry"] = args.users - sum(ratio.values())
    subprocess.run([str(BIN / "python"), str(ROOT / "benchmarks" / "load_seed.py"), "--out", env["LOAD_SESSIONS"],
                    *[f"--{k}={v}" for k, v in ratio.items()]], env=env, check=True)
    subprocess.run([str(BIN / "sectorplannen"), "collectstatic", "--noinput", "-v0"], env=env, check=True)
    server_cmd = [str(BIN / "gunicorn"), "sectorplannen.wsgi", "--workers", str(args.workers), "--bind",
                  f"127.0.0.1:{args.port}", "--timeout", "60", "--log-level", "warning"]
    server = subprocess.Popen(server_cmd, env=env, cwd=ROOT)
    try:
        _wait_for(args.port)
        _locust(args, env, args.warm_up, "warm-up")  # every worker loads the application and fills its caches
        before = os.getloadavg()
        _locust(args, env, args.duration, "locust")
        after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nserver: {' '.join(server_cmd[1:])} (settings sectorplannen.conf.production)")
    print(f"database: {_database_settings(env)}")
    print(f"users: {args.users} ({ratio['applicants']} applicants, {ratio['assessors']} assessors, "
          f"{ratio['ministry']} ministry), spawn {args.spawn_rate}/s, run {args.duration}, think time 1–3 s")
    print(f"load average before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
          f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f} ({os.cpu_count()} cores)\n")
    return report(args.out / "locust_stats.csv")


def report(stats: Path) -> int:
    rows = list(csv.DictReader(stats.open()))
    print(f"{'page':40} {'requests':>8} {'errors':>6} {'median':>7} {'p95':>6} {'p99':>6} {'max':>7}")
    ok = True
    for r in rows:
        p95, errors = float(r["95%"] or 0), int(r["Failure Count"])
        if r["Name"] != "Aggregated":
            ok = ok and errors == 0 and p95 < TARGET_P95_MS
        print(f"{r['Name']:40} {r['Request Count']:>8} {errors:>6} {float(r['50%'] or 0):>7.0f} {p95:>6.0f} "
              f"{float(r['99%'] or 0):>6.0f} {float(r['Max Response Time'] or 0):>7.0f}")
    print(f"\ntarget p95 < {TARGET_P95_MS} ms per page and no errors: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
