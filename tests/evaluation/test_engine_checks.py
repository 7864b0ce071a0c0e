"""The input checks on the engine (ADR 023): staged batch by batch, the same rejections on DuckDB and Spark."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sectorplannen.evaluation import extract_stage
from sectorplannen.evaluation.effects_input import read_effect_inputs
from sectorplannen.evaluation.engine import Engine, SparkEngine
from sectorplannen.evaluation.extract import PARTICIPANTS

from .helpers import BENEFIT_COLUMNS, JOB_COLUMNS, PARTICIPANT_COLUMNS, benefit, job, participant, pid, write_csv

COMPARISON_COLUMNS = ["pseudonym", "birth_year"]


def messy_inputs(folder):
    """Every kind of rejection of §4, §5 and §8, and values that pass only after normalising."""
    people = [participant(i, start="2015-03-01") for i in range(6)]
    people[1] = {**people[1], "pseudonym": "  " + pid(1).upper() + " ", "start_date": "01-03-2015"}
    people += [participant(6, start=""), participant(7, start="2015-13-01"), {**participant(8), "plan": ""},
               participant(9, start="2016-01-01", end="2015-01-01"), participant(0, start="2015-03-01")]
    for i, row in enumerate(people):
        row["birth_year"] = {3: "", 4: "1850", 5: "19x0"}.get(i, "1975")
    jobs = [job(0), job(0, contract="zzp"), job(0, start="2019-02-30"), job(1, hours="veel"), job(1, hours="37,5"),
            job(1, hours="1.5d"), job(2, hours="200"), job(2, employer=""), {**job(3), "pseudonym": "abc"}, job(0),
            job(3, contract=" VAST "), job(4, hours=""), job(20)]
    benefits = [benefit(0), benefit(1, kind="ww"), benefit(2, kind="pensioen"), benefit(3, kind=""),
                benefit(4, start="31-12-2018"), benefit(0), benefit(21)]
    comparison = [{"pseudonym": pid(100 + i), "birth_year": "1970"} for i in range(5)]
    comparison += [{"pseudonym": pid(0), "birth_year": "1975"}, {"pseudonym": pid(100), "birth_year": "1970"},
                   {"pseudonym": pid(101), "birth_year": "1980"}, {"pseudonym": "xyz", "birth_year": "1970"},
                   {"pseudonym": pid(110), "birth_year": ""}, {"pseudonym": pid(111), "birth_year": "3000"}]
    paths = (write_csv(folder / "deelnemers.csv", [*PARTICIPANT_COLUMNS, "birth_year"], people),
             write_csv(folder / "vergelijkingsgroep.csv", COMPARISON_COLUMNS, comparison),
             write_csv(folder / "banen.csv", JOB_COLUMNS, jobs),
             write_csv(folder / "uitkeringen.csv", BENEFIT_COLUMNS, benefits))
    with open(paths[2], "a", encoding="utf-8") as fh:
        fh.write(f"{pid(5)},E1,Bouw\n")  # a line with too few fields
    return paths


def tables(extract) -> dict[str, list[tuple]]:
    engine = extract.engine
    return {name: sorted(tuple(r.values()) for r in engine.collect(engine.table(name)).to_pylist())
            for name in ("participants", "comparison", "jobs", "benefits")}


def test_stage_copies_a_parquet_directory_batch_by_batch_as_text(tmp_path, monkeypatch):
    monkeypatch.setattr(extract_stage, "BATCH_ROWS", 2)
    folder = tmp_path / "deelnemers"
    for year, starts in (("2015", ["2015-01-01", "2015-02-01", "2015-03-01"]), ("2016", ["2016-01-01"])):
        (folder / f"jaar={year}").mkdir(parents=True)
        rows = [{**participant(i), "start_date": None, "age_at_start": 40.0} for i in range(len(starts))]
        table = pa.Table.from_pylist(rows).set_column(10, "start_date", pa.array(
            [pa.scalar(s).cast(pa.date32()).as_py() for s in starts], pa.date32()))
        pq.write_table(table, folder / f"jaar={year}" / "part-0.parquet")
    staged = extract_stage.stage(extract_stage.open_source(folder, PARTICIPANTS), tmp_path / "staged.parquet")
    out = pq.read_table(staged.parquet)
    assert staged.rows == 4 and out.column("_row").to_pylist() == [1, 2, 3, 4]
    assert out.column("start_date").to_pylist() == ["2015-01-01", "2015-02-01", "2015-03-01", "2016-01-01"]
    assert out.column("age_at_start").to_pylist() == ["40"] * 4 and out.column("birth_year").to_pylist() == [""] * 4
    assert pq.ParquetFile(staged.parquet).metadata.num_row_groups >= 2  # written in batches


def test_a_csv_with_malformed_lines_is_staged_with_their_line_numbers(tmp_path):
    path = write_csv(tmp_path / "deelnemers.csv", PARTICIPANT_COLUMNS, [participant(i) for i in range(4)])
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "too,few")
    lines.insert(5, ",".join(["x"] * 20))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    staged = extract_stage.stage(extract_stage.open_source(path, PARTICIPANTS), tmp_path / "staged.parquet")
    assert staged.malformed == [3, 6] and staged.rows == 4
    assert pq.read_table(staged.parquet).column("_row").to_pylist() == [2, 4, 5, 7]


def test_the_checks_run_on_the_engine_and_only_counts_and_records_come_back(tmp_path):
    con = duckdb.connect()
    extract = read_effect_inputs(*messy_inputs(tmp_path), engine=Engine(con))
    codes = {(r[0], r[1], r[2], r[3]) for r in extract.rejection_rows()}
    assert {("deelnemers", 8, "start_date", "value_missing"), ("deelnemers", 9, "start_date", "date_invalid"),
            ("deelnemers", 6, "birth_year", "birth_year_invalid"), ("deelnemers", 10, "plan", "value_missing"),
            ("deelnemers", 12, "", "duplicate_row"), ("deelnemers", 5, "birth_year", "value_missing"),
            ("banen", 4, "start_date", "date_invalid"), ("banen", 7, "hours_per_week", "hours_invalid"),
            ("banen", 11, "", "duplicate_row"), ("banen", 15, "", "row_malformed"),
            ("uitkeringen", 4, "type", "benefit_type_unknown"), ("uitkeringen", 7, "", "duplicate_row"),
            ("vergelijkingsgroep", 7, "pseudonym", "also_participant"),
            ("vergelijkingsgroep", 8, "pseudonym", "duplicate_row"),
            ("vergelijkingsgroep", 9, "pseudonym", "pseudonym_repeated"),
            ("vergelijkingsgroep", 12, "birth_year", "birth_year_invalid")} <= codes
    assert ("banen", 6, "hours_per_week", "hours_invalid") not in codes  # 37,5 is a number
    valid = tables(extract)
    assert (6, pid(1), 37.5) in {(r[0], r[1], r[7]) for r in valid["jobs"]}
    assert {r[1] for r in valid["participants"]} >= {pid(1)}  # trimmed and lower-cased
    # the inputs are views over staged Parquet; DuckDB holds only the rejected and repeated rows
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"participants", "comparison", "jobs", "benefits"} <= views
    held = con.execute("SELECT sum(estimated_size) FROM duckdb_tables() WHERE table_name LIKE 'eval_step_%'"
                       ).fetchall()[0][0]
    assert held <= extract.rejected
    extract.engine.close()


@pytest.mark.spark
def test_duckdb_and_spark_reject_the_same_rows_and_keep_the_same_rows(tmp_path, spark_session):
    paths = messy_inputs(tmp_path)
    results = []
    for engine in (Engine(duckdb.connect()), SparkEngine(duckdb.connect(), session=spark_session)):
        extract = read_effect_inputs(*paths, engine=engine)
        results.append((extract.rejection_rows(), [vars(s) for s in extract.summaries], tables(extract)))
        engine.close()
    assert results[0] == results[1]
    assert len(results[0][0]) >= 20
