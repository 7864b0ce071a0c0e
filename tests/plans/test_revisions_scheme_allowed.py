"""The revisions the scheme allowed in practice (issue 21), each with its checks as scheme data:
widening a measure's target group, adding a trajectory to a tranche-3 plan, and moving budget between
the plans of neighbouring regions (both decisions together, four eyes, caps and ceiling kept)."""

import datetime as dt
from decimal import Decimal

import pytest

from sectorplannen.accounts.services import create_user
from sectorplannen.common.errors import Refused
from sectorplannen.plans.models import Plan
from sectorplannen.plans.services import remaining_ceiling, revise
from sectorplannen.workflow.services import transition

from .factories import submitted_plan

pytestmark = pytest.mark.django_db
GRANT_DAY = dt.date(2015, 7, 1)
CHANGE = {"reason": "arbeidsmarkt veranderd", "analysis_date": dt.date(2016, 1, 1), "requested_on": dt.date(2016, 2, 1)}


def codes(exc) -> set[str]:
    return {r.code for r in exc.value.refusals}


def granted(**kw) -> Plan:
    plan = submitted_plan(**kw)
    transition(plan, "grant", None, decided_on=GRANT_DAY)
    plan.refresh_from_db()
    return plan


def test_a_measure_is_widened_to_target_groups_the_scheme_allows():
    plan = granted()
    v2 = revise(plan, [{"op": "widen_target_group", "measure": "M01", "add": ["not_working"]}], **CHANGE)
    assert plan.measures.get(code="M01").target_groups == ["working_in_sector", "not_working"]
    assert v2.changes[0]["add"] == ["not_working"]
    rules = plan.scheme.rules
    excluded = rules.excluded_target_groups[0]  # tranches 1-2 leave groups of other public policy out
    with pytest.raises(Refused) as exc:
        revise(plan, [{"op": "widen_target_group", "measure": "M01", "add": [excluded]}], **CHANGE)
    assert codes(exc) == {"target_group_not_allowed"}
    scheme = plan.scheme
    scheme.parameters = {**scheme.parameters, "revision": {**scheme.parameters["revision"],
                                                           "may_widen_target_groups": False}}
    scheme.save()
    plan.refresh_from_db()
    with pytest.raises(Refused) as exc:
        revise(plan, [{"op": "widen_target_group", "measure": "M01", "add": ["student"]}], **CHANGE)
    assert codes(exc) == {"target_group_change_not_allowed"}


TRAJECTORIES = [("T01", "work_other_occupation", "work_other_occupation", 100, "400000"),
                ("T02", "other_to_work", "other_to_work", 50, "200000")]


def test_a_tranche_3_plan_adds_the_trajectory_the_scheme_allows():
    plan = granted(tranche=3, measures=TRAJECTORIES, start_date=dt.date(2015, 7, 1), end_date=dt.date(2017, 6, 30))
    addable = plan.scheme.rules.revision_addable_types
    assert addable  # scheme data, not code
    add = {"op": "add", "measure": {"code": "T03", "type": addable[0], "planned_participants": 40,
                                    "planned_costs_eur": "100000"}}
    v2 = revise(plan, [add, {"op": "set", "measure": "T02", "planned_costs_eur": "100000"}], **CHANGE)
    assert v2.lines.get(measure__code="T03").subsidy_eur == Decimal("50000.00")
    assert v2.max_subsidy_eur == plan.initial_decision().max_subsidy_eur  # paid for by T02
    other = {"op": "add", "measure": {"code": "T04", "type": "work_same_occupation", "planned_costs_eur": "0"}}
    with pytest.raises(Refused) as exc:
        revise(plan, [other], **CHANGE)
    assert codes(exc) == {"new_measure_not_allowed"}


def test_tranche_2_adds_no_trajectory():
    plan = granted()
    with pytest.raises(Refused) as exc:
        revise(plan, [{"op": "add", "measure": {"code": "T9", "type": "ww_to_work", "planned_costs_eur": "0"}}],
               **CHANGE)
    assert codes(exc) == {"new_measure_not_allowed"}


