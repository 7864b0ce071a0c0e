"""Benchmark: a 300,000-row participant file uploaded through the browser (Playwright + chromium) and
processed by the background job, against the same file through the command line. Target (issue 17):
the browser's rows per second at least 80 % of the command line's.

    .venv/bin/python benchmarks/bench_browser_upload.py [--rows 300000] [--repeat 3]
        [--database-url postgres://USER@HOST:PORT/postgres]

Each run gets a fresh database (SQLite file, or a database on the PostgreSQL server) with one running
plan and its applicant, and a real stack: the development server and ``sectorplannen worker`` as
separate processes, as in production (there behind gunicorn). Timed, for the browser: from the click
on "Uploaden" until the finished upload report is on screen (sending 22 MB, queueing, the import,
the last poll); also the job's own time (queued to finished) and the CPU time the worker used. For
the command line: ``sectorplannen participants import`` of the same file into another fresh
database (wall and CPU time of the whole command). On a shared machine the CPU times compare the work
itself; the wall times also how much of the machine each got. The file is synthetic (BSNs made
at run time), in a temporary directory removed afterwards. The machine is shared: the load average
is printed before every run.

The stack (``stack.Stack``) is also what the browser test (tests/portal/test_browser_big_upload.py)
runs against."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_participants_import import _database_label, machine  # noqa: E402
from stack import APPLICANT, PASSWORD, Stack, cli_import  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

LOOK = """() => {
  const bar = document.querySelector('[data-testid="upload-bar"]');
  const rows = document.querySelector('[data-testid="live-rows-read"]');
  return {done: !!document.querySelector('[data-testid="upload-done"]'),
          bar: bar ? (bar.getAttribute("value") || "") : null, rows: rows ? rows.textContent : ""};
}"""


def browser_upload(page, stack: Stack, *, timeout_s: float = 600) -> dict:
    """Log in, upload the file, follow the progress bar until the report is shown. Returns the seconds
    from the click to the report and the progress seen on the way (bar values and rows read)."""
    page.set_default_timeout(timeout_s * 1000)  # on a loaded machine sending 22 MB may take a while
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
    from playwright.sync_api import Error as PlaywrightError

    bars, rows_read = [], []
    deadline = time.monotonic() + timeout_s
    while True:  # one look at the page every 250 ms (more often would take CPU from the job it measures)
        try:
            seen = page.evaluate(LOOK)
        except PlaywrightError:  # the page reloads itself when the job is done
            page.wait_for_load_state()
            continue
        if seen["done"]:
            break
        if time.monotonic() > deadline:
            raise TimeoutError("the upload did not finish")
        if seen["bar"] is not None:
            bars.append(int(seen["bar"]) if seen["bar"] else None)
            rows_read.append(seen["rows"])
        page.wait_for_timeout(250)
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
                    before = stack.cpu_seconds()
                    seen = browser_upload(page, stack)
                    after = stack.cpu_seconds()
                    job = stack.job_times()
                    job.update({f"{k}_cpu_s": round(after[k] - before[k], 2) for k in after})
                finally:
                    stack.stop()
                cli = cli_import(tmp / f"cli{i}", upload, args.rows, args.database_url)
                run = {"load_before": round(load, 2), "browser": seen, "job": job,
                       "job_rows_per_s": round(args.rows / job["job_seconds"]),
                       "job_rows_per_cpu_s": round(args.rows / job["worker_cpu_s"]),
                       "cli": {k: cli[k] for k in ("seconds", "rows_per_s", "cpu_seconds", "rows_per_cpu_s",
                                                   "load_before")},
                       "browser_vs_cli": round(seen["rows_per_s"] / cli["rows_per_s"], 3),
                       "job_vs_cli": round(args.rows / job["job_seconds"] / cli["rows_per_s"], 3),
                       "job_vs_cli_per_cpu_s": round(args.rows / job["worker_cpu_s"] / cli["rows_per_cpu_s"], 3)}
                results["runs"].append(run)
                print(f"run {i + 1}", json.dumps(run, ensure_ascii=False), flush=True)
            browser.close()
        results["file_mib"] = round(upload.stat().st_size / 2**20, 1)
        for key in ("browser_vs_cli", "job_vs_cli", "job_vs_cli_per_cpu_s"):
            values = [r[key] for r in results["runs"]]
            results[key] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
        print(json.dumps({k: v for k, v in results.items() if k != "runs"}, indent=2, ensure_ascii=False))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
