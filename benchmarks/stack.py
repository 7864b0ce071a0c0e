"""A real stack for the benchmarks and the big-upload browser test: a fresh database (SQLite file, or a
database on a PostgreSQL server) with one running plan and its applicant, the web server and
``sectorplannen worker`` as separate processes, and the upload file; and the command line's import of
the same file into another fresh database, to compare with.

The web server is the development server (``runserver``, one process, threads) or, with
``server="gunicorn"``, gunicorn with ``workers`` processes and the production settings (TLS as if
behind the proxy), as ``docs/operations.md`` runs it. Used by ``bench_browser_upload.py``,
``bench_api.py`` and tests/portal/test_browser_big_upload.py."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_participants_import import BIN, PLAN, SETUP, _recreate_postgres_database, fresh_db, import_run  # noqa: E402

APPLICANT, PASSWORD = "aanvrager", "correct-horse-battery-staple"
KEY_FILE = "sectorplannen-keys.json"  # the development key file beside the database (participants.vault)

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

MAKE_KEYS = """
import django
django.setup()
from sectorplannen.participants.vault import get_vault
get_vault()  # writes the development key file beside the database, which production then reads
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
    """A fresh database with one running plan and its applicant, the web server and a worker (separate
    processes), and the upload file. ``stop()`` ends the two processes it started."""

    def __init__(self, directory: Path, *, rows: int, database_url: str | None = None, upload: Path | None = None,
                 server: str = "runserver", workers: int = 2):
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
        self.server_label = "runserver (development server, 1 process)"
        if server == "gunicorn":  # production's settings and server, with the development key file made here
            subprocess.run([str(BIN / "python"), "-c", MAKE_KEYS], env=self.env, check=True)
            self.env.update(DJANGO_SETTINGS_MODULE="sectorplannen.conf.production",
                            SECRET_KEY=secrets.token_urlsafe(40), SECTORPLANNEN_TLS_PROXY="1",
                            SECTORPLANNEN_KEY_FILE=str(directory / "db" / KEY_FILE), SECTORPLANNEN_SSL_REDIRECT="0",
                            ALLOWED_HOSTS="localhost,127.0.0.1")
            command = [str(BIN / "gunicorn"), "sectorplannen.wsgi", "--workers", str(workers), "--bind",
                       f"127.0.0.1:{self.port}", "--timeout", "600", "--log-level", "warning"]
            self.server_label = f"gunicorn, {workers} workers, production settings"
        else:
            command = [str(BIN / "sectorplannen"), "runserver", "--noreload", f"127.0.0.1:{self.port}"]
        self._log = open(directory / "stack.log", "w")  # noqa: SIM115 - closed by stop()
        self.server = subprocess.Popen(command, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        self.worker = subprocess.Popen([str(BIN / "sectorplannen"), "worker", "--no-reload", "--no-startup-delay",
                                        "--interval", "0.2"], env=self.env, stdout=self._log,
                                       stderr=subprocess.STDOUT)
        self._wait_for_server()

    def _wait_for_server(self, timeout: float = 300) -> None:  # a shared machine may take minutes
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/api/v1/plannen", timeout=30)  # noqa: S310 - our own loopback URL
                return
            except urllib.error.HTTPError:  # an answer (401 without a token): the server is up
                return
            except OSError:
                if self.server.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the server did not start: {(self.directory / 'stack.log').read_text()[-2000:]}")

    def cpu_seconds(self) -> dict:
        """CPU time (user + system) the worker and the server have used so far, from /proc."""
        tick = os.sysconf("SC_CLK_TCK")

        def used(proc) -> float:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick

        return {"worker": used(self.worker), "server": used(self.server)}

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


def cli_import(directory: Path, upload: Path, rows: int, database_url: str | None = None) -> dict:
    """``sectorplannen participants import`` of ``upload`` into a fresh database with the same plan (wall
    and CPU time of the whole command); the PostgreSQL database is dropped afterwards."""
    env = fresh_db(directory, database_url)
    subprocess.run([str(BIN / "python"), "-c", SETUP, str(rows), "-"], env=env, check=True)
    try:
        return import_run([str(BIN / "sectorplannen"), "participants", "import", "--plan", PLAN, "--file",
                           str(upload)], env, rows)
    finally:
        if database_url:
            _recreate_postgres_database(database_url, f"bench_participants_{directory.name}", drop_only=True)
