"""Finding 3 of the security review: the demo leaves no upload file with BSNs behind."""

from __future__ import annotations

import pytest
from rich.console import Console

from sectorplannen.monitoring import demo
from tests.participants.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_the_demo_removes_its_generated_upload_files(tmp_path):
    make_plan("Demoplan", is_reference=True, status="declared")
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "left-by-an-older-demo.csv").write_text("bsn\n")
    result = demo.DemoResult(tmp_path)
    note = demo._participants(tmp_path, Console(file=open("/dev/null", "w")), result)  # noqa: SIM115
    assert "in 1 bestanden" in note  # one upload file was written and imported
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
