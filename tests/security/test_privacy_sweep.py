"""The privacy sweep: the official test BSNs go in in every form (plain, with spaces, dots or
dashes, as an Excel date, in a file name, in an invalid field) through the command and the portal;
then every log line, page, error file, export (CSV, XLSX, Parquet, PDF text), the audit table and the
raw database file are searched for them. Only koppeling.csv may contain them (docs/privacy.md)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .privacy_flows import BSNS, forms_of

FLOWS = Path(__file__).with_name("privacy_flows.py")
ALLOWED = {"koppeling.csv"}


def _texts(path: Path) -> list[str]:
    """What a person or a program could read in the file."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return [json.dumps(table.to_pylist(), default=str), data.decode("latin-1")]
    if path.suffix == ".pdf":
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return [text]
    return [data.decode("latin-1")]


def _needles() -> dict[str, str]:
    return {f"{bsn} ({form})": written for bsn in BSNS for form, written in forms_of(bsn).items()}


@pytest.mark.slow
def test_no_bsn_anywhere_but_the_linkage_file(tmp_path):
    out = tmp_path / "out"
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "sectorplannen.conf.dev",
           "SECTORPLANNEN_DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "DEBUG",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'db.sqlite3'}",
           "SECTORPLANNEN_BUSINESS_DATE": "2014-09-15", "PYTHONPATH": str(Path(__file__).parents[2])}
    p = subprocess.run([sys.executable, str(FLOWS), str(out)], env=env, capture_output=True, text=True,
                       cwd=tmp_path, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    # The flows did what they should: rows stored, errors reported, the linkage file made.
    db = sqlite3.connect(tmp_path / "data" / "db.sqlite3")
    audit = db.execute("SELECT event, context FROM audit_auditevent").fetchall()
    stored = db.execute("SELECT count(*) FROM participants_registration").fetchone()[0]
    db.close()
    # three by the applicant, three by an employer of the plan (a month later)
    assert stored == 6 and (out / "export" / "koppeling.csv").exists()
    assert "bsn_invalid" in (out / "errors-csv.csv").read_text()
    linkage = (out / "export" / "koppeling.csv").read_text()
    assert all(b in linkage for b in BSNS[:3])
    assert len(list((out / "pages").iterdir())) >= 10 and (out / "rapport").is_dir()
    assert "is marked as a date" in p.stderr  # openpyxl's warning about the BSN as a date was logged ...

    sources: dict[str, list[str]] = {"stdout": [p.stdout], "stderr and log": [p.stderr],
                                     "audit table": [json.dumps(audit)]}
    for path in [*out.rglob("*"), *(tmp_path / "data").rglob("*")]:
        if path.is_file() and path.name not in ALLOWED:
            sources[str(path.relative_to(tmp_path))] = _texts(path)
    assert any("db.sqlite3" in name for name in sources)
    assert any("Uploadverslag" in t for name, texts in sources.items() if "report-" in name for t in texts)
    assert any(n in _texts(out / "export" / "koppeling.csv")[0] for n in _needles().values())  # the search works
    assert any("employer-" in name for name in sources) and any("partnership_evidence" in n for n in sources)
    found = [(name, what) for name, texts in sources.items() for what, needle in _needles().items()
             if any(needle in text for text in [*texts, name])]
    assert found == []  # ... masked, like every other trace
