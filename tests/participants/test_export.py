"""The linkage hand-off (formats.md §4): the evaluator's files without BSN or birth date, and the
linkage file only for the linkage role, audit-logged."""

from __future__ import annotations

import csv
import io
import stat

import pyarrow.parquet as pq
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from sectorplannen.audit.models import AuditEvent
from sectorplannen.participants.export import EVALUATOR_COLUMNS
from sectorplannen.participants.models import LINKAGE_GROUP
from sectorplannen.participants.services import can_export_linkage, import_participants
from sectorplannen.participants.vault import get_vault

from ..factories import UserFactory
from .conftest import make_plan, row, write_csv


@pytest.fixture
def registered(plan, tmp_path, new_bsns):
    """Two plans; one person is in both, and in two measures of the first."""
    other = make_plan("Zorg Regio Noord", kind="regional", sectors=[])
    bsns = new_bsns(4)
    import_participants(plan, write_csv(tmp_path / "a.csv", [
        row(bsns[0], birth="1995-01-01", end="2015-06-30"), row(bsns[0], measure="M02", group="student",
                                                                 birth="1995-01-01", start="2015-09-01"),
        row(bsns[1]), row(bsns[2]),
    ]))
    import_participants(other, write_csv(tmp_path / "b.csv", [row(bsns[0], birth="1995-01-01"), row(bsns[3])]))
    return plan, other, bsns


def export(out, *args) -> tuple[int, str]:
    buf = io.StringIO()
    try:
        call_command("linkage", "export", "--out", str(out), *args, stdout=buf)
        return 0, buf.getvalue()
    except CommandError as exc:
        return exc.returncode, buf.getvalue() + str(exc)


def linkage_officer(django_user_model, name="kf"):
    user = UserFactory(username=name)
    user.groups.add(Group.objects.get(name=LINKAGE_GROUP))
    return user


def test_evaluator_files_have_exactly_the_contract_columns_and_no_bsn(registered, tmp_path):
    plan, other, bsns = registered
    code, out = export(tmp_path / "out")
    assert code == 0 and "koppeling.csv niet gemaakt" in out
    assert not (tmp_path / "out" / "koppeling.csv").exists()
    with open(tmp_path / "out" / "deelnemers.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(EVALUATOR_COLUMNS)
    table = pq.read_table(tmp_path / "out" / "deelnemers.parquet")
    assert table.column_names == list(EVALUATOR_COLUMNS)
    assert table.num_rows == len(rows) == 6
    for forbidden in ("bsn", "birth_date", "geboortedatum"):
        assert forbidden not in table.column_names and forbidden not in rows[0]
    text = (tmp_path / "out" / "deelnemers.csv").read_text() + str(table.to_pylist())
    assert not any(b in text for b in bsns) and "1995-01-01" not in text
    first = next(r for r in rows if r["measure"] == "M01" and r["pseudonym"] == get_vault().pseudonym(bsns[0])
                 and r["plan"] == plan.name)
    assert first == {"pseudonym": get_vault().pseudonym(bsns[0]), "plan": plan.name, "tranche": "2",
                     "plan_kind": "sectoral", "plan_sectors": "Bouw;Infra", "category": "training", "measure": "M01",
                     "measure_type": "general_training", "target_group": "working_in_sector", "age_at_start": "20",
                     "start_date": "2015-04-01", "end_date": "2015-06-30"}
    regional = next(r for r in rows if r["plan"] == other.name)
    assert regional["plan_sectors"] == "" and regional["plan_kind"] == "regional"
    assert table.to_pylist()[0]["start_date"].isoformat() == rows[0]["start_date"]


def test_plans_option_limits_the_export(registered, tmp_path):
    plan, other, _ = registered
    export(tmp_path / "out", "--plans", other.name)
    with open(tmp_path / "out" / "deelnemers.csv", encoding="utf-8") as fh:
        assert {r["plan"] for r in csv.DictReader(fh)} == {other.name}


def test_linkage_file_for_the_linkage_role_one_row_per_person(registered, tmp_path, django_user_model):
    _, other, bsns = registered
    user = linkage_officer(django_user_model)
    code, out = export(tmp_path / "out", "--user", "kf")
    assert code == 0
    path = tmp_path / "out" / "koppeling.csv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["bsn", "pseudonym"]
    assert sorted(rows[1:]) == sorted([b, get_vault().pseudonym(b)] for b in bsns)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    created = AuditEvent.objects.get(event="linkage_file_created")
    decrypted = AuditEvent.objects.get(event="bsn_decrypted")
    assert created.actor == user and created.context["persons"] == 4
    assert decrypted.actor == user and decrypted.context["count"] == 4
    export(tmp_path / "only", "--user", "kf", "--plans", str(other.pk))
    with open(tmp_path / "only" / "koppeling.csv", encoding="utf-8") as fh:
        assert sorted(r["bsn"] for r in csv.DictReader(fh)) == sorted([bsns[0], bsns[3]])


def test_others_may_not_create_the_linkage_file(registered, tmp_path, django_user_model):
    UserFactory(username="beheer", is_superuser=True, is_staff=True)
    code, out = export(tmp_path / "out", "--user", "beheer")
    assert code == 1 and "koppelfunctionaris" in out
    assert not (tmp_path / "out" / "koppeling.csv").exists()
    assert (tmp_path / "out" / "deelnemers.csv").exists()
    assert AuditEvent.objects.filter(event="linkage_file_refused").count() == 1
    assert not AuditEvent.objects.filter(event="bsn_decrypted").exists()
    assert export(tmp_path / "x", "--user", "niemand")[0] == 2
    assert not (tmp_path / "x").exists()


def test_can_export_linkage(db, django_user_model):
    officer = linkage_officer(django_user_model)
    assert can_export_linkage(officer) == (True, "")
    officer.is_active = False
    assert can_export_linkage(officer)[0] is False
    assert can_export_linkage(None)[0] is False
