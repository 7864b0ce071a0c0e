"""The evaluation's tables from the reference plans: published numbers and internal consistency."""

from decimal import Decimal

import pytest

from sectorplannen.monitoring.facts import MeasureFacts, PlanFacts
from sectorplannen.monitoring.numbers import nl_eur, nl_int, nl_pct
from sectorplannen.monitoring.queries import load_facts
from sectorplannen.monitoring.services import report_settings
from sectorplannen.monitoring.tables import all_tables, realisation_distribution, youth
from sectorplannen.workflow.reference import import_reference
from tests.plans.test_reference_import import PUBLISHED, TOTAL

LABELS = {"mobility": "Mobiliteit", "career_check": "Loopbaanscan", "training": "Scholing",
          "work_placements": "Leerwerkplekken", "health": "Gezondheid", "other": "Overig"}


@pytest.fixture
def reference(db):
    import_reference()
    plans, settings = load_facts(), report_settings()
    return plans, {t.id: t for t in all_tables(plans, settings)}, settings


def test_table_3_1_equals_the_published_participants(reference):
    _, tables, _ = reference
    t = tables["3.1"]
    for category, (planned, realised, _, _) in PUBLISHED.items():
        row = t.row(LABELS[category])
        assert (row[2], row[3]) == (planned, realised)
        assert row[4] == Decimal(realised) / Decimal(planned)
    assert t.row("Totaal")[2:4] == (TOTAL[0], TOTAL[1])
    assert t.row("Totaal")[1] == sum(r[1] for r in t.rows[:-1])


def test_table_3_2_equals_the_published_budget_within_rounding(reference):
    plans, tables, _ = reference
    t = tables["3.2"]
    for category, (_, _, planned, realised) in PUBLISHED.items():
        lines = sum(1 for p in plans for m in p.measures if m.category == category)
        row = t.row(LABELS[category])
        assert abs(row[1] - planned) <= 500 * lines
        assert abs(row[2] - realised) <= 500 * lines
    total = t.row("Totaal")
    assert total[1] == sum(r[1] for r in t.rows[:-1]) and total[2] == sum(r[2] for r in t.rows[:-1])


def test_key_figures_and_distribution_are_consistent(reference):
    plans, tables, _ = reference
    s1 = {r[0]: r[1] for r in tables["S.1"].rows}
    assert s1["Sectorplannen"] == 75
    assert s1["Gerealiseerde deelnemers"] == TOTAL[1]
    assert round(s1["Realisatie deelnemers t.o.v. laatste beschikking"], 2) == Decimal("0.96")  # published 96 %
    dist = tables["3.3"]
    assert dist.row("Totaal")[1] == 75 == sum(r[1] for r in dist.rows[:-1])
    reached = dist.row("98 % of meer (doel bereikt)")
    assert reached[1] == s1["Plannen met doel bereikt"]


def test_structure_of_every_table(reference):
    _, tables, _ = reference
    assert {"S.1", "2.1", "3.1", "3.2", "3.3", "6.1", "6.2", "6.3"} <= set(tables)
    assert {f"A.{i}" for i in range(1, 14)} <= set(tables)
    for t in tables.values():
        assert all(len(row) == len(t.columns) for row in t.rows), t.id
    assert len(tables["A.1"].rows) == 75
    assert tables["2.1"].row("Totaal")[2] == 75
    per_category = sum(len(tables[f"A.{i}"].rows) for i in range(2, 8))
    assert per_category == 262  # one row per plan and category
    assert tables["6.3"].row("Scholing")[2] == len(tables["A.4"].rows)
    assert "T3.1" not in tables  # no tranche-3 plans loaded


def _measure(category, participants, realised, costs, realised_costs, youth=None, registered=None, rate="0.5"):
    return MeasureFacts(
        code=category, category=category, measure_type="t", counted_measures=1, rate=Decimal(rate),
        initial_participants=participants, initial_costs_eur=Decimal(costs), planned_participants=participants,
        planned_youth_participants=None, planned_costs_eur=Decimal(costs), stopped=False,
        realised_participants=realised, realised_youth_participants=None,
        realised_costs_eur=None if realised_costs is None else Decimal(realised_costs),
        registered_participants=registered, registered_youth_participants=youth,
    )


def test_youth_shares_attribute_budget_pro_rata(reference):
    _, _, settings = reference
    plan = PlanFacts("P", "3", "sectoral", ("Bouw",), "declared", 1, (
        _measure("training", 100, 100, "1000", "1000", youth=10, registered=100),
        _measure("work_placements", 10, 10, "9000", "9000", youth=10, registered=10, rate="0.2"),
    ))
    t = youth([plan], settings)
    total = t.row("Totaal")
    assert total[1:3] == (20, 110)
    assert total[4] == Decimal("9100") / Decimal("10000")  # 100 + 9000 of 10000 budget
    assert total[5] == (Decimal("50") + Decimal("1800")) / (Decimal("500") + Decimal("1800"))


def test_distribution_bins_use_the_threshold_and_target(reference):
    _, _, settings = reference
    plans = [PlanFacts(f"P{i}", "3", "sectoral", (), "declared", 1, (_measure("training", 100, r, "1", "1"),))
             for i, r in enumerate((59, 60, 97, 98, 130))]
    counts = [row[1] for row in realisation_distribution(plans, settings).rows]
    assert counts == [1, 1, 0, 1, 2, 0, 5]


def test_dutch_number_formatting():
    assert nl_int(1234567) == "1.234.567"
    assert nl_eur(Decimal("1234.5"), 2) == "€ 1.234,50"
    assert nl_pct(Decimal("0.9572")) == "95,7 %"
    assert nl_int(None) == "–"
