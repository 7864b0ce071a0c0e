"""Choosing the engine: a clear refusal (exit 2, nothing written) when the choice cannot be used."""

from __future__ import annotations

import sys

import pytest

from sectorplannen.evaluation.services import InputError, run_evaluation
from sectorplannen.evaluation.synth import generate_employment, generate_participants


@pytest.fixture
def inputs(tmp_path):
    generate_participants(tmp_path / "deelnemers.csv", 300, seed=4)
    generate_employment(tmp_path / "deelnemers.csv", tmp_path, seed=4)
    return tmp_path / "deelnemers.csv", tmp_path / "banen.csv", tmp_path / "uitkeringen.csv"


def test_an_unknown_engine_is_refused_before_reading(inputs, tmp_path):
    with pytest.raises(InputError, match="onbekende engine 'polars'"):
        run_evaluation(*inputs, ["2019-05-31"], tmp_path / "out", engine="polars")
    assert not (tmp_path / "out").exists()


def test_spark_without_pyspark_says_what_to_install(inputs, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if the optional extra were not installed
    with pytest.raises(InputError, match=r"sectorplannen\[spark\]"):
        run_evaluation(*inputs, ["2019-05-31"], tmp_path / "out", engine="spark")
    assert not (tmp_path / "out").exists()
