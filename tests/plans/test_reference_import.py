"""The reference import reproduces the published tables 3.1 and 3.2 and is idempotent."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sectorplannen.finance.models import DeclarationLine
from sectorplannen.plans.models import DecisionLine, GrantDecision, Measure, Plan
from sectorplannen.workflow.reference import BUNDLED_FILE, import_reference

# Tables 3.1 and 3.2 of the evaluation (shared/data/reference/README.md).
PUBLISHED = {
    "mobility": (28131, 26329, 46211157, 39184181),
    "career_check": (17210, 16127, 7660845, 7206078),
    "training": (160736, 155532, 206761276, 195404305),
    "work_placements": (41282, 40826, 643202421, 655101620),
    "health": (56761, 53329, 27201772, 25127144),
    "other": (5264, 4002, 69375472, 55720412),
}
TOTAL = (309384, 296145, 1000412943, 977743739)


@pytest.fixture
def imported(db):
    return import_reference(BUNDLED_FILE)


def test_creates_75_finished_plans(imported):
    assert len(imported.created) == 75
    assert not imported.rejected
    assert Plan.objects.filter(is_reference=True).count() == 75
    assert Measure.objects.count() == 262
    assert GrantDecision.objects.count() == 75
    plan = Plan.objects.get(name="Afval")
    assert plan.tranche_label == "1-2" and plan.scheme.code == "sectorplannen-2013"
    assert str(plan.start_date) == "2013-10-01" and str(plan.end_date) == "2018-12-31"
    assert Plan.objects.get(name="Amsterdam").sectors == []


def test_measures_get_the_default_type_of_their_category(imported):
    types = dict(Measure.objects.values_list("category", "measure_type").distinct())
    assert types == {"mobility": "job_placement", "career_check": "career_check", "training": "general_training",
                     "work_placements": "work_placement", "health": "health_check", "other": "research"}


def test_totals_reproduce_tables_3_1_and_3_2(imported):
    sums = defaultdict(lambda: [0, 0, Decimal(0), Decimal(0)])
    rows = defaultdict(int)
    for line in DecisionLine.objects.select_related("measure"):
        s = sums[line.measure.category]
        s[0] += line.planned_participants or 0
        s[2] += line.planned_costs_eur
        rows[line.measure.category] += 1
    for line in DeclarationLine.objects.select_related("measure"):
        s = sums[line.measure.category]
        s[1] += line.realised_participants or 0
        s[3] += line.eligible_costs_eur
    for category, (pp, rp, pb, rb) in PUBLISHED.items():
        got = sums[category]
        assert (got[0], got[1]) == (pp, rp), category  # participants exactly
        tolerance = 500 * rows[category]  # each published budget was rounded to thousands
        assert abs(got[2] - pb) <= tolerance, category
        assert abs(got[3] - rb) <= tolerance, category
    assert sum(s[0] for s in sums.values()) == TOTAL[0]
    assert sum(s[1] for s in sums.values()) == TOTAL[1]
    assert abs(sum(s[2] for s in sums.values()) - TOTAL[2]) <= 500 * 262
    assert abs(sum(s[3] for s in sums.values()) - TOTAL[3]) <= 500 * 262


def test_decision_subsidy_uses_the_scheme_rates(imported):
    line = DecisionLine.objects.get(decision__plan__name="Afval", measure__code="training")
    assert line.rate == Decimal("0.5000") and line.subsidy_eur == Decimal("2172000.00")
    decision = GrantDecision.objects.get(plan__name="Afval")
    assert decision.max_subsidy_eur == sum(line.subsidy_eur for line in decision.lines.all())


def test_second_import_changes_nothing(imported):
    counts = (Plan.objects.count(), Measure.objects.count(), DecisionLine.objects.count())
    again = import_reference(BUNDLED_FILE)
    assert again.created == [] and len(again.unchanged) == 75 and not again.rejected
    assert (Plan.objects.count(), Measure.objects.count(), DecisionLine.objects.count()) == counts


def test_conflicting_figures_are_reported_not_applied(imported, tmp_path):
    original = "Afval,1-2,sectoral,Afval,training,2,2764"
    text = BUNDLED_FILE.read_text().replace(original, original[:-1] + "5")
    changed = tmp_path / "changed.csv"
    changed.write_text(text)
    summary = import_reference(changed)
    assert [c.plan for c in summary.conflicts] == ["Afval"]
    assert DecisionLine.objects.get(decision__plan__name="Afval", measure__code="training").planned_participants == 2764


@pytest.mark.django_db
def test_bad_rows_are_rejected_and_the_rest_imported(tmp_path):
    lines = BUNDLED_FILE.read_text().splitlines()
    lines[1] = lines[1].replace(",2764,", ",veel,")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    summary = import_reference(bad)
    assert summary.rejected and summary.problems[0].line == 2
    assert not Plan.objects.filter(name="Afval").exists()
    assert Plan.objects.count() == 74
    with pytest.raises(CommandError) as err:
        call_command("reference", "import", str(bad))
    assert err.value.returncode == 1


@pytest.mark.django_db
def test_unusable_file_exits_2_and_changes_nothing(tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("plan,tranche\nA,1-2\n")
    with pytest.raises(CommandError) as err:
        call_command("reference", "import", str(wrong))
    assert err.value.returncode == 2 and "kolommen ontbreken" in str(err.value)
    with pytest.raises(CommandError) as err:
        call_command("reference", "import", str(tmp_path / "missing.csv"))
    assert err.value.returncode == 2
    assert Plan.objects.count() == 0
