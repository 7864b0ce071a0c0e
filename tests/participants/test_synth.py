"""Synthetic upload files: valid rows import exactly, injected errors are found as counted, and the
population looks like the published one."""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import types

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.nl import bsn as stdnum_bsn

from sectorplannen.finance.reconciliation import declared_participants
from sectorplannen.participants import synth
from sectorplannen.participants.services import import_participants, registered_counts, unique_participants
from sectorplannen.participants.synth import ROW_ERROR_CODES, make_bsn

from .conftest import declare, make_plan, read_errors


def test_generated_bsns_are_valid_and_never_official(official_test_bsns):
    rng = random.Random(3)
    bsns = [make_bsn(rng) for _ in range(5000)]
    assert all(stdnum_bsn.is_valid(b) for b in bsns)
    assert not set(bsns) & set(official_test_bsns)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_injected_errors_are_found_exactly_and_valid_rows_stored(plan, tmp_path, fmt):
    declare(plan, {"M01": 120, "M02": 60, "M03": 15})
    manifest = synth.generate([plan], tmp_path, seed=7, errors_per_kind=2, fmt=fmt, declared_of=declared_participants)
    entry = manifest["files"][0]
    assert entry["errors"] == {code: 2 for code in ROW_ERROR_CODES}
    result = import_participants(plan, tmp_path / entry["file"], errors_path=tmp_path / "e.csv")
    assert (result.rows_read, result.stored, result.rejected) == (entry["rows"], entry["valid_rows"], 20)
    assert dict(result.error_counts) == entry["errors"]
    assert registered_counts(plan) == {"M01": 120, "M02": 60, "M03": 15}
    assert unique_participants(plan) == {"training": 120, "work_placements": 60}
    with pytest.raises(CommandError) as exc:
        call_command("participants", "import", "--plan", plan.name, "--file",
                     str(tmp_path / entry["column_missing_file"]), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 2


def test_population_matches_the_published_shares(db, tmp_path):
    plan = make_plan("Groot plan", measures=[("WP", "work_placements", "work_placement", True),
                                             ("HC", "health", "health_check", True)])
    declare(plan, {"WP": 3000, "HC": 3000})
    synth.generate([plan], tmp_path, seed=11, declared_of=declared_participants)
    entry = json.loads((tmp_path / "manifest.json").read_text())["files"][0]
    delimiter = ";" if entry["style"] == "nl" else ","
    with open(tmp_path / entry["file"], encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))[1:]
    result = import_participants(plan, tmp_path / entry["file"])
    assert result.stored == 6000 and result.rejected == 0
    from sectorplannen.participants.models import Registration

    wp = Registration.objects.filter(measure__code="WP")
    assert abs(wp.filter(youth=True).count() / 3000 - synth.YOUTH_SHARE["work_placements"]) < 0.04
    students = synth.TARGET_GROUP_WEIGHTS["work_placements"]["student"] / sum(
        synth.TARGET_GROUP_WEIGHTS["work_placements"].values())
    assert abs(wp.filter(target_group="student").count() / 3000 - students) < 0.04
    health_ages = list(Registration.objects.filter(measure__code="HC").values_list("age_at_start", flat=True))
    assert abs(sum(health_ages) / len(health_ages) - 45) < 3
    assert len(rows) == 6000


def test_all_reference_makes_one_file_per_reference_plan_with_the_realised_counts(db, tmp_path):
    ref = make_plan("Referentie A", tranche=2, is_reference=True,
                    measures=[("training", "training", "general_training", True),
                              ("mobility", "mobility", "job_placement", True)])
    declare(ref, {"training": 40, "mobility": None})
    tranche3 = make_plan("Referentie B", tranche=3, is_reference=True,
                         measures=[("ww_to_work", "ww_to_work", "ww_to_work", True)])
    declare(tranche3, {"ww_to_work": 25})
    make_plan("Geen referentie")
    out = io.StringIO()
    call_command("synth", "participants", "--all-reference", "--out", str(tmp_path), "--seed", "5", stdout=out)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [f["plan"] for f in manifest["files"]] == ["Referentie A", "Referentie B"]
    assert manifest["valid_rows"] == 65
    assert manifest["files"][0]["per_measure"] == {"mobility": 0, "training": 40}
    for entry, plan in zip(manifest["files"], (ref, tranche3), strict=True):
        result = import_participants(plan, tmp_path / entry["file"], errors_path=tmp_path / "e.csv")
        assert result.stored == entry["valid_rows"] and result.rejected == 0, read_errors(tmp_path / "e.csv")
    assert unique_participants(tranche3) == {"ww_to_work": 25}


def test_employment_subcommand_calls_the_evaluation_generator(tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("sectorplannen.evaluation.synth")
    fake.generate_employment = lambda participants, out_dir, seed: calls.append((participants, out_dir, seed))
    monkeypatch.setitem(sys.modules, "sectorplannen.evaluation.synth", fake)
    participants = tmp_path / "deelnemers.csv"
    participants.write_text("pseudonym\n")
    call_command("synth", "employment", "--participants", str(participants), "--out", str(tmp_path / "uwv"),
                 "--seed", "3", stdout=io.StringIO())
    assert calls == [(participants, tmp_path / "uwv", 3)]
