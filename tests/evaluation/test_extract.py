"""Reading and checking the three input files: rejections, summaries, exit codes, formats."""

from __future__ import annotations

import csv
import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sectorplannen.evaluation.extract import InputError, read_extract
from sectorplannen.evaluation.services import run_evaluation

from .helpers import (
    BENEFIT_COLUMNS,
    JOB_COLUMNS,
    PARTICIPANT_COLUMNS,
    benefit,
    job,
    participant,
    pid,
    write_csv,
    write_inputs,
)


def rejections(tmp_path, participants, jobs, benefits):
    extract = read_extract(*write_inputs(tmp_path, participants, jobs, benefits))
    return extract, {(r[0], r[1], r[2], r[3]) for r in extract.rejection_rows()}


def test_each_kind_of_bad_row_is_rejected_with_file_row_column_and_code(tmp_path):
    jobs = [
        job(0),                                          # line 2: fine
        job(0, contract="zzp"),                          # 3
        job(0, start="2019-02-30"),                      # 4: not a date
        job(0, start="2019-05-01", end="2019-04-01"),    # 5
        {**job(0), "pseudonym": "abc"},                  # 6
        job(0, hours="veel"),                            # 7
        job(0, hours="-3"),                              # 8
        job(0),                                          # 9: the same as line 2
        job(0, employer=""),                             # 10
        job(0, start="01-02-2015", end="31-12-2015"),    # 11: Dutch dates are fine
        {**job(0, employer="E7"), "pseudonym": " " + pid(0).upper()},  # 12: the same pseudonym, fine
    ]
    benefits = [benefit(0, "WW"), benefit(0, "ww", start="2018-01-01"), benefit(0, "pensioen"),
                benefit(0, "AO", start="2018-13-01")]
    extract, found = rejections(tmp_path, [participant(0)], jobs, benefits)
    assert found == {
        ("banen", 3, "contract", "contract_unknown"),
        ("banen", 4, "start_date", "date_invalid"),
        ("banen", 5, "end_date", "end_before_start"),
        ("banen", 6, "pseudonym", "pseudonym_invalid"),
        ("banen", 7, "hours_per_week", "hours_invalid"),
        ("banen", 8, "hours_per_week", "hours_invalid"),
        ("banen", 9, "", "duplicate_row"),
        ("banen", 10, "employer", "value_missing"),
        ("uitkeringen", 4, "type", "benefit_type_unknown"),
        ("uitkeringen", 5, "start_date", "date_invalid"),
    }
    jobs_summary = extract.summaries[1]
    assert (jobs_summary.rows_read, jobs_summary.rows_rejected, jobs_summary.rows_accepted) == (11, 8, 3)
    assert extract.con.execute("SELECT count(*) FROM jobs WHERE employer = 'E7'").fetchall()[0][0] == 1
    assert jobs_summary.problems["hours_invalid"] == 2
    assert extract.con.execute("SELECT count(*) FROM jobs").fetchall()[0][0] == 3
    assert extract.con.execute("SELECT count(*) FROM benefits").fetchall()[0][0] == 2
    assert extract.con.execute("SELECT DISTINCT pseudonym FROM jobs").fetchall() == [(pid(0),)]


def test_participant_rows_are_checked_too(tmp_path):
    people = [participant(0), {**participant(1), "pseudonym": "x" * 64}, participant(2, start=""),
              participant(3, start="2015-01-01", end="2014-01-01"), participant(4, plan=""), participant(0)]
    _, found = rejections(tmp_path, people, [], [])
    assert found == {("deelnemers", 3, "pseudonym", "pseudonym_invalid"),
                     ("deelnemers", 4, "start_date", "value_missing"),
                     ("deelnemers", 5, "end_date", "end_before_start"),
                     ("deelnemers", 6, "plan", "value_missing"),
                     ("deelnemers", 7, "", "duplicate_row")}


def test_rows_with_a_wrong_number_of_fields_are_reported_by_line(tmp_path):
    paths = write_inputs(tmp_path, [participant(0)], [job(0), job(0, employer="E2")], [])
    with open(paths[1], "a", encoding="utf-8") as fh:
        fh.write(f"{pid(0)},E3,Bouw\n")
        fh.write(",".join(job(0, employer="E4").values()) + "\n")
    extract = read_extract(*paths)
    assert ("banen", 4, "", "row_malformed") in {r[:4] for r in extract.rejection_rows()}
    assert extract.con.execute("SELECT _row FROM jobs ORDER BY _row").fetchall() == [(2,), (3,), (5,)]


