"""The upload (formats.md §3) through the command and the service: error codes, file variants,
idempotency, transactions, privacy of the output."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sectorplannen.audit.models import AuditEvent
from sectorplannen.participants import importer
from sectorplannen.participants.models import ImportBatch, ParticipantCount, Person, Registration
from sectorplannen.participants.services import import_participants
from sectorplannen.participants.validation import ERROR_CODES
from sectorplannen.participants.vault import get_vault

from ..factories import GrantDecisionFactory
from .conftest import DUTCH_HEADER, make_plan, read_errors, row, write_csv, write_xlsx

ROW_CODES = [code for code in ERROR_CODES if code != "column_missing"]  # column_missing: a test of its own


def run(plan, path, *extra) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("participants", "import", "--plan", str(plan.pk), "--file", str(path), *extra,
                     stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def table_counts() -> tuple[int, int, int]:
    return Person.objects.count(), Registration.objects.count(), ImportBatch.objects.count()


def bad_rows(bsns: list[str]) -> list[tuple[str, str, list[str]]]:
    """(code, column, row) with exactly one error each; ``bsns[0]`` is the valid first row."""
    wrong = bsns[2][:8] + str((int(bsns[2][8]) + 1) % 10)
    return [
        ("bsn_missing", "bsn", row("")),
        ("bsn_invalid", "bsn", row(wrong)),
        ("measure_unknown", "measure", row(bsns[3], measure="M99")),
        ("date_invalid", "birth_date", row(bsns[4], birth="1980-02-30")),
        ("birth_date_implausible", "birth_date", row(bsns[5], birth="2005-01-01")),
        ("start_outside_plan", "start_date", row(bsns[6], start="2017-01-01")),
        ("end_before_start", "end_date", row(bsns[7], end="2015-03-01")),
        ("target_group_invalid", "target_group", row(bsns[8], group="gepensioneerd")),
        ("employer_invalid", "employer_id", row(bsns[9], employer="12345")),
        ("duplicate_in_file", "", row(bsns[0])),
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_error_code_is_reported_with_row_column_and_message(plan, tmp_path, new_bsns, fmt):
    bsns = new_bsns(10)
    cases = bad_rows(bsns)
    rows = [row(bsns[0]), row(bsns[1])] + [r for _, _, r in cases]
    path = (write_xlsx if fmt == "xlsx" else write_csv)(tmp_path / f"upload.{fmt}", rows)
    code, out, _ = run(plan, path, "--errors", str(tmp_path / "errors.csv"))
    assert code == 1
    errors = read_errors(tmp_path / "errors.csv")
    assert list(errors[0]) == ["row", "column", "code", "message"]
    got = [(e["row"], e["code"], e["column"]) for e in errors]
    assert got == [(str(i + 4), c, col) for i, (c, col, _) in enumerate(cases)]
    assert all(e["message"] for e in errors)
    assert Registration.objects.count() == 2
    assert "12 rijen gelezen, 2 opgeslagen, 0 al bekend, 10 afgewezen" in out
    assert sorted(e["code"] for e in errors) == sorted(ROW_CODES)
    assert len(ROW_CODES) == 10


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_missing_required_column_is_unusable_input(plan, tmp_path, new_bsns, fmt):
    header = [h for h in DUTCH_HEADER if h != "geboortedatum"]
    rows = [["M01", b, "01-04-2015", "", "werkend_sector", ""] for b in new_bsns(2)]
    if fmt == "csv":
        path = write_csv(tmp_path / "u.csv", rows, header=header, delimiter=";")
    else:
        path = write_xlsx(tmp_path / "u.xlsx", rows, header=header)
    code, _, err = run(plan, path, "--errors", str(tmp_path / "errors.csv"))
    assert code == 2
    assert "geboortedatum" in err
    assert [(e["row"], e["column"], e["code"]) for e in read_errors(tmp_path / "errors.csv")] == [
        ("1", "geboortedatum", "column_missing")]
    assert table_counts() == (0, 0, 0)


def test_semicolon_bom_dutch_headers_and_dates(plan, tmp_path, new_bsns):
    bsns = new_bsns(3)
    rows = [["M01", bsns[0], "02-04-1989", "01-04-2015", "30-06-2015", "werkend_sector", "12345678"],
            ["m02", bsns[1][1:] if bsns[1][0] == "0" else bsns[1], "1-1-1995", "1-9-2015", "", "Student", ""],
            ["M01", f"{bsns[2][:4]}.{bsns[2][4:6]}.{bsns[2][6:]}", "1960-05-05", "2016-06-30", "", "niet_werkend", ""]]
    path = write_csv(tmp_path / "u.csv", rows, header=[h.upper() for h in DUTCH_HEADER], delimiter=";", bom=True)
    assert run(plan, path)[0] == 0
    reg = Registration.objects.select_related("person", "measure").get(measure__code="M01", start_date="2015-04-01")
    assert (reg.age_at_start, reg.youth, reg.end_date, reg.target_group, reg.employer_number) == (
        25, True, dt.date(2015, 6, 30), "working_in_sector", "12345678")
    assert reg.person.pseudonym == get_vault().pseudonym(bsns[0])
    assert reg.person.birth_date == dt.date(1989, 4, 2)
    assert Registration.objects.get(measure__code="M02").target_group == "student"
    assert Registration.objects.get(start_date="2016-06-30").youth is False


def test_eight_digit_bsn_is_left_padded(plan, tmp_path, new_bsns):
    bsn = next(b for b in new_bsns(200) if b.startswith("0"))
    assert run(plan, write_csv(tmp_path / "u.csv", [row(bsn[1:])]))[0] == 0
    assert Person.objects.get().pseudonym == get_vault().pseudonym(bsn)


def test_xlsx_with_date_cells_and_numeric_bsn(plan, tmp_path, new_bsns):
    bsn = new_bsns(1)[0]
    rows = [["M01", int(bsn), dt.datetime(1980, 2, 1), dt.date(2015, 4, 1), None, "working_in_sector", 12345678]]
    assert run(plan, write_xlsx(tmp_path / "u.xlsx", rows))[0] == 0
    reg = Registration.objects.select_related("person").get()
    assert (reg.person.pseudonym, reg.start_date, reg.employer_number) == (
        get_vault().pseudonym(bsn), dt.date(2015, 4, 1), "12345678")


def test_reupload_stores_nothing_new(plan, tmp_path, new_bsns):
    bsns = new_bsns(30)
    path = write_csv(tmp_path / "u.csv", [row(b) for b in bsns] + [row(bsns[0], measure="M02")])
    assert run(plan, path)[0] == 0
    before = table_counts()
    code, out, _ = run(plan, path)
    assert code == 0
    assert "31 rijen gelezen, 0 opgeslagen, 31 al bekend, 0 afgewezen" in out
    assert table_counts()[:2] == before[:2]
    # A new start date is a new registration of the same person.
    run(plan, write_csv(tmp_path / "v.csv", [row(bsns[0], start="2015-09-01")]))
    assert Person.objects.count() == 30 and Registration.objects.count() == 32


def test_repeated_rows_are_duplicates_also_across_chunks_and_after_known(plan, tmp_path, new_bsns):
    a, b, c = new_bsns(3)
    import_participants(plan, write_csv(tmp_path / "first.csv", [row(a)]))
    rows = [row(a), row(b), row(c), row(a), row(b), row(c)]
    result = import_participants(plan, write_csv(tmp_path / "u.csv", rows), chunk_size=2,
                                 errors_path=tmp_path / "e.csv")
    assert (result.rows_read, result.stored, result.already_known, result.rejected) == (6, 2, 1, 3)
    assert [(e["row"], e["code"]) for e in read_errors(tmp_path / "e.csv")] == [
        ("5", "duplicate_in_file"), ("6", "duplicate_in_file"), ("7", "duplicate_in_file")]


def test_all_or_nothing(plan, tmp_path, new_bsns):
    bsns = new_bsns(5)
    bad = write_csv(tmp_path / "bad.csv", [row(b) for b in bsns[:4]] + [row(bsns[4], measure="M99")])
    code, out, err = run(plan, bad, "--all-or-nothing")
    assert code == 1 and "niets opgeslagen" in err
    assert "0 opgeslagen" in out
    assert table_counts() == (0, 0, 0)
    assert AuditEvent.objects.get(event="participants_imported").context["rolled_back"] is True
    good = write_csv(tmp_path / "good.csv", [row(b) for b in bsns])
    assert run(plan, good, "--all-or-nothing")[0] == 0
    assert Registration.objects.count() == 5


def test_a_crash_midway_leaves_the_database_unchanged(plan, tmp_path, new_bsns, monkeypatch):
    first = new_bsns(2)
    import_participants(plan, write_csv(tmp_path / "before.csv", [row(b) for b in first]))
    before = (table_counts(), list(Person.objects.values_list("pseudonym", flat=True)))
    calls = []
    original = importer._Store._insert_registrations

    def crash(self, rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise OSError("disk full")
        original(self, rows)

    monkeypatch.setattr(importer._Store, "_insert_registrations", crash)
    path = write_csv(tmp_path / "u.csv", [row(b) for b in new_bsns(10)])
    with pytest.raises(OSError):
        import_participants(plan, path, chunk_size=3)
    assert calls == [3, 3]
    assert (table_counts(), list(Person.objects.values_list("pseudonym", flat=True))) == before


def test_same_person_in_two_plans_has_one_pseudonym(plan, tmp_path, new_bsns):
    other = make_plan("Testplan Zorg", sectors=["Zorg"])
    bsn = new_bsns(1)[0]
    path = write_csv(tmp_path / "u.csv", [row(bsn)])
    run(plan, path)
    run(other, path)
    assert Person.objects.count() == 1
    assert set(Registration.objects.values_list("plan__name", flat=True)) == {plan.name, other.name}
    assert Person.objects.get().pseudonym == get_vault().pseudonym(bsn)


def test_a_different_birth_date_for_the_same_person_is_a_warning_within_the_plan(plan, tmp_path, new_bsns):
    a, b, c = new_bsns(3)
    first = [row(a), row(b, measure="M02"), row(a, measure="M02", birth="1980-02-02"),  # line 4: in the chunk
             row(c, birth="1990-01-01")]
    code, out, _ = run(plan, write_csv(tmp_path / "first.csv", first), "--errors", str(tmp_path / "e.csv"))
    assert code == 0
    assert "bij 1 opgeslagen rij(en) wijkt de geboortedatum af" in out and "(rij 4)" in out
    assert read_errors(tmp_path / "e.csv") == []  # a warning, not an error (formats.md §3 codes only)
    assert Registration.objects.count() == 4
    person = Person.objects.get(pseudonym=get_vault().pseudonym(a))
    assert person.birth_date == dt.date(1980, 2, 1)  # the person keeps the first date
    ages = sorted(Registration.objects.filter(person=person).values_list("age_at_start", flat=True))
    assert ages == [35, 35]
    # A later upload (and a later chunk) is held against the stored date; a repeated row is not a new warning.
    later = [row(b, birth="1980-02-01", start="2015-05-01"), row(c, birth="1991-01-01", start="2015-06-01"),
             row(c, birth="1991-01-01", start="2015-06-01")]
    result = import_participants(plan, write_csv(tmp_path / "later.csv", later), chunk_size=1)
    assert (result.stored, result.rejected, result.birth_date_conflicts) == (2, 1, 1)
    assert result.birth_date_conflict_rows == [3]
    assert ImportBatch.objects.order_by("-id").first().birth_date_conflicts == 1
    assert AuditEvent.objects.filter(event="participants_imported").last().context["birth_date_conflicts"] == 1
    # Uploading the first file again stores nothing and warns again for the same row.
    again = import_participants(plan, tmp_path / "first.csv")
    assert (again.stored, again.already_known, again.birth_date_conflict_rows) == (0, 4, [4])


def test_a_person_known_only_from_another_plan_gives_no_warning(plan, tmp_path, new_bsns):
    """A warning would tell this plan's applicant that the BSN takes part in another plan."""
    other = make_plan("Testplan Zorg", sectors=["Zorg"])
    bsn = new_bsns(1)[0]
    import_participants(other, write_csv(tmp_path / "other.csv", [row(bsn, birth="1970-01-01")]))
    code, out, _ = run(plan, write_csv(tmp_path / "u.csv", [row(bsn, birth="1980-02-01")]))
    assert code == 0
    assert "geboortedatum" not in out
    assert Registration.objects.get(plan=plan).age_at_start == 35