CARE = [("M01", "general_training", "training", 500, "600000"), ("M02", "work_placement", "work_placements", 100,
                                                                  "1000000")]


def care_plan(name: str, region: str, tranche: int = 2, kind: str = "regional") -> Plan:
    return granted(name=name, tranche=tranche, measures=CARE, kind=kind, sectors=["Zorg"], regions=[region])


@pytest.fixture
def eyes():
    return (create_user("beoordelaar", role="assessor", password="x-correct-horse"),
            create_user("beleid", role="policy_officer", password="x-correct-horse"))


def _transfer(sender, receiver, amount="100000", from_measure="M01", to_measure="M01", **kw):
    return [{"op": "transfer_out", "measure": from_measure, "amount_eur": amount, "to_plan": receiver.pk,
             "to_measure": to_measure}]


def test_budget_moves_to_a_neighbouring_region_with_both_decisions_revised_together(eyes):
    assessor, officer = eyes
    sender, receiver = care_plan("Zorg Achterhoek", "Achterhoek"), care_plan("Zorg Twente", "Twente")
    before = remaining_ceiling(sender.tranche)
    with pytest.raises(Refused) as exc:  # four eyes
        transition(sender, "revise", assessor, changes=_transfer(sender, receiver), **CHANGE)
    assert codes(exc) == {"four_eyes"}
    transition(sender, "revise", assessor, approved_by=officer, changes=_transfer(sender, receiver), **CHANGE)
    s2, r2 = sender.latest_decision(), receiver.latest_decision()
    assert (s2.version, r2.version) == (2, 2)
    assert s2.lines.get(measure__code="M01").planned_costs_eur == Decimal("500000.00")
    assert r2.lines.get(measure__code="M01").planned_costs_eur == Decimal("700000.00")
    assert r2.changes[0]["from_plan"] == sender.pk and r2.approved_by == officer
    freed = sender.initial_decision().max_subsidy_eur - s2.max_subsidy_eur
    assert r2.max_subsidy_eur - receiver.initial_decision().max_subsidy_eur == freed
    assert remaining_ceiling(sender.tranche) == before


def test_budget_moves_only_where_the_scheme_allows(eyes):
    sender = care_plan("Zorg Achterhoek", "Achterhoek")
    cases = [
        (care_plan("Zorg Zeeland", "Zeeland"), {}, "transfer_not_neighbours"),
        (care_plan("Bouw Twente", "Twente", kind="sectoral"), {}, "transfer_not_allowed_for_plan"),
        # 20 % work-placement costs into a 50 % training measure: more subsidy than the sender frees
        (care_plan("Zorg Twente", "Twente"), {"from_measure": "M02"}, "transfer_exceeds_cap"),
    ]
    for receiver, kw, code in cases:
        with pytest.raises(Refused) as exc:
            revise(sender, _transfer(sender, receiver, **kw), **CHANGE)
        assert code in codes(exc), (receiver.name, codes(exc))
        assert receiver.decisions.count() == 1
    assert sender.decisions.count() == 1  # nothing of a refused transfer stays
    with pytest.raises(Refused) as exc:  # receiving only together with the sender's revision
        revise(cases[2][0], [{"op": "transfer_in", "measure": "M01", "amount_eur": "1"}], **CHANGE)
    assert codes(exc) == {"transfer_without_sender"}


def test_a_transfer_into_another_tranche_respects_its_ceiling(eyes):
    sender = care_plan("Zorg Achterhoek", "Achterhoek", tranche=1)
    receiver = care_plan("Zorg Twente", "Twente", tranche=2)
    tranche = receiver.tranche
    tranche.budget_ceiling_eur = tranche.budget_ceiling_eur - remaining_ceiling(tranche)  # exactly used up
    tranche.save()
    with pytest.raises(Refused) as exc:
        revise(sender, _transfer(sender, receiver), **CHANGE)
    assert codes(exc) == {"ceiling_exceeded"}
    assert sender.decisions.count() == 1 and receiver.decisions.count() == 1