def test_semicolons_byte_order_mark_and_header_case(tmp_path):
    people = write_csv(tmp_path / "p.csv", [c.upper() for c in PARTICIPANT_COLUMNS],
                       [{k.upper(): v for k, v in participant(0).items()}], delimiter=";", bom=True)
    jobs = write_csv(tmp_path / "j.csv", JOB_COLUMNS, [job(0, hours="37,5")], delimiter=";")
    benefits = write_csv(tmp_path / "b.csv", BENEFIT_COLUMNS, [])
    extract = read_extract(people, jobs, benefits)
    assert extract.rejected == 0
    assert extract.con.execute("SELECT hours FROM jobs").fetchall() == [(37.5,)]


def test_parquet_input_with_typed_columns(tmp_path):
    pq.write_table(pa.table({
        "pseudonym": [pid(0)], "employer": ["E1"], "sector": ["Bouw"],
        "start_date": pa.array([dt.date(2010, 1, 1)]), "end_date": pa.array([None], pa.date32()),
        "contract": ["vast"], "hours_per_week": pa.array([38.0]),
    }), tmp_path / "banen.parquet")
    people, _, benefits = write_inputs(tmp_path, [participant(0)], [], [])
    extract = read_extract(people, tmp_path / "banen.parquet", benefits)
    assert extract.summaries[1].format == "parquet"
    assert extract.con.execute("SELECT employer, start_date, end_date, hours FROM jobs").fetchall() == [
        ("E1", dt.date(2010, 1, 1), None, 38.0)]


def test_extract_rows_of_non_participants_are_counted_not_rejected(tmp_path):
    extract, found = rejections(tmp_path, [participant(0)], [job(0), job(5), job(6)], [benefit(7)])
    assert found == set()
    assert extract.summaries[1].unlinked_rows == 2
    assert extract.summaries[2].unlinked_rows == 1


@pytest.mark.parametrize("problem", ["missing_file", "missing_column", "empty_file"])
def test_unusable_input_raises_and_writes_nothing(tmp_path, problem):
    people, jobs, benefits = write_inputs(tmp_path / "in", [participant(0)], [job(0)], [])
    if problem == "missing_file":
        jobs = tmp_path / "in" / "nope.csv"
    elif problem == "missing_column":
        with open(jobs, encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        write_csv(jobs, [c for c in JOB_COLUMNS if c != "contract"],
                  [{k: v for k, v in r.items() if k != "contract"} for r in rows])
    else:
        jobs.write_text("")
    out = tmp_path / "out"
    with pytest.raises(InputError) as info:
        run_evaluation(people, jobs, benefits, ["2019-05-31"], out)
    assert not out.exists()
    if problem == "missing_column":
        assert "contract" in str(info.value)


def test_a_bad_measurement_date_is_unusable(tmp_path):
    paths = write_inputs(tmp_path / "in", [participant(0)], [job(0)], [])
    with pytest.raises(InputError):
        run_evaluation(*paths, ["31-02-2019"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_rejected_rows_give_exit_code_1_and_a_report_without_personal_values(tmp_path):
    paths = write_inputs(tmp_path / "in", [participant(i) for i in range(12)],
                         [job(i) for i in range(12)] + [job(3, contract="zzp", start="2011-01-01")],
                         [benefit(2, "pensioen")])
    result = run_evaluation(*paths, ["2019-05-31"], tmp_path / "out")
    assert result.exit_code == 1
    with open(tmp_path / "out" / "rejected_rows.csv", encoding="utf-8") as fh:
        text = fh.read()
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["file", "row", "column", "code", "message"]
    assert rows[1:] == [["banen", "14", "contract", "contract_unknown", rows[1][4]],
                        ["uitkeringen", "2", "type", "benefit_type_unknown", rows[2][4]]]
    assert pid(3) not in text and pid(2) not in text and "2011" not in text
    # outputs are still written, from the valid rows
    assert (tmp_path / "out" / "income_status.csv").exists()


def test_clean_input_gives_exit_code_0_and_an_empty_rejection_report(tmp_path):
    paths = write_inputs(tmp_path / "in", [participant(i) for i in range(12)], [job(i) for i in range(12)], [])
    result = run_evaluation(*paths, ["2019-05-31"], tmp_path / "out")
    assert result.exit_code == 0
    report = (tmp_path / "out" / "rejected_rows.csv").read_text(encoding="utf-8")
    assert report.strip() == "file,row,column,code,message"
