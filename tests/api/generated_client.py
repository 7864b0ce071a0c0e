"""The Python client generated from the API's own OpenAPI document with openapi-python-client, at
test time (docs/adr/012-issue16-api.md: generated, never committed, so it cannot drift from the API)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

CONFIG = """post_hooks: []
project_name_override: sectorplannen-client
package_name_override: sectorplannen_client
content_type_overrides:
  text/csv: application/octet-stream
  application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: application/octet-stream
  application/pdf: application/octet-stream
"""


def generate(folder: Path):
    """Generate the client package into ``folder`` and import it."""
    from django.test import Client

    document = Client().get("/api/v1/openapi.json")
    assert document.status_code == 200
    (folder / "openapi.json").write_bytes(document.content)
    (folder / "config.yaml").write_text(CONFIG, encoding="utf-8")
    tool = Path(sys.executable).with_name("openapi-python-client")
    run = subprocess.run([str(tool), "generate", "--path", str(folder / "openapi.json"), "--config",
                          str(folder / "config.yaml"), "--meta", "none", "--output-path",
                          str(folder / "sectorplannen_client")], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "will not be generated" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(folder))
    return importlib.import_module("sectorplannen_client")
