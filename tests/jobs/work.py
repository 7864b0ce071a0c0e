"""Job functions for the tests (importable by path, as the worker needs)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sectorplannen.audit.models import AuditEvent
from sectorplannen.jobs.services import job_task


class SimulatedCrash(BaseException):
    """Stands for the process dying: not an ``Exception``, so the runner records nothing."""


@job_task()
def counting_job(progress, *, steps: int, crash_at: int | None = None, label: str = "count") -> dict:
    """Counts to ``steps`` with progress and stores one side effect (an audit event) at the end."""
    progress.update(done=0, total=steps, message="tellen")
    for i in range(1, steps + 1):
        if crash_at is not None and i == crash_at and progress.job.attempts == 1:
            raise SimulatedCrash()
        progress.update(done=i)
    path = progress.work_dir / "telling.txt"
    path.write_text(f"{steps}\n", encoding="utf-8")
    progress.add_file(path)
    progress.once("audit", lambda: AuditEvent.objects.create(event="test_job_side_effect", context={"label": label}))
    return {"counted": steps}


@job_task()
def failing_job(progress, *, text: str) -> dict:
    raise ValueError(text)


@job_task()
def slow_job(progress, *, steps: int, marker: str, hold_at: int) -> dict:
    """For the real worker test: writes its pid to ``marker`` so the test can kill the process, and on
    its first attempt waits at step ``hold_at`` (bounded) until it is killed there."""
    progress.update(done=0, total=steps, message="langzaam")
    Path(marker).write_text(str(os.getpid()))
    for i in range(1, steps + 1):
        time.sleep(0.05)
        progress.update(done=i)
        if i == hold_at and progress.job.attempts == 1:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                time.sleep(0.1)
    progress.once("audit", lambda: AuditEvent.objects.create(event="test_job_side_effect", context={"label": "slow"}))
    return {"counted": steps}
