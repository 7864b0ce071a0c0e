"""Scheme parameters are read from the database, not from code."""

import copy
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sectorplannen.schemes.builtin import SCHEMES
from sectorplannen.schemes.models import SchemeVersion, Tranche
from sectorplannen.schemes.rules import RulesError, SchemeRules
from sectorplannen.schemes.services import UnknownScheme, rules_for

from ..factories import SchemeVersionFactory


def test_builtin_versions_parse():
    for code, params in SCHEMES.items():
        rules = SchemeRules.from_parameters(code, params)
        assert rules.code == code


def test_rates_and_tiers_of_the_builtin_versions():
    r13 = SchemeRules.from_parameters("sectorplannen-2013", SCHEMES["sectorplannen-2013"])
    assert r13.rate_for("work_placement") == Decimal("0.20")
    assert r13.rate_for("vulnerable_hiring") == Decimal("1.00")
    assert r13.rate_for("general_training") == Decimal("0.50")
    import datetime as dt

    assert r13.overhead_tiers(dt.date(2014, 6, 1))[0].up_to == Decimal("500000")
    assert r13.overhead_tiers()[0].up_to == Decimal("1000000")
    r15 = SchemeRules.from_parameters("sectorplannen-2015", SCHEMES["sectorplannen-2015"])
    assert r15.measure_structure == "trajectory"
    assert r15.rate_for("ww_to_work") == Decimal("0.50")
    assert r15.minimum_request_eur == Decimal("125000")
    # tranche 1–2 types are settled under the amended (2015) text but cannot be applied for in tranche 3
    assert r15.rate_for("work_placement") == Decimal("0.20") and "work_placement" not in r15.measure_types
    with pytest.raises(RulesError):
        r15.rate_for("teleportation")


@pytest.mark.django_db
def test_migration_loads_versions_and_tranches():
    assert set(SchemeVersion.objects.values_list("code", flat=True)) >= set(SCHEMES)
    t1 = Tranche.objects.get(number=1)
    assert t1.budget_ceiling_eur == Decimal("260000000")
    assert t1.scheme.code == "sectorplannen-2013"
    assert Tranche.objects.get(number=3).scheme.code == "sectorplannen-2015"


@pytest.mark.django_db
def test_rules_come_from_the_stored_parameters():
    """Change a number in the database and the rules follow: nothing is read from code."""
    scheme = SchemeVersion.objects.get(code="sectorplannen-2015")
    params = scheme.parameters
    params["categories"]["ww_to_work"]["types"]["ww_to_work"]["rate"] = "0.65"
    params["minimum_request_eur"] = "99000"
    params["participant_threshold"]["level"] = "plan"
    scheme.parameters = params
    scheme.save()
    rules = rules_for("sectorplannen-2015")
    assert rules.rate_for("ww_to_work") == Decimal("0.65")
    assert rules.minimum_request_eur == Decimal("99000")
    assert rules.participant_threshold.level == "plan"


@pytest.mark.django_db
def test_an_administrator_can_add_a_version_and_bad_parameters_are_refused():
    params = dict(SCHEMES["sectorplannen-2015"])
    SchemeVersionFactory(code="sectorplannen-2027", title="Nieuwe regeling", parameters=params)
    assert rules_for("sectorplannen-2027").code == "sectorplannen-2027"
    broken = dict(params, cost_threshold={"min_ratio": "0.6", "consequence": "sometimes"})
    with pytest.raises(ValidationError):
        SchemeVersionFactory(code="broken", title="x", parameters=broken)
    with pytest.raises(UnknownScheme):
        rules_for("does-not-exist")


def test_missing_parameter_names_itself():
    params = {k: v for k, v in SCHEMES["sectorplannen-2013"].items() if k != "youth"}
    with pytest.raises(RulesError, match="youth"):
        SchemeRules.from_parameters("x", params)


def test_every_bad_parameter_is_named_by_its_path():
    params = copy.deepcopy(SCHEMES["sectorplannen-2013"])
    params["categories"]["training"]["types"]["evc"]["rate"] = "veel"
    params["overhead"]["schedules"][1]["effective_from"] = "01-01-2015"
    params["cost_threshold"]["consequence"] = "sometimes"
    del params["youth"]["max_age"]
    with pytest.raises(RulesError) as exc:
        SchemeRules.from_parameters("x", params)
    message = str(exc.value)
    for path in ("categories.training.types.evc.rate", "overhead.schedules[1].effective_from",
                 "cost_threshold.consequence", "youth.max_age"):
        assert path + ":" in message, message
