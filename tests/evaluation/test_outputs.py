"""The written outputs: CSV tables as in §6, disclosure log, dominance, changes, Excel and the report."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import re

import openpyxl
import pytest

from sectorplannen.evaluation.definitions import DIMENSIONS, OUTPUT_COLUMNS, TABLES
from sectorplannen.evaluation.disclosure import REASONS
from sectorplannen.evaluation.services import run_evaluation
from sectorplannen.evaluation.synth import generate_employment, generate_participants

from .helpers import job, participant, write_inputs

DATES = [dt.date(2018, 5, 31), dt.date(2019, 5, 31)]
TABLE_FILES = [t.filename for t in TABLES]


def read(path):
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(raw.decode("utf-8").splitlines()))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outputs")
    generate_participants(folder / "deelnemers.csv", 1500, seed=3)
    synth = generate_employment(folder / "deelnemers.csv", folder, seed=4)
    result = run_evaluation(folder / "deelnemers.csv", synth.banen, synth.uitkeringen, DATES, folder / "out")
    return folder, result


def test_all_files_are_written(run):
    folder, result = run
    names = {p.name for p in (folder / "out").iterdir()}
    assert set(TABLE_FILES) | {"dominance.csv", "disclosure_log.csv", "outcomes.xlsx", "report.html",
                               "changes.csv", "rejected_rows.csv", "read_summary.csv"} <= names
    assert result.exit_code == 0


def test_tables_have_the_contract_columns_and_formats(run):
    folder, _ = run
    for name in TABLE_FILES:
        text = (folder / "out" / name).read_text(encoding="utf-8")
        assert text.splitlines()[0] == ",".join(OUTPUT_COLUMNS)
        for row in read(folder / "out" / name):
            assert row["measurement_date"] in {d.isoformat() for d in DATES}
            assert row["dimension"] in DIMENSIONS
            assert (row["group"] == "total") == (row["dimension"] == "total")
            assert ("|" in row["group"]) == (row["dimension"] == "category_x_target_group")
            assert row["suppressed"] in ("true", "false")
            if row["suppressed"] == "true":
                assert row["n"] == "" and row["share"] == ""
            else:
                assert re.fullmatch(r"\d+", row["n"]) and re.fullmatch(r"[01]\.\d{4}", row["share"])


def test_published_cells_are_never_small_and_shares_are_n_over_the_group_total(tmp_path):
    people = [participant(i) for i in range(40)]
    jobs = [job(i, contract="vast" if i % 3 else "tijdelijk") for i in range(30)]
    result = run_evaluation(*write_inputs(tmp_path / "in", people, jobs, []), ["2019-05-31"], tmp_path / "out")
    rows = read(tmp_path / "out" / "income_status.csv")
    by_outcome = {r["outcome"]: r for r in rows if r["dimension"] == "total"}
    assert by_outcome["werknemer"]["n"] == "30" and by_outcome["werknemer"]["share"] == "0.7500"
    assert by_outcome["overig"]["share"] == "0.2500" and by_outcome["ww"]["share"] == "0.0000"
    contract = {r["outcome"]: r for r in read(tmp_path / "out" / "contract.csv") if r["dimension"] == "total"}
    assert (contract["vast"]["n"], contract["vast"]["share"]) == ("20", "0.6667")
    assert (contract["flexibel"]["n"], contract["flexibel"]["share"]) == ("10", "0.3333")
    for c in result.cells:
        assert c.suppressed or c.n == 0 or c.n >= 10


def test_every_suppression_is_logged_with_its_reason(run):
    folder, _ = run
    log = read(folder / "out" / "disclosure_log.csv")
    assert set(log[0]) == {"measurement_date", "table", "dimension", "group", "outcome", "reason", "explanation"}
    logged = {(r["measurement_date"], r["table"], r["dimension"], r["group"], r["outcome"]) for r in log}
    assert all(r["reason"] in REASONS and r["explanation"] == REASONS[r["reason"]] for r in log)
    for name in TABLE_FILES:
        table = name.removesuffix(".csv")
        for row in read(folder / "out" / name):
            key = (row["measurement_date"], table, row["dimension"], row["group"], row["outcome"])
            assert (row["suppressed"] == "true") == (key in logged)


def test_no_output_contains_a_pseudonym(run):
    folder, _ = run
    pseudonyms = {r["pseudonym"] for r in read(folder / "deelnemers.csv")}
    for path in (folder / "out").iterdir():
        if path.suffix in (".csv", ".html"):
            text = path.read_text(encoding="utf-8")
            found = set(re.findall(r"[0-9a-f]{64}", text))
            assert not found & pseudonyms, path.name


def test_dominance(run):
    folder, _ = run
    rows = read(folder / "out" / "dominance.csv")
    assert list(rows[0])[:7] == list(OUTPUT_COLUMNS)
    for r in rows:
        assert r["outcome"] == "drie_grootste_plannen"
        if r["suppressed"] == "false":
            share = float(r["share"])
            assert r["dominant"] == ("true" if share > 0.5 else "false")
            assert int(r["n"]) <= int(r["units"])
    total = [r for r in rows if r["dimension"] == "total"]
    assert len(total) == len(DATES)


def test_changes_between_consecutive_dates(run):
    folder, _ = run
    rows = read(folder / "out" / "changes.csv")
    assert list(rows[0])[:7] == list(OUTPUT_COLUMNS)
    checked = 0
    for r in rows:
        assert (r["measurement_date"], r["previous_date"]) == (DATES[1].isoformat(), DATES[0].isoformat())
        if r["change_n"]:
            assert int(r["change_n"]) == int(r["n"]) - int(r["previous_n"])
            checked += 1
    assert checked > 50


def test_excel_workbook_has_every_table(run):
    folder, _ = run
    book = openpyxl.load_workbook(folder / "out" / "outcomes.xlsx", read_only=True)
    assert {t.name for t in TABLES} | {"dominance", "disclosure_log", "changes", "Toelichting"} <= set(book.sheetnames)
    sheet = book["income_status"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(OUTPUT_COLUMNS)
    assert len(rows) - 1 == len(read(folder / "out" / "income_status.csv"))


def test_report_is_self_contained_dutch_with_charts_and_alt_texts(run):
    folder, result = run
    html = (folder / "out" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', html)
    assert len(images) >= 6
    for data, alt in images:
        assert b"<svg" in base64.b64decode(data)[:500]
        assert len(alt) > 40 and "n = " in alt
    assert not re.search(r'(src|href)="https?://', html)
    assert "Inkomenspositie per thema" in html and "onderdrukt" in html
    # Dutch number formatting of the group sizes
    units = f"{result.units:,}".replace(",", ".")
    assert units in html


def test_dominance_share_of_the_three_largest_plans(tmp_path):
    people = []
    sizes = {"A": 50, "B": 30, "C": 15, "D": 5}  # training: top three deliver 95 of 100
    i = 0
    for plan, size in sizes.items():
        for _ in range(size):
            people.append(participant(i, plan=plan))
            i += 1
    for k in range(10):  # health: ten plans of 10 units, the top three deliver 30 %
        for _ in range(10):
            people.append(participant(i, plan=f"H{k}", category="health", measure_type="health_check"))
            i += 1
    run_evaluation(*write_inputs(tmp_path / "in", people, [], []), ["2019-05-31"], tmp_path / "out")
    rows = {(r["dimension"], r["group"]): r for r in read(tmp_path / "out" / "dominance.csv")}
    training, health = rows[("category", "training")], rows[("category", "health")]
    assert (training["n"], training["share"], training["plans"], training["dominant"]) == ("95", "0.9500", "4", "true")
    assert (health["n"], health["share"], health["plans"], health["dominant"]) == ("30", "0.3000", "10", "false")
    assert rows[("total", "total")]["units"] == "200"
