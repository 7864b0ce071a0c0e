"""Grant decisions and revisions: immutable versions, allowed changes, refusals with reasons."""

import datetime as dt
from decimal import Decimal

import pytest

from sectorplannen.common.errors import Refused
from sectorplannen.common.models import ImmutableError
from sectorplannen.plans.models import DecisionLine, GrantDecision, PlanStatus
from sectorplannen.plans.services import (
    MeasureAssessment,
    decision_state,
    remaining_ceiling,
    revise,
    version_diff,
)
from sectorplannen.workflow.services import transition

from ..factories import UserFactory
from .factories import submitted_plan

GRANT_DAY = dt.date(2014, 7, 1)
PASSWORD = "correct-horse-battery-staple"
pytestmark = pytest.mark.django_db


def grant(plan, assessments=None, *, actor=None, approved_by=None, **data):
    """The grant goes through the workflow's one entry point."""
    return transition(plan, "grant", actor, approved_by=approved_by, assessments=assessments, **data)


def codes(exc) -> set[str]:
    return {r.code for r in exc.value.refusals}


@pytest.fixture
def granted():
    plan = submitted_plan()
    grant(plan, decided_on=GRANT_DAY)
    plan.refresh_from_db()
    return plan


def test_grant_creates_version_1_with_subsidy_per_measure(granted):
    d = granted.latest_decision()
    assert d.version == 1 and d.previous is None and granted.status == PlanStatus.GRANTED
    subsidies = {line.measure.code: line.subsidy_eur for line in d.lines.all()}
    assert subsidies == {"M01": Decimal("300000.00"), "M02": Decimal("200000.00"), "M03": Decimal("100000.00")}
    assert d.max_subsidy_eur == Decimal("600000.00")
    assert d.advance_schedule[0] == {"due_on": "2014-07-01", "amount_eur": "60000.00"}
    assert sum(Decimal(a["amount_eur"]) for a in d.advance_schedule) == Decimal("480000.00")  # 80 %


def test_assessor_can_reduce_and_refuse_measures():
    plan = submitted_plan()
    d = grant(plan, [MeasureAssessment("M01", "reduce", 400, Decimal("500000"), "te ruim begroot"),
                     MeasureAssessment("M03", "refuse", reason="geen knelpunt")], decided_on=GRANT_DAY)
    assert {line.measure.code for line in d.lines.all()} == {"M01", "M02"}
    assert d.max_subsidy_eur == Decimal("450000.00")


def test_reduce_cannot_raise_and_unknown_measures_are_refused():
    plan = submitted_plan()
    with pytest.raises(Refused) as exc:
        grant(plan, [MeasureAssessment("M01", "reduce", 900, None), MeasureAssessment("M99", "approve")],
              decided_on=GRANT_DAY)
    assert codes(exc) == {"not_a_reduction", "unknown_measure"}
    assert not GrantDecision.objects.exists()


def test_window_ceiling_is_enforced_at_grant_time():
    big = submitted_plan("Groot", measures=[("M01", "general_training", "training", 10, "409000000")])
    grant(big, decided_on=GRANT_DAY)  # 204.5 million of the 205 million ceiling of tranche 2
    assert remaining_ceiling(big.tranche) == Decimal("500000.00")
    small = submitted_plan("Klein")
    with pytest.raises(Refused) as exc:
        grant(small, decided_on=GRANT_DAY)
    assert codes(exc) == {"ceiling_exceeded"}
    assert "500000.00" in str(exc.value)
    # the assessor grants the remainder instead
    d = grant(small, [MeasureAssessment("M02", "refuse"), MeasureAssessment("M03", "refuse")], decided_on=GRANT_DAY)
    assert d.max_subsidy_eur == Decimal("300000.00")


def test_four_eyes_and_status():
    plan = submitted_plan()
    user = UserFactory(username="beoordelaar", roles=["assessor"])
    with pytest.raises(Refused) as exc:
        grant(plan, decided_on=GRANT_DAY, actor=user, approved_by=user)
    assert codes(exc) == {"four_eyes"}
    grant(plan, decided_on=GRANT_DAY, actor=user, approved_by=UserFactory(username="beleid", roles=["policy_officer"]))
    with pytest.raises(Refused) as exc:
        grant(plan, decided_on=GRANT_DAY)
    assert codes(exc) == {"not_submitted"}


