"""`sectorplannen evaluate` as a user runs it: arguments, output files and exit codes 0, 1 and 2."""

from __future__ import annotations

import os
import subprocess
import sys

from .helpers import benefit, job, participant, write_inputs


def evaluate(tmp_path, *args):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="sectorplannen.conf.test",
               SECTORPLANNEN_DATA_DIR=str(tmp_path / "var"))
    return subprocess.run([sys.executable, "-m", "sectorplannen.cli", "evaluate", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)


def inputs(tmp_path, bad=False):
    jobs = [job(i) for i in range(15)] + ([job(1, contract="zzp", start="2012-01-01")] if bad else [])
    return write_inputs(tmp_path / "in", [participant(i) for i in range(15)], jobs, [benefit(2)])


def test_exit_0_and_all_files(tmp_path):
    people, jobs, benefits = inputs(tmp_path)
    p = evaluate(tmp_path, "--participants", people, "--jobs", jobs, "--benefits", benefits,
                 "--date", "2019-05-31", "--date", "2018-05-31", "--out", tmp_path / "out")
    assert p.returncode == 0, p.stderr
    assert "15 eenheden" in p.stdout
    assert {"income_status.csv", "outcomes.xlsx", "report.html", "disclosure_log.csv"} <= {
        f.name for f in (tmp_path / "out").iterdir()}


def test_exit_1_when_rows_are_rejected(tmp_path):
    people, jobs, benefits = inputs(tmp_path, bad=True)
    p = evaluate(tmp_path, "--participants", people, "--jobs", jobs, "--benefits", benefits,
                 "--date", "2019-05-31", "--out", tmp_path / "out")
    assert p.returncode == 1
    assert "banen regel 17, kolom contract: contract_unknown" in p.stderr
    assert (tmp_path / "out" / "rejected_rows.csv").exists() and (tmp_path / "out" / "report.html").exists()


def test_exit_2_for_unusable_input_and_nothing_written(tmp_path):
    people, jobs, benefits = inputs(tmp_path)
    p = evaluate(tmp_path, "--participants", people, "--jobs", tmp_path / "missing.csv", "--benefits", benefits,
                 "--date", "2019-05-31", "--out", tmp_path / "out")
    assert p.returncode == 2
    assert "banen" in p.stderr
    assert not (tmp_path / "out").exists()
    p = evaluate(tmp_path, "--participants", people, "--jobs", jobs, "--benefits", benefits,
                 "--date", "2019-13-01", "--out", tmp_path / "out")
    assert p.returncode == 2 and not (tmp_path / "out").exists()
