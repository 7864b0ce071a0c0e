"""Counting and reconciling registrations against the final declaration."""

from __future__ import annotations

import io

from django.core.management import call_command

from sectorplannen.finance.reconciliation import reconcile
from sectorplannen.participants.services import (
    import_participants,
    registered_counts,
    unique_participants,
)

from .conftest import declare, make_plan, measures_of, row, write_csv


def test_counts_unique_persons_per_measure_and_category(plan, tmp_path, new_bsns):
    extra = make_plan("Tweede plan", measures=[*measures_of(plan), ("M04", "training", "evc", True)])
    a, b, c = new_bsns(3)
    import_participants(plan, write_csv(tmp_path / "u.csv", [
        row(a), row(a, start="2015-09-01"), row(b), row(a, measure="M02"),
        row("", measure="M03"), row("", measure="M03", start="2015-06-01"),
    ]))
    import_participants(extra, write_csv(tmp_path / "v.csv", [row(a), row(a, measure="M04"), row(c, measure="M04")]))
    assert registered_counts(plan) == {"M01": 2, "M02": 1, "M03": 2}
    assert unique_participants(plan) == {"training": 2, "work_placements": 1}
    assert registered_counts(extra) == {"M01": 1, "M02": 0, "M03": 0, "M04": 2}
    assert unique_participants(extra) == {"training": 2}  # a is in M01 and M04: one unit


def test_reconcile_flags_every_difference(plan, tmp_path, new_bsns):
    a, b = new_bsns(2)
    import_participants(plan, write_csv(tmp_path / "u.csv", [row(a), row(b), row(a, measure="M02")]))
    rec = reconcile(plan)
    assert {m.status for m in rec.measures} == {"not_declared"}
    assert [m.code for m in rec.flagged] == ["M01", "M02"]  # M03: nothing registered, nothing declared
    declare(plan, {"M01": 2, "M02": 3, "M03": None})
    rec = reconcile(plan)
    by_code = {m.code: m for m in rec.measures}
    assert (by_code["M01"].status, by_code["M01"].difference) == ("ok", 0)
    assert (by_code["M02"].status, by_code["M02"].difference) == ("fewer_registered", -2)
    assert by_code["M03"].status == "not_declared"
    assert [m.code for m in rec.flagged] == ["M02"]
    assert (rec.registered, rec.declared) == (3, 5)
    out = io.StringIO()
    call_command("participants", "reconcile", "--plan", plan.name, stdout=out)
    text = out.getvalue()
    assert "minder geregistreerd" in text and "-2" in text and "1 maatregel(en) met een verschil" in text
