"""Tranche 3 beside tranches 1–2 (formats.md §2): identity is tranche + name, empty cells are data,
unreadable cells are reported in plain Dutch, and the published contributions travel with the plans."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from sectorplannen.finance.models import DeclarationLine
from sectorplannen.plans.models import DecisionLine, Measure, Plan, ReferenceFact
from sectorplannen.plans.services import find_plan
from sectorplannen.workflow.reference import BUNDLED_DIR, BUNDLED_FILES, import_reference

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
T3_FILE = BUNDLED_DIR / "plan_figures_t3.csv"


@pytest.fixture
def both(db):
    return [import_reference(f) for f in BUNDLED_FILES]


def test_bundled_copy_is_the_shared_file():
    shared = SHARED / "reference" / "plan_figures_t3.csv"
    if not shared.exists():
        pytest.skip("shared reference data not present")
    assert T3_FILE.read_bytes() == shared.read_bytes()


def test_both_files_give_99_plans_and_same_names_are_other_plans(both):
    assert all(not s.rejected for s in both), [p.message for s in both for p in (*s.conflicts, *s.problems)]
    assert Plan.objects.filter(is_reference=True).count() == 99
    for name in ("ICT", "Grafimedia", "Dakbedekkers", "Helmond - De Peel"):
        assert sorted(Plan.objects.filter(name=name).values_list("tranche_label", flat=True)) == ["1-2", "3"]
    t3 = Plan.objects.get(name="ICT", tranche_label="3")
    assert t3.scheme.code == "sectorplannen-2015" and str(t3.start_date) == "2015-01-15"
    assert set(Measure.objects.filter(plan=t3).values_list("measure_type", flat=True)) <= {
        "work_same_occupation", "work_other_occupation", "ww_to_work", "other_to_work"}


def test_empty_cells_are_data(both):
    added = Measure.objects.get(plan__name="MKB Rotterdam", code="ww_to_work")
    assert added.planned_participants is None and added.planned_costs_eur == Decimal("0.00")
    assert added.individual_registration  # participants were realised, so they are registered
    line = DeclarationLine.objects.get(measure=added)
    with T3_FILE.open() as fh:
        row = next(r for r in csv.DictReader(fh) if r["plan"] == "MKB Rotterdam" and r["category"] == "ww_to_work")
    assert line.realised_participants == int(row["realised_participants"])
    assert line.eligible_costs_eur == Decimal(row["realised_budget_eur"])
    nothing = DeclarationLine.objects.get(measure__plan__tranche_label="3", measure__plan__name="ICT",
                                          measure__code="work_same_occupation")
    assert nothing.realised_participants is None and nothing.eligible_costs_eur == Decimal("0.00")


def test_importing_both_again_changes_nothing(both):
    counts = (Plan.objects.count(), Measure.objects.count(), DecisionLine.objects.count(),
              ReferenceFact.objects.count())
    again = [import_reference(f) for f in BUNDLED_FILES]
    assert [len(s.unchanged) for s in again] == [75, 24] and not any(s.rejected for s in again)
    assert sum(s.facts_created for s in again) == 0
    assert (Plan.objects.count(), Measure.objects.count(), DecisionLine.objects.count(),
            ReferenceFact.objects.count()) == counts


@pytest.mark.parametrize(("column", "value"), [("planned_budget_eur", "12.3.4"), ("planned_budget_eur", "abc"),
                                               ("realised_participants", "1,5"), ("bsn_participants", "-3")])
@pytest.mark.django_db
def test_unreadable_cell_names_line_column_and_value_in_dutch(tmp_path, column, value):
    with T3_FILE.open() as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    rows[51][column] = value  # line 53 of the file
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fields)
        writer.writeheader()
        writer.writerows(rows)
    summary = import_reference(bad)
    assert len(summary.problems) == 1
    message = summary.problems[0].message
    assert message.startswith("regel 53, kolom " + column) and repr(value) in message
    assert "class" not in message and "decimal" not in message.lower() and "invalid" not in message
    assert not Plan.objects.filter(name=rows[51]["plan"]).exists()
    assert Plan.objects.count() == 23


def test_published_contributions_are_kept_with_the_plans(both):
    shared = SHARED / "published"
    if not shared.exists():
        pytest.skip("shared published tables not present")
    alias = {"Transport": "Transport (t3)", "AMR Noord-Holland Noord": "ARM Noord-Holland Noord"}
    for file, tranche, key in (("T03_3_financing_top20_plans.csv", "1-2", "government_incl_overhead"),
                               ("T06_3_t3_financing_per_plan.csv", "3", "government_excl_overhead")):
        with (shared / file).open() as fh:
            published = {(alias.get(r["plan"], r["plan"]) if tranche == "3" else r["plan"]):
                         Decimal(r["government_eur"])
                         for r in csv.DictReader(fh) if r["plan"] != "TOTAL"}
        facts = ReferenceFact.objects.filter(key=key, plan__isnull=False).select_related("plan")
        kept = {f.plan.name: f.value for f in facts}
        assert kept == published
        assert set(ReferenceFact.objects.filter(key=key).values_list("tranche_label", flat=True)) == {tranche}
    totals = {(f.tranche_label, f.key) for f in ReferenceFact.objects.filter(plan=None)}
    assert {("1-2", "initial_ambition_participants"), ("1-2", "initial_ambition_budget"),
            ("3", "initial_ambition_participants"), ("1-2", "government_incl_overhead")} <= totals


def test_a_name_shared_by_two_tranches_must_be_named_by_id(both):
    with pytest.raises(Plan.DoesNotExist, match="meerdere plannen"):
        find_plan("ICT")
    t3 = Plan.objects.get(name="ICT", tranche_label="3")
    assert find_plan(str(t3.pk)) == t3
    assert find_plan("Transport (t3)").tranche_label == "3"
