"""Benchmark: a 300,000-row participant file uploaded through the browser (Playwright + chromium) and
processed by the background job, against the same file through the command line. Target (issue 17):
the browser's rows per second at least 80 % of the command line's.

    .venv/bin/python benchmarks/bench_browser_upload.py [--rows 300000] [--repeat 3]
        [--database-url postgres://USER@HOST:PORT/postgres]

Each run gets a fresh database (SQLite file, or a database on the PostgreSQL server) with one running
plan and its applicant, and a real stack: the development server and ``sectorplannen worker`` as
separate processes, as in production (there behind gunicorn). Timed, for the browser: from the click
on "Uploaden" until the finished upload report is on screen (sending 22 MB, queueing, the import,
the last poll); also the job's own time (queued to finished). For the command line: ``sectorplannen
participants import`` of the same file into another fresh database. The file is synthetic (BSNs made
at run time), in a temporary directory removed afterwards. The machine is shared: the load average
is printed before every run.

``Stack`` is also what the browser test (tests/portal/test_browser_big_upload.py) runs against."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

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

APPLICANT, PASSWORD = "aanvrager", "correct-horse-battery-staple"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

APPLICANT_SETUP = """
import sys
import django
django.setup()
from sectorplannen.accounts.services import create_user
from sectorplannen.organisations.models import Organisation
from sectorplannen.plans.models import Plan, PlanPartner
org = Organisation.objects.create(name="Werkgeversvereniging Benchmark", kind="employers_organisation")
plan = Plan.objects.get(name="Benchmarkplan")
PlanPartner.objects.create(plan=plan, organisation=org, kind="employers_organisation", roles=["main_applicant"])
create_user(sys.argv[1], role="applicant", password=sys.argv[2], organisations=[org])
print(plan.pk)
"""

JOB_TIMES = """
import json
import django
django.setup()
from sectorplannen.jobs.models import Job
from sectorplannen.participants.models import Registration
job = Job.objects.get(kind="participant_upload")
print(json.dumps({"status": job.status, "job_seconds": (job.finished_at - job.created_at).total_seconds(),
                  "import_seconds": (job.finished_at - job.started_at).total_seconds(),
                  "registrations": Registration.objects.count()}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stack:
    """A fresh database with one running plan and its applicant, the development server and a worker
    (separate processes), and the upload file. ``stop()`` ends the two processes it started."""

    def __init__(self, directory: Path, *, rows: int, database_url: str | None = None, upload: Path | None = None):
        self.directory, self.rows, self.database_url = directory, rows, database_url
        self.env = fresh_db(directory / "db", database_url)
        self.env.update(SECTORPLANNEN_TASK_BACKEND="database", SECTORPLANNEN_BUSINESS_DATE="2015-06-01",
                        PYTHONUNBUFFERED="1")
        target = "-" if upload else str(directory / "upload")
        if not upload:
            (directory / "upload").mkdir()
        subprocess.run([str(BIN / "python"), "-c", SETUP, str(rows), target], env=self.env, check=True)
        self.upload = upload or next((directory / "upload").glob("*.csv"))
        self.plan_id = int(subprocess.run([str(BIN / "python"), "-c", APPLICANT_SETUP, APPLICANT, PASSWORD],
                                          env=self.env, check=True, capture_output=True, text=True).stdout.split()[-1])
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        self._log = open(directory / "stack.log", "w")  # noqa: SIM115 - closed by stop()
        self.server = subprocess.Popen([str(BIN / "sectorplannen"), "runserver", "--noreload",
                                        f"127.0.0.1:{self.port}"], env=self.env, stdout=self._log,
                                       stderr=subprocess.STDOUT)
        self.worker = subprocess.Popen([str(BIN / "sectorplannen"), "worker", "--no-reload", "--no-startup-delay",
                                        "--interval", "0.2"], env=self.env, stdout=self._log,
                                       stderr=subprocess.STDOUT)
        self._wait_for_server()

    def _wait_for_server(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/aanmelden/", timeout=2)  # noqa: S310 - our own loopback URL
                return
            except OSError:
                if self.server.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the server did not start: {(self.directory / 'stack.log').read_text()[-2000:]}")

    def job_times(self) -> dict:
        out = subprocess.run([str(BIN / "python"), "-c", JOB_TIMES], env=self.env, check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    def stop(self) -> None:
        for proc in (self.server, self.worker):
            if proc.poll() is None:
                proc.terminate()
        for proc in (self.server, self.worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._log.close()
        if self.database_url:
            _recreate_postgres_database(self.database_url, f"bench_participants_{(self.directory / 'db').name}",
                                        drop_only=True)


def browser_upload(page, stack: Stack, *, timeout_s: float = 600) -> dict:
    """Log in, upload the file, follow the progress bar until the report is shown. Returns the seconds
    from the click to the report and the progress seen on the way (bar values and rows read)."""
    page.goto(stack.url + "/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(APPLICANT)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    page.goto(f"{stack.url}/plannen/{stack.plan_id}/deelnemers/")
    page.get_by_label("Bestand met deelnemers (CSV of XLSX)").set_input_files(str(stack.upload))
    start = time.perf_counter()
    page.get_by_role("button", name="Uploaden").click()
    page.wait_for_url("**/deelnemers/verwerking/*/", timeout=timeout_s * 1000)
    sent = time.perf_counter() - start
    bars, rows_read = [], []
    done = page.get_by_test_id("upload-done")
    deadline = time.monotonic() + timeout_s
    while not done.is_visible():
        if time.monotonic() > deadline:
            raise TimeoutError("the upload did not finish")
        bar = page.get_by_test_id("upload-bar")
        if bar.count():
            value = bar.get_attribute("value")
            bars.append(int(value) if value else None)
            rows_read.append(page.get_by_test_id("live-rows-read").inner_text())
        page.wait_for_timeout(100)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "rows_per_s": round(stack.rows / seconds), "sending_s": round(sent, 2),
            "bar_values": sorted({b for b in bars if b is not None}), "rows_read_seen": list(dict.fromkeys(rows_read)),
            "stored_shown": page.get_by_test_id("stored").inner_text()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL server for the fresh databases (default: SQLite)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-browser-upload-"))
    results = {"machine": machine(), "database": _database_label(args.database_url), "rows": args.rows, "runs": []}
    upload = None
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for i in range(args.repeat):
                load = os.getloadavg()[0]
                stack = Stack(tmp / f"browser{i}", rows=args.rows, database_url=args.database_url, upload=upload)
                upload = upload or stack.upload
                try:
                    page = browser.new_context(locale="nl-NL").new_page()
                    seen = browser_upload(page, stack)
                    job = stack.job_times()
                finally:
                    stack.stop()
                env = fresh_db(tmp / f"cli{i}", args.database_url)
                subprocess.run([str(BIN / "python"), "-c", SETUP, str(args.rows), "-"], env=env, check=True)
                cli = import_run([str(BIN / "sectorplannen"), "participants", "import", "--plan", PLAN, "--file",
                                  str(upload)], env, args.rows)
                if args.database_url:
                    _recreate_postgres_database(args.database_url, f"bench_participants_cli{i}", drop_only=True)
                run = {"load_before": round(load, 2), "browser": seen, "job": job,
                       "job_rows_per_s": round(args.rows / job["job_seconds"]),
                       "cli": {k: cli[k] for k in ("seconds", "rows_per_s", "load_before")},
                       "browser_vs_cli": round(seen["rows_per_s"] / cli["rows_per_s"], 3),
                       "job_vs_cli": round(args.rows / job["job_seconds"] / cli["rows_per_s"], 3)}
                results["runs"].append(run)
                print(f"run {i + 1}", json.dumps(run, ensure_ascii=False), flush=True)
            browser.close()
        results["file_mib"] = round(upload.stat().st_size / 2**20, 1)
        for key in ("browser_vs_cli", "job_vs_cli"):
            values = [r[key] for r in results["runs"]]
            results[key] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
        print(json.dumps({k: v for k, v in results.items() if k != "runs"}, indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
