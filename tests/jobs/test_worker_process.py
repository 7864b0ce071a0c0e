"""A real worker process killed in the middle of a job (SIGKILL, as the kernel's OOM killer or a
power cut would): the next worker puts the job back and runs it to one single result.

Runs against its own SQLite file, and against its own PostgreSQL database when DATABASE_URL points at
a server, shared by this test's helper processes and the workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent / "sectorplannen"

PROBE = """
import json, django
django.setup()
from sectorplannen.jobs.models import Job
from sectorplannen.audit.models import AuditEvent
from django_tasks_db.models import DBTaskResult
job = Job.objects.get(key="slow:1")
print(json.dumps({"status": job.status, "attempts": job.attempts, "done": job.done,
                  "effects": AuditEvent.objects.filter(event="test_job_side_effect").count(),
                  "tasks": sorted([t.status, t.exception_class_path] for t in DBTaskResult.objects.all())}))
"""

SUBMIT = """
import django, sys
django.setup()
from sectorplannen.jobs.services import submit
from tests.jobs.work import slow_job
job = submit(slow_job, kind="slow", key="slow:1", params={"steps": 15, "marker": sys.argv[1], "hold_at": 3})
print(job.status)
"""


def _postgres_database(name: str):
    """A new database on the PostgreSQL server of DATABASE_URL (the worker test needs its own)."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs DATABASE_URL=postgres://… (make test-postgres)")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name, url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def env(request, tmp_path):
    """Settings for the worker processes: their own SQLite file, or their own PostgreSQL database."""
    dropped = None
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    else:
        name = f"worker_test_{os.getpid()}"
        database_url, server = _postgres_database(name)
        dropped = (server, name)
    env = {**os.environ, "DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "sectorplannen.conf.test", "SECTORPLANNEN_DATA_DIR": str(tmp_path),
           "SECTORPLANNEN_TASK_BACKEND": "database", "SECTORPLANNEN_JOB_STALE_SECONDS": "2",
           "PYTHONPATH": str(ROOT)}
    subprocess.run([BIN, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=180)
    yield env
    if dropped is not None:
        import psycopg

        with psycopg.connect(dropped[0], autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dropped[1]}" WITH (FORCE)')


def _python(env, code, *args) -> str:
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, check=True, timeout=60,
                          capture_output=True, text=True).stdout.strip()


def _worker(env, *extra):
    return subprocess.Popen([BIN, "worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", *extra],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_killed_worker_loses_no_job_and_doubles_no_result(env, tmp_path):
    marker = tmp_path / "pid"
    assert _python(env, SUBMIT, str(marker)) == "queued"
    worker = _worker(env)
    try:
        deadline = time.monotonic() + 100
        while time.monotonic() < deadline:
            if marker.exists() and json.loads(_python(env, PROBE))["done"] >= 3:
                break
            time.sleep(0.2)
        else:
            pytest.fail("the worker did not start the job")
        assert int(marker.read_text()) == worker.pid  # the job runs in the worker process itself
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    state = json.loads(_python(env, PROBE))
    assert state["status"] == "running" and state["attempts"] == 1 and state["effects"] == 0
    assert state["tasks"] == [["RUNNING", ""]]

    time.sleep(2.5)  # the lost attempt's heartbeat grows stale
    second = _worker(env, "--batch")
    out, _ = second.communicate(timeout=120)
    assert second.returncode == 0, out
    assert "Teruggezet in de wachtrij: 1" in out
    state = json.loads(_python(env, PROBE))
    assert state["status"] == "succeeded" and state["attempts"] == 2 and state["done"] == 15
    assert state["effects"] == 1
    assert state["tasks"] == [["FAILED", "sectorplannen.jobs.WorkerLost"], ["SUCCESSFUL", ""]]