def test_postgresql_statistics_are_refreshed_after_a_large_upload(plan, tmp_path, new_bsns, monkeypatch):
    """The planner's statistics cover the upload's own rows at once (docs/adr/005)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's planner needs no statistics for these look-ups")

    def statistics() -> int:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s AND attname = 'pseudonym'",
                        [Person._meta.db_table])
            return cur.fetchone()[0]

    monkeypatch.setattr(importer, "_ANALYZE_AFTER_ROWS", 3)
    import_participants(plan, write_csv(tmp_path / "small.csv", [row(b) for b in new_bsns(2)]))
    assert statistics() == 0
    import_participants(plan, write_csv(tmp_path / "large.csv", [row(b) for b in new_bsns(3)]))
    assert statistics() == 1


def test_measure_without_individual_registration_is_counted_per_month(plan, tmp_path):
    rows = [row("", measure="M03", start=s) for s in ("2015-04-01", "2015-04-20", "2015-05-02")]
    path = write_csv(tmp_path / "u.csv", rows)
    assert run(plan, path)[0] == 0
    counts = list(ParticipantCount.objects.values_list("period_start", "period_end", "count"))
    assert counts == [(dt.date(2015, 4, 1), dt.date(2015, 4, 30), 2), (dt.date(2015, 5, 1), dt.date(2015, 5, 31), 1)]
    assert "0 opgeslagen, 3 al bekend" in run(plan, path)[1]
    assert Registration.objects.count() == 0


def test_start_may_fall_in_the_extension(plan, tmp_path, new_bsns):
    GrantDecisionFactory(plan=plan, decided_on=dt.date(2014, 6, 1), end_date=dt.date(2016, 12, 31),
                         extension_months=6, max_subsidy_eur=Decimal("1"))
    a, b = new_bsns(2)
    path = write_csv(tmp_path / "u.csv", [row(a, start="2016-12-31"), row(b, start="2017-01-01")])
    assert run(plan, path, "--errors", str(tmp_path / "e.csv"))[0] == 1
    assert [e["code"] for e in read_errors(tmp_path / "e.csv")] == ["start_outside_plan"]


@pytest.mark.parametrize("content", [b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04 broken zip"])
def test_unreadable_files_exit_2_and_store_nothing(plan, tmp_path, content):
    path = tmp_path / "u.xlsx"
    path.write_bytes(content)
    assert run(plan, path)[0] == 2
    assert run(plan, tmp_path / "missing.csv")[0] == 2
    assert table_counts() == (0, 0, 0)


def test_unknown_plan_exits_2(db, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("participants", "import", "--plan", "Bestaat niet", "--file", str(tmp_path / "x.csv"))
    assert exc.value.returncode == 2


def test_no_bsn_in_output_logs_or_error_report_of_a_failing_import(plan, tmp_path, new_bsns, caplog):
    bsns = new_bsns(6)
    wrong = bsns[5][:8] + str((int(bsns[5][8]) + 1) % 10)
    rows = [row(bsns[0]), row(bsns[0]), row(bsns[1], birth=bsns[2]), row(bsns[3], employer=bsns[4]),
            row(wrong), row(bsns[5], group=bsns[5])]
    path = write_csv(tmp_path / "u.csv", rows)
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="django.db.backends"), \
            CaptureQueriesContext(connection) as queries:
        code, out, err = run(plan, path, "--errors", str(tmp_path / "e.csv"))
    assert code == 1
    audit = json.dumps(list(AuditEvent.objects.values_list("context", flat=True)))
    texts = {"stdout": out, "stderr": err, "log": caplog.text, "errors.csv": (tmp_path / "e.csv").read_text(),
             "audit": audit, "queries": json.dumps(queries.captured_queries)}
    assert "duplicate_in_file" in texts["errors.csv"] and "******" in texts["errors.csv"]
    assert "participants_importbatch" in texts["log"]  # SQL logging was on (bulk statements bypass it)
    for name, text in texts.items():
        for b in [*bsns, wrong]:
            assert b not in text, f"BSN in {name}"
            assert b[1:] not in text, f"BSN (8 digits) in {name}"
