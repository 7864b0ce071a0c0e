"""Issue 18, point 2: the scheme decides (data) whether the registered participants cap the declared
ones in the settlement; off in the built-in versions, traceable in the explanation and the basis."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from sectorplannen.finance.services import settle_plan
from sectorplannen.finance.settlement import BELOW_PARTICIPANT_THRESHOLD, OK, MeasureInput, SettlementInput, settle
from sectorplannen.participants.services import import_participants
from sectorplannen.participants.synth import BsnSource
from sectorplannen.schemes.builtin import SCHEMES

from .factories import declared_plan, rules


def _inp(registered):
    return SettlementInput((MeasureInput("M02", "general_training", 300, 280, Decimal("150000"), Decimal("150000"),
                                         registered_participants=registered),), None)


def test_the_built_in_schemes_count_the_declaration():
    assert all(s["participants"]["registry_caps_declared"] is False for s in SCHEMES.values())
    result = settle(_inp(8), rules())
    assert result.measures[0].status == OK and result.measures[0].realised_participants == 280
    assert not [e for e in result.explanation if e.rule == "registry_cap"]


def test_a_scheme_that_caps_counts_the_registered_and_says_so():
    result = settle(_inp(8), rules(participants={"registry_caps_declared": True}))
    [m] = result.measures
    assert m.realised_participants == 8 and m.status == BELOW_PARTICIPANT_THRESHOLD and m.subsidy_eur == 0
    [line] = [e for e in result.explanation if e.rule == "registry_cap"]
    assert line.measure == "M02" and "280 deelnemers gedeclareerd" in line.text and "8 ingeschreven" in line.text
    # more registered than declared: the declaration counts (a cap, never a raise)
    assert settle(_inp(500), rules(participants={"registry_caps_declared": True})).measures[0].realised_participants \
        == 280


def test_absent_parameter_means_off():
    params = {**SCHEMES["sectorplannen-2013"], "participants": {"min_age": 15, "max_age": 70}}
    from sectorplannen.schemes.rules import SchemeRules

    assert SchemeRules.from_parameters("x", params).registry_caps_declared is False


@pytest.mark.django_db
def test_settling_a_plan_reads_the_registry_when_the_scheme_caps(tmp_path):
    plan = declared_plan(measures=[("M01", "general_training", "training", 20, "100000", 18, "100000")])
    scheme = plan.scheme
    scheme.parameters = {**scheme.parameters,
                         "participants": {**scheme.parameters["participants"], "registry_caps_declared": True}}
    scheme.save()
    plan.refresh_from_db()
    source = BsnSource(random.Random(18))
    path = tmp_path / "deelnemers.csv"
    path.write_text("measure,bsn,birth_date,start_date,end_date,target_group,employer_id\n" + "".join(
        f"M01,{source()},1980-02-01,2015-04-01,,working_in_sector,\n" for _ in range(11)), encoding="utf-8")
    type(plan).objects.filter(pk=plan.pk).update(status="running")  # registrations are open while it runs
    assert import_participants(plan, path).stored == 11
    type(plan).objects.filter(pk=plan.pk).update(status="declared")
    plan.refresh_from_db()
    settlement = settle_plan(plan, dt.date(2016, 9, 1))
    [line] = settlement.lines.all()
    assert line.realised_participants == 11 and line.status == BELOW_PARTICIPANT_THRESHOLD  # 11 < 60 % of 20
    assert settlement.basis["rules"]["registry_caps_declared"] is True
    assert settlement.basis["input"]["measures"][0]["registered_participants"] == 11
    assert any(e["rule"] == "registry_cap" for e in settlement.explanation)
