"""Input as a directory of Parquet files partitioned by year (as a data platform stores a register)."""

from __future__ import annotations

import filecmp

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from sectorplannen.evaluation.services import InputError, run_evaluation
from sectorplannen.evaluation.synth import generate_employment, generate_participants


def _by_year(path, out_file, out_dir):
    """The rows sorted by start year, as one Parquet file and as `year=YYYY/part-0.parquet` files."""
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(strings_can_be_null=False,
                                                                      column_types={"end_date": pa.string()}))
    year = pc.year(table.column("start_date"))
    table = table.append_column("year", year).sort_by([("year", "ascending")])
    pq.write_table(table.drop_columns(["year"]), out_file)
    for y in sorted(set(table.column("year").to_pylist())):
        part = table.filter(pc.equal(table.column("year"), y)).drop_columns(["year"])
        (out_dir / f"year={y}").mkdir(parents=True)
        pq.write_table(part, out_dir / f"year={y}" / "part-0.parquet")
    return table.num_rows


def test_a_directory_partitioned_by_year_reads_as_the_same_rows(tmp_path):
    generate_participants(tmp_path / "deelnemers.csv", 2500, seed=8)
    generate_employment(tmp_path / "deelnemers.csv", tmp_path, seed=9)
    rows = _by_year(tmp_path / "banen.csv", tmp_path / "banen.parquet", tmp_path / "banen")
    assert len(list((tmp_path / "banen").iterdir())) > 3
    common = (tmp_path / "deelnemers.csv",)
    one = run_evaluation(*common, tmp_path / "banen.parquet", tmp_path / "uitkeringen.csv", ["2019-05-31"],
                         tmp_path / "one")
    many = run_evaluation(*common, tmp_path / "banen", tmp_path / "uitkeringen.csv", ["2019-05-31"],
                          tmp_path / "many")
    assert many.summaries[1].format == "parquet" and many.summaries[1].rows_read == rows
    assert one.cells == many.cells
    for name in ("income_status.csv", "employer_mobility.csv", "hours.csv", "rejected_rows.csv"):
        assert filecmp.cmp(tmp_path / "one" / name, tmp_path / "many" / name, shallow=False), name


def test_an_empty_directory_is_unusable_input(tmp_path):
    generate_participants(tmp_path / "deelnemers.csv", 200, seed=8)
    generate_employment(tmp_path / "deelnemers.csv", tmp_path, seed=9)
    (tmp_path / "leeg").mkdir()
    with pytest.raises(InputError, match="geen Parquet"):
        run_evaluation(tmp_path / "deelnemers.csv", tmp_path / "leeg", tmp_path / "uitkeringen.csv", ["2019-05-31"],
                       tmp_path / "out")
    assert not (tmp_path / "out").exists()
