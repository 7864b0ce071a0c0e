"""One definition, two engines: DuckDB and Spark give the same outputs of formats §6 and §8 (ADR 016).

Both commands run on one generated population (200,000+ participants with jobs and benefits, and a
comparison group) once per engine; every output file must be the same: the CSV files field by
field (counts exactly, fractions and estimates to 1e-9), the HTML reports byte for byte, the XLSX
workbooks cell by cell; the unprotected counts and estimates too. Spark runs in the one local
session of the `spark_session` fixture.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from sectorplannen.evaluation.effects_service import run_effects
from sectorplannen.evaluation.effects_synth import generate_comparison
from sectorplannen.evaluation.services import run_evaluation
from sectorplannen.evaluation.synth import generate_employment, generate_participants

pytestmark = pytest.mark.spark

REGISTRATIONS = 215_000  # about 200,500 persons (generate_participants: 0.93 persons per row)
COMPARISON = 40_000
DATES = ["2017-05-31", "2018-05-31", "2019-05-31"]


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> dict[str, Path]:
    outcomes, effects = tmp_path_factory.mktemp("outcomes"), tmp_path_factory.mktemp("effects")
    made = generate_participants(outcomes / "deelnemers.csv", REGISTRATIONS, seed=20)
    generate_employment(outcomes / "deelnemers.csv", outcomes, seed=21)
    shutil.copy(outcomes / "deelnemers.csv", effects / "deelnemers.csv")
    generate_comparison(effects / "deelnemers.csv", effects, COMPARISON, seed=22)
    return {"outcomes": outcomes, "effects": effects, "made": made}


def _same_csv(a: Path, b: Path) -> None:
    with open(a, encoding="utf-8") as fa, open(b, encoding="utf-8") as fb:
        rows_a, rows_b = list(csv.reader(fa)), list(csv.reader(fb))
    assert len(rows_a) == len(rows_b), a.name
    for row_a, row_b in zip(rows_a, rows_b, strict=True):
        assert len(row_a) == len(row_b), a.name
        for x, y in zip(row_a, row_b, strict=True):
            if x == y:
                continue
            try:  # a fraction or estimate: equal to 1e-9 (a count is an integer: equal exactly above)
                assert "." in x and abs(float(x) - float(y)) <= 1e-9, (a.name, row_a, row_b)
            except ValueError:
                pytest.fail(f"{a.name}: {row_a} != {row_b}")


def _same_xlsx(a: Path, b: Path) -> None:
    book_a, book_b = openpyxl.load_workbook(a, read_only=True), openpyxl.load_workbook(b, read_only=True)
    assert book_a.sheetnames == book_b.sheetnames
    for name in book_a.sheetnames:
        values_a = list(book_a[name].iter_rows(values_only=True))
        values_b = list(book_b[name].iter_rows(values_only=True))
        assert values_a == values_b, (a.name, name)


def _same_outputs(out_a: Path, out_b: Path) -> list[str]:
    names = sorted(p.name for p in out_a.iterdir())
    assert names == sorted(p.name for p in out_b.iterdir())
    for name in names:
        a, b = out_a / name, out_b / name
        if name.endswith(".csv"):
            _same_csv(a, b)
        elif name.endswith(".xlsx"):
            _same_xlsx(a, b)
        else:
            assert a.read_bytes() == b.read_bytes(), name
    return names


def test_evaluate_gives_the_same_files_on_spark(population, spark_session, tmp_path):
    folder = population["outcomes"]
    inputs = (folder / "deelnemers.csv", folder / "banen.csv", folder / "uitkeringen.csv")
    embedded = run_evaluation(*inputs, DATES, tmp_path / "duckdb")
    spark = run_evaluation(*inputs, DATES, tmp_path / "spark", engine="spark")
    assert embedded.units >= 200_000 and embedded.units == spark.units
    assert embedded.cells == spark.cells and embedded.dominance == spark.dominance and embedded.log == spark.log
    names = _same_outputs(tmp_path / "duckdb", tmp_path / "spark")
    assert {"income_status.csv", "employer_mobility.csv", "plan_sector.csv", "contract.csv", "hours.csv",
            "contract_job_changers.csv", "dominance.csv", "disclosure_log.csv", "changes.csv", "outcomes.xlsx",
            "report.html", "benefit_ao.csv", "mean_age.csv"} <= set(names)
    shown = [c for c in embedded.cells if c.table == "income_status" and c.dimension == "total"]
    assert sum(c.n for c in shown if c.measurement_date.isoformat() == DATES[-1]) == embedded.units


def test_effects_give_the_same_files_on_spark(population, spark_session, tmp_path):
    folder = population["effects"]
    inputs = (folder / "deelnemers.csv", folder / "vergelijkingsgroep.csv", folder / "banen.csv",
              folder / "uitkeringen.csv")
    options = {"horizon": 24, "staggered_max_persons": 1500}
    embedded = run_effects(*inputs, tmp_path / "duckdb", **options)
    spark = run_effects(*inputs, tmp_path / "spark", engine="spark", **options)
    a, b = embedded.estimates, spark.estimates
    assert a.groups == b.groups and int(a.n_total[0]) >= 200_000
    for field in ("n_treated", "n_comparison", "n_total"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    assert np.allclose(a.att, b.att, rtol=0, atol=1e-9) and np.allclose(a.se, b.se, rtol=0, atol=1e-9)
    names = _same_outputs(tmp_path / "duckdb", tmp_path / "spark")
    assert {"effects.csv", "balance.csv", "support.csv", "mde.csv", "disclosure_log.csv", "effects.xlsx",
            "effects.html"} <= set(names)
    assert any(r.method == "staggered_did" and not r.suppressed for r in spark.effects)


def test_the_command_takes_the_engine(spark_session, tmp_path):
    """`sectorplannen evaluate --engine spark` on a small slice: same files as without --engine."""
    from django.core.management import call_command

    folder = tmp_path / "in"
    folder.mkdir()
    generate_participants(folder / "deelnemers.csv", 3000, seed=5)
    generate_employment(folder / "deelnemers.csv", folder, seed=6)
    common = ["--participants", folder / "deelnemers.csv", "--jobs", folder / "banen.csv",
              "--benefits", folder / "uitkeringen.csv", "--date", "2019-05-31"]
    call_command("evaluate", *map(str, common), "--out", str(tmp_path / "a"))
    call_command("evaluate", *map(str, common), "--out", str(tmp_path / "b"), "--engine", "spark")
    _same_outputs(tmp_path / "a", tmp_path / "b")