def test_decisions_are_immutable(granted):
    d = granted.latest_decision()
    d.max_subsidy_eur = Decimal("1")
    with pytest.raises(ImmutableError):
        d.save()
    with pytest.raises(ImmutableError):
        d.delete()
    line = d.lines.first()
    line.subsidy_eur = Decimal("0")
    with pytest.raises(ImmutableError):
        line.save()


def test_the_queryset_refuses_to_change_decisions(granted):
    """ADR 002 holds below ``save()`` too: the bulk paths of the ORM are refused and nothing changes."""
    d = granted.latest_decision()
    before = (d.max_subsidy_eur, d.lines.count())
    with pytest.raises(ImmutableError):
        GrantDecision.objects.filter(pk=d.pk).update(max_subsidy_eur=Decimal("1"))
    with pytest.raises(ImmutableError):
        GrantDecision.objects.filter(pk=d.pk).delete()
    with pytest.raises(ImmutableError):
        granted.decisions.all().delete()
    line = d.lines.first()
    line.subsidy_eur = Decimal("0")
    with pytest.raises(ImmutableError):
        DecisionLine.objects.bulk_update([line], ["subsidy_eur"])
    with pytest.raises(ImmutableError):
        DecisionLine.objects.bulk_create([line])
    with pytest.raises(ImmutableError):
        d.lines.update(subsidy_eur=Decimal("0"))
    d = GrantDecision.objects.get(pk=d.pk)
    assert (d.max_subsidy_eur, d.lines.count()) == before
    assert Decimal("0") not in set(d.lines.values_list("subsidy_eur", flat=True))


def _revise(plan, changes, **kw):
    kw.setdefault("reason", "economie veranderd")
    kw.setdefault("analysis_date", dt.date(2015, 6, 1))
    kw.setdefault("requested_on", dt.date(2015, 7, 1))
    return revise(plan, changes, **kw)


def test_revision_is_a_new_version_pointing_to_the_previous(granted):
    v2 = _revise(granted, [{"op": "set", "measure": "M01", "planned_participants": 400,
                            "planned_costs_eur": "500000"}])
    assert v2.version == 2 and v2.previous.version == 1
    assert granted.initial_decision().max_subsidy_eur == Decimal("600000.00")  # still readable
    assert v2.max_subsidy_eur == Decimal("550000.00")
    assert granted.analyses.count() == 2
    rows = {(r.measure, r.field): (r.old, r.new) for r in version_diff(granted, 1, 2)}
    assert rows[("M01", "planned_participants")] == (500, 400)
    assert rows[("", "max_subsidy_eur")] == (Decimal("600000.00"), Decimal("550000.00"))


def test_shift_budget_between_own_measures(granted):
    v2 = _revise(granted, [{"op": "shift_budget", "from": "M01", "to": "M02", "amount_eur": "100000"}])
    lines = {line.measure.code: line for line in v2.lines.all()}
    assert lines["M01"].planned_costs_eur == Decimal("500000.00")
    assert lines["M02"].planned_costs_eur == Decimal("1100000.00")
    assert v2.max_subsidy_eur == Decimal("570000.00")  # 50 % moved to a 20 % measure


def test_budget_cannot_move_to_another_plan_or_raise_the_maximum(granted):
    with pytest.raises(Refused) as exc:
        _revise(granted, [{"op": "shift_budget", "from": "M01", "to_plan": "Ander plan", "amount_eur": "1"}])
    assert codes(exc) == {"budget_to_other_plan"}
    with pytest.raises(Refused) as exc:
        _revise(granted, [{"op": "shift_budget", "from": "M02", "to": "M01", "amount_eur": "100000"}])
    assert codes(exc) == {"subsidy_increase"}
    assert granted.decisions.count() == 1


