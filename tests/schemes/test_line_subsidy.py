"""One line subsidy everywhere: rate × costs, exact, rounded once half-up to cents.

0.5 × 100.01 = 50.005 must give 50.01 in the application check, the decision, a revision, the
settlement and the monitoring figures alike (monitoring used to round half-even to 50.00)."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest

from sectorplannen.finance.settlement import MeasureInput, SettlementInput, settle
from sectorplannen.monitoring.facts import MeasureFacts
from sectorplannen.plans import examples
from sectorplannen.plans.checks import assess_application
from sectorplannen.plans.revisions import LineState
from sectorplannen.schemes.builtin import SCHEMES
from sectorplannen.schemes.rules import SchemeRules, line_subsidy

from ..plans.test_checks import RULES

D = Decimal
RULES_2013 = SchemeRules.from_parameters("sectorplannen-2013", SCHEMES["sectorplannen-2013"])


@pytest.mark.parametrize(("rate", "costs", "expected"), [
    ("0.50", "100.01", "50.01"), ("0.50", "100.03", "50.02"), ("0.20", "0.03", "0.01"),
    ("0.20", "0.02", "0.00"), ("1.00", "12345678.91", "12345678.91"), ("0.50", "0", "0.00"),
])
def test_line_subsidy_rounds_half_up_to_cents(rate, costs, expected):
    assert line_subsidy(D(rate), D(costs)) == D(expected)
    assert str(line_subsidy(D(rate), D(costs))) == expected


def test_every_computation_gives_50_01_for_half_of_100_01():
    assert RULES_2013.rate_for("general_training") == D("0.50")
    assert RULES_2013.line_subsidy("general_training", D("100.01")) == D("50.01")

    doc = examples.load(examples.FORMATS)
    doc["measures"][0]["planned_costs_eur"] = 100.01  # a JSON number, read through its shortest text
    doc["measures"][0]["own_funding"] = [{"source": "training_fund", "amount_eur": 50.0}]
    assert assess_application(doc, RULES).application.measures[0].requested_subsidy_eur == D("50.01")

    line = LineState("M01", "training", "general_training", "active", 10, 1, D("100.01"), D("0.50"))
    assert line.subsidy_eur == D("50.01")

    values = {f.name: None for f in fields(MeasureFacts)}
    values.update(code="M01", category="training", measure_type="general_training", counted_measures=1,
                  rate=D("0.50"), initial_costs_eur=D("100.01"), planned_costs_eur=D("100.01"), stopped=False)
    assert MeasureFacts(**values).planned_subsidy_eur == D("50.01")

    result = settle(SettlementInput((MeasureInput("M01", "general_training", None, None, D("100.01"),
                                                  D("100.01")),), None), RULES_2013)
    assert result.measures[0].gross_subsidy_eur == D("50.01")