def test_new_measures_are_refused_unless_the_scheme_allows(granted):
    add = {"op": "add", "measure": {"code": "M09", "type": "career_check", "planned_participants": 10,
                                    "planned_costs_eur": "1000"}}
    with pytest.raises(Refused) as exc:
        _revise(granted, [add])
    assert codes(exc) == {"new_measure_not_allowed"}
    scheme = granted.scheme
    scheme.parameters = {**scheme.parameters, "allow_new_measures_after_grant": True}
    scheme.save()
    granted.refresh_from_db()
    v2 = _revise(granted, [add, {"op": "set", "measure": "M01", "planned_costs_eur": "590000"}])
    assert v2.lines.filter(measure__code="M09").exists()


def test_stop_split_and_merge(granted):
    v2 = _revise(granted, [
        {"op": "split", "measure": "M01", "into": [
            {"code": "M01a", "planned_participants": 300, "planned_costs_eur": "350000"},
            {"code": "M01b", "planned_participants": 200, "planned_costs_eur": "250000"}]},
        {"op": "stop", "measure": "M03", "planned_costs_eur": "50000"},
    ])
    state = {line.code: line for line in decision_state(v2).lines}
    assert state["M01"].status == "stopped" and state["M01"].planned_costs_eur == 0
    assert state["M01a"].status == "active" and state["M01a"].measure_type == "general_training"
    assert state["M03"].status == "stopped"
    granted.refresh_from_db()
    v3 = _revise(granted, [{"op": "merge", "measures": ["M01a", "M01b"],
                            "into": {"code": "M01a", "planned_participants": 450, "planned_costs_eur": "550000"}}],
                 requested_on=dt.date(2015, 8, 1))
    state = {line.code: line for line in decision_state(v3).lines}
    assert state["M01b"].status == "stopped" and state["M01a"].planned_participants == 450
    with pytest.raises(Refused) as exc:
        _revise(granted, [{"op": "set", "measure": "M03", "planned_participants": 1}])
    assert codes(exc) == {"measure_stopped"}
    with pytest.raises(Refused) as exc:
        _revise(granted, [{"op": "merge", "measures": ["M01a", "M02"],
                           "into": {"code": "M01a", "planned_costs_eur": "1"}}])
    assert codes(exc) == {"merge_type_mismatch"}


def test_one_extension_of_at_most_six_months_after_the_first_progress_report(granted):
    extend = {"op": "extend", "months": 6}
    with pytest.raises(Refused) as exc:
        _revise(granted, [extend])
    assert codes(exc) == {"extension_before_progress_report"}
    with pytest.raises(Refused) as exc:
        _revise(granted, [{"op": "extend", "months": 7}], first_progress_report_on=dt.date(2015, 7, 1))
    assert codes(exc) == {"extension_too_long"}
    with pytest.raises(Refused) as exc:
        _revise(granted, [extend], first_progress_report_on=dt.date(2015, 7, 1), requested_on=dt.date(2016, 7, 2))
    assert codes(exc) == {"extension_too_late"}
    v2 = _revise(granted, [extend], first_progress_report_on=dt.date(2015, 7, 1))
    assert v2.end_date == dt.date(2016, 12, 30) and v2.extension_months == 6
    with pytest.raises(Refused) as exc:
        _revise(granted, [{"op": "extend", "months": 1}], first_progress_report_on=dt.date(2015, 7, 1),
                requested_on=dt.date(2015, 9, 1))
    assert codes(exc) == {"extension_already_used"}


def test_revision_needs_reason_analysis_and_known_changes(granted):
    with pytest.raises(Refused) as exc:
        revise(granted, [{"op": "teleport"}, "x", {"op": "set", "measure": "M77"}], reason=" ",
               analysis_date=None, requested_on=dt.date(2015, 1, 1))
    assert codes(exc) == {"reason_missing", "analysis_missing", "invalid_change", "unknown_measure"}
    with pytest.raises(Refused) as exc:
        _revise(granted, [{"op": "set", "measure": "M01", "planned_costs_eur": "-5"}])
    assert codes(exc) == {"invalid_change"}
    with pytest.raises(Refused) as exc:
        _revise(granted, [{"op": "set", "measure": "M01", "planned_participants": 1}],
                analysis_date=dt.date(2013, 1, 1))
    assert codes(exc) == {"analysis_outdated"}
    assert DecisionLine.objects.filter(decision__version=2).count() == 0
