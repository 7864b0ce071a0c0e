"""Application checks (formats.md §1): every finding code, tranche 3, and robustness against any JSON.

Pure tests: the rules come straight from the built-in scheme parameters, no database.
"""

import copy
import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sectorplannen.plans import examples
from sectorplannen.plans.checks import (
    ERROR,
    WARNING,
    TrancheRules,
    assess_application,
    check_application,
    format_eur,
    parse_date,
)
from sectorplannen.schemes.builtin import SCHEMES, TRANCHES
from sectorplannen.schemes.rules import SchemeRules

RULES = {
    t["number"]: TrancheRules(
        number=t["number"],
        window_start=dt.date.fromisoformat(t["window_start"]),
        window_end=dt.date.fromisoformat(t["window_end"]),
        budget_ceiling_eur=Decimal(t["budget_ceiling_eur"]),
        rules=SchemeRules.from_parameters(t["scheme"], SCHEMES[t["scheme"]]),
    )
    for t in TRANCHES
}

def t2():
    """The example of formats.md §1, verbatim: a valid application."""
    return examples.load(examples.FORMATS)


def t3():
    return examples.load(examples.TRANCHE_3)


def findings(doc, rules=RULES):
    return check_application(doc, rules)


# -- the valid documents -------------------------------------------------------------------------


def test_formats_example_is_valid_and_requests_300000():
    assessment = assess_application(t2(), RULES)
    assert assessment.findings == ()
    assert assessment.valid
    assert assessment.requested_subsidy_eur == Decimal("300000.00")


@pytest.mark.parametrize(("path", "requested"), [(examples.TRANCHE_2, "850000.00"),
                                                 (examples.TRANCHE_3, "450000.00")])
def test_bundled_examples_have_no_findings(path, requested):
    assessment = assess_application(examples.load(path), RULES)
    assert assessment.findings == ()
    assert assessment.requested_subsidy_eur == Decimal(requested)


# -- every finding code: one failing document each -----------------------------------------------


def _set(path, value):
    """A mutation that sets the value at a dotted/indexed path, e.g. 'partners[1].cao_party'."""
    def mutate(doc):
        *parents, last = _steps(path)
        target = doc
        for step in parents:
            target = target[step]
        target[last] = value
    return mutate


def _delete(path):
    def mutate(doc):
        *parents, last = _steps(path)
        target = doc
        for step in parents:
            target = target[step]
        del target[last]
    return mutate


def _steps(path):
    steps = []
    for part in path.split("."):
        name, *indices = part.replace("]", "").split("[")
        if name:
            steps.append(name)
        steps.extend(int(i) for i in indices)
    return steps


def _all(*mutations):
    def mutate(doc):
        for m in mutations:
            m(doc)
    return mutate


def _append_partner(partner):
    return lambda doc: doc["partners"].append(partner)


def case(name, base, mutate, code, path, severity=ERROR, others=()):
    """One failing document: ``mutate`` applied to ``base()`` must give ``code`` at ``path``;
    besides it only the codes in ``others`` may appear."""
    return pytest.param(base, mutate, code, path, severity, others, id=name)


def t2_full():
    return examples.load(examples.TRANCHE_2)


GUARANTOR_AS_PARTNER = _set("partners[2].roles", ["partner"])
CASES = [
    case("no_union", t2, lambda d: d["partners"].pop(1), "no_union", "partners"),
    case("no_employers_organisation", t2, _set("partners[0].kind", "training_fund"),
         "no_employers_organisation", "partners"),
    case("not_cao_party:false", t2, _set("partners[1].cao_party", False),
         "not_cao_party", "partners[1].cao_party"),
    case("not_cao_party:missing", t2, _delete("partners[0].cao_party"),
         "not_cao_party", "partners[0].cao_party"),
    case("no_main_applicant", t2, _set("partners[0].roles", ["partner"]), "no_main_applicant", "partners"),
    case("multiple_main_applicants", t2, _set("partners[1].roles", ["main_applicant", "partner"]),
         "multiple_main_applicants", "partners[1].roles"),
    case("main_applicant_kind_not_allowed:municipality", t2,
         _all(_set("partners[0].roles", ["partner"]),
              _append_partner({"name": "Gemeente G", "kind": "municipality", "roles": ["main_applicant"]})),
         "main_applicant_kind_not_allowed", "partners[3].kind"),
    case("main_applicant_kind_not_allowed:knowledge_centre_t3", t3,
         _all(_set("partners[0].roles", ["partner"]),
              _append_partner({"name": "Kenniscentrum K", "kind": "knowledge_centre",
                               "roles": ["main_applicant"], "equity_eur": 1000000})),
         "main_applicant_kind_not_allowed", "partners[6].kind"),
    case("guarantee_required", t2, _all(_set("partners[0].equity_eur", 239999.99), GUARANTOR_AS_PARTNER),
         "guarantee_required", "partners[0].equity_eur"),
    case("guarantee_required:equity_missing", t2,
         _all(_delete("partners[0].equity_eur"), GUARANTOR_AS_PARTNER),
         "guarantee_required", "partners[0].equity_eur"),
    case("guarantee_required:self_guarantee", t2,
         _all(_set("partners[0].equity_eur", 1000),
              _set("partners[0].roles", ["main_applicant", "guarantor"]), GUARANTOR_AS_PARTNER),
         "guarantee_required", "partners[0].equity_eur"),
    case("guarantee_required:indemnity_is_warning", t2,
         _all(_set("partners[0].equity_eur", 1000), GUARANTOR_AS_PARTNER, _set("indemnity_agreement", True)),
         "guarantee_required", "partners[0].equity_eur", WARNING),
    case("no_labour_market_analysis:missing", t2, _delete("labour_market_analysis"),
         "no_labour_market_analysis", "labour_market_analysis"),
    case("no_labour_market_analysis:null", t2, _set("labour_market_analysis", None),
         "no_labour_market_analysis", "labour_market_analysis"),
    case("no_labour_market_analysis:no_bottlenecks", t2, _set("labour_market_analysis.bottlenecks", []),
         "no_labour_market_analysis", "labour_market_analysis.bottlenecks", others=("unknown_bottleneck",)),
    case("measure_without_bottleneck:empty", t2, _set("measures[0].bottlenecks", []),
         "measure_without_bottleneck", "measures[0].bottlenecks"),
    case("measure_without_bottleneck:missing", t2, _delete("measures[0].bottlenecks"),
         "measure_without_bottleneck", "measures[0].bottlenecks"),
    case("unknown_bottleneck:not_in_analysis", t2,
         _set("measures[0].bottlenecks", ["new_competences", "shrinkage"]),
         "unknown_bottleneck", "measures[0].bottlenecks[1]"),
    case("unknown_bottleneck:not_in_scheme", t2, _set("measures[0].bottlenecks", ["brain_drain"]),
         "unknown_bottleneck", "measures[0].bottlenecks[0]"),
    case("unknown_bottleneck:in_analysis", t2, _set("labour_market_analysis.bottlenecks[0]", "brain_drain"),
         "unknown_bottleneck", "labour_market_analysis.bottlenecks[0]"),
    case("measure_type_not_allowed:type_of_other_category", t2, _set("measures[0].type", "work_placement"),
         "measure_type_not_allowed", "measures[0].type"),
    case("measure_type_not_allowed:trajectory_in_t2", t2, _set("measures[0].category", "ww_to_work"),
         "measure_type_not_allowed", "measures[0].category"),
    case("measure_type_not_allowed:activity_in_t2", t2, _set("measures[0].activities", ["retraining"]),
         "measure_type_not_allowed", "measures[0].activities[0]"),
    case("measure_type_not_allowed:category_in_t3", t3, _set("measures[0].category", "training"),
         "measure_type_not_allowed", "measures[0].category"),
    case("measure_type_not_allowed:type_in_t3", t3, _set("measures[0].type", "general_training"),
         "measure_type_not_allowed", "measures[0].type"),
    case("measure_type_not_allowed:unknown_activity", t3, _set("measures[1].activities[2]", "coaching"),
         "measure_type_not_allowed", "measures[1].activities[2]"),
    case("measure_type_not_allowed:no_activities", t3, _set("measures[0].activities", []),
         "measure_type_not_allowed", "measures[0].activities"),
    case("excluded_target_group", t2,
         _set("measures[0].target_groups", ["working_in_sector", "social_assistance"]),
         "excluded_target_group", "measures[0].target_groups[1]"),
    case("excluded_target_group:disability", t2,
         _set("measures[0].target_groups", ["occupational_disability"]),
         "excluded_target_group", "measures[0].target_groups[0]"),
    case("double_public_funding", t2,
         _set("measures[0].other_public_funding", [{"source": "ESF", "amount_eur": 1}]),
         "double_public_funding", "measures[0].other_public_funding[0]"),
    case("regional_government_funding:t2", t2,
         _set("measures[0].own_funding", [{"source": "training_fund", "amount_eur": 290000},
                                          {"source": "municipality", "amount_eur": 10000}]),
         "regional_government_funding", "measures[0].own_funding[1].source"),
    case("regional_government_funding:t3_above_half", t3,
         _set("measures[0].own_funding[1].amount_eur", 100000.01),
         "regional_government_funding", "measures[0].own_funding"),
    case("regional_government_funding:t3_province_and_municipality", t3,
         _set("measures[1].own_funding", [{"source": "municipality", "amount_eur": 50000},
                                          {"source": "province", "amount_eur": 50000},
                                          {"source": "employers", "amount_eur": 50000}]),
         "regional_government_funding", "measures[1].own_funding"),
    case("own_funding_insufficient", t2, _set("measures[0].own_funding[0].amount_eur", 299999.99),
         "own_funding_insufficient", "measures[0].own_funding"),
    case("own_funding_insufficient:none", t2, _delete("measures[0].own_funding"),
         "own_funding_insufficient", "measures[0].own_funding"),
    case("request_below_minimum", t2, _all(_set("measures[0].planned_costs_eur", 499999.98),
                                           _set("measures[0].own_funding[0].amount_eur", 249999.99)),
         "request_below_minimum", "measures"),
    case("request_below_minimum:no_measures", t2, _set("measures", []), "request_below_minimum", "measures"),
    case("outside_application_window:after", t2, _set("submitted_on", "2014-06-01"),
         "outside_application_window", "submitted_on"),
    case("outside_application_window:before", t3, _set("submitted_on", "14-01-2015"),
         "outside_application_window", "submitted_on"),
    case("duration_too_long", t2, _set("end_date", "2016-07-01"), "duration_too_long", "end_date"),
    case("duration_too_long:work_placements_warning", t2_full, _set("end_date", "2017-06-30"),
         "duration_too_long", "end_date", WARNING),
    case("duration_too_long:work_placements_beyond", t2_full, _set("end_date", "2017-07-01"),
         "duration_too_long", "end_date"),
    case("duplicate_measure_code", t2, lambda d: d["measures"].append(copy.deepcopy(d["measures"][0])),
         "duplicate_measure_code", "measures[1].code"),
    case("duplicate_partner", t2, _set("partners[2].name", "Bond Y"),
         "duplicate_partner", "partners[2].name"),
    # invalid_value: wrong type, negative amount, unknown enum, missing field, not a date, unknown tranche
    case("invalid_value:not_an_object", lambda: [t2()], lambda d: None, "invalid_value", ""),
    case("invalid_value:unknown_tranche", t2, _set("tranche", 4), "invalid_value", "tranche"),
    case("invalid_value:tranche_as_text", t2, _set("tranche", "2"), "invalid_value", "tranche"),
    case("invalid_value:tranche_missing", t2, _delete("tranche"), "invalid_value", "tranche"),
    case("invalid_value:negative_costs", t2, _set("measures[0].planned_costs_eur", -600000),
         "invalid_value", "measures[0].planned_costs_eur"),
    case("invalid_value:negative_own_funding", t2, _set("measures[0].own_funding[0].amount_eur", -1),
         "invalid_value", "measures[0].own_funding[0].amount_eur"),
    case("invalid_value:negative_equity", t2, _set("partners[0].equity_eur", -5),
         "invalid_value", "partners[0].equity_eur"),
    case("invalid_value:negative_participants", t2, _set("measures[0].planned_participants", -1),
         "invalid_value", "measures[0].planned_participants"),
    case("invalid_value:more_youth_than_participants", t2,
         _set("measures[0].planned_youth_participants", 501),
         "invalid_value", "measures[0].planned_youth_participants"),
    case("invalid_value:costs_as_text", t2, _set("measures[0].planned_costs_eur", "600000"),
         "invalid_value", "measures[0].planned_costs_eur"),
    case("invalid_value:costs_nan", t2, _set("measures[0].planned_costs_eur", float("nan")),
         "invalid_value", "measures[0].planned_costs_eur"),
    case("invalid_value:participants_as_float", t2, _set("measures[0].planned_participants", 500.5),
         "invalid_value", "measures[0].planned_participants"),
    case("invalid_value:cao_party_as_text", t2, _set("partners[1].cao_party", "ja"),
         "invalid_value", "partners[1].cao_party"),
    case("invalid_value:sectors_not_a_list", t2, _set("sectors", "Bouw"), "invalid_value", "sectors"),
    case("invalid_value:partner_not_an_object", t2, _set("partners[2]", "Fonds Z"),
         "invalid_value", "partners[2]"),
    case("invalid_value:unknown_plan_kind", t2, _set("kind", "national"), "invalid_value", "kind"),
    case("invalid_value:unknown_partner_kind", t2, _set("partners[2].kind", "bank"),
         "invalid_value", "partners[2].kind"),
    case("invalid_value:unknown_role", t2, _set("partners[1].roles", ["member"]),
         "invalid_value", "partners[1].roles[0]"),
    case("invalid_value:unknown_funding_source", t2, _set("measures[0].own_funding[0].source", "lottery"),
         "invalid_value", "measures[0].own_funding[0].source"),
    case("invalid_value:unknown_target_group", t2, _set("measures[0].target_groups", ["pensioners"]),
         "invalid_value", "measures[0].target_groups[0]"),
    case("invalid_value:missing_name", t2, _delete("name"), "invalid_value", "name"),
    case("invalid_value:empty_name", t2, _set("name", "  "), "invalid_value", "name"),
    case("invalid_value:missing_type_t2", t2, _delete("measures[0].type"),
         "invalid_value", "measures[0].type"),
    case("invalid_value:missing_costs", t2, _delete("measures[0].planned_costs_eur"),
         "invalid_value", "measures[0].planned_costs_eur"),
    case("invalid_value:missing_measures", t2, _delete("measures"), "invalid_value", "measures"),
    case("invalid_value:missing_activities_t3", t3, _delete("measures[0].activities"),
         "invalid_value", "measures[0].activities"),
    case("invalid_value:missing_submitted_on", t2, _delete("submitted_on"), "invalid_value", "submitted_on"),
    case("invalid_value:not_a_date", t2, _set("start_date", "1-7-2014"), "invalid_value", "start_date"),
    case("invalid_value:impossible_date", t2, _set("labour_market_analysis.date", "2014-02-30"),
         "invalid_value", "labour_market_analysis.date"),
    case("invalid_value:end_before_start", t2, _set("end_date", "2014-06-30"), "invalid_value", "end_date"),
]


@pytest.mark.parametrize(("base", "mutate", "code", "path", "severity", "others"), CASES)
def test_each_rule_is_found_where_it_applies(base, mutate, code, path, severity, others):
    doc = base()
    mutate(doc)
    found = findings(doc)
    assert any((f.code, f.path, f.severity) == (code, path, severity) for f in found), found
    assert {f.code for f in found} <= {code, *others}, found
    assert all(f.message for f in found)


def test_every_code_of_formats_section_1_has_a_failing_case():
    codes = {"no_union", "no_employers_organisation", "not_cao_party", "no_main_applicant",
             "multiple_main_applicants", "main_applicant_kind_not_allowed", "guarantee_required",
             "no_labour_market_analysis", "measure_without_bottleneck", "unknown_bottleneck",
             "measure_type_not_allowed", "excluded_target_group", "double_public_funding",
             "regional_government_funding", "own_funding_insufficient", "request_below_minimum",
             "outside_application_window", "duration_too_long", "duplicate_measure_code", "invalid_value"}
    assert codes <= {c.values[2] for c in CASES if c.values[4] == ERROR}


def test_a_warning_alone_leaves_the_application_valid():
    doc = examples.load(examples.TRANCHE_2)
    doc["end_date"] = "2017-06-30"
    assessment = assess_application(doc, RULES)
    assert [f.code for f in assessment.findings] == ["duration_too_long"]
    assert assessment.valid


def test_removing_the_union_is_the_contract_case():
    doc = t2()
    doc["partners"] = doc["partners"][:1] + doc["partners"][2:]
    assert [(f.code, f.severity, f.path) for f in findings(doc)] == [("no_union", ERROR, "partners")]


# -- amounts ----------------------------------------------------------------------------------------


def test_requested_subsidy_uses_the_rate_of_each_measure_type():
    doc = examples.load(examples.TRANCHE_2)
    # 0.5 × 800,000 + 0.2 × 1,500,000 + 0.5 × 200,000 + 0.5 × 100,000
    assert assess_application(doc, RULES).requested_subsidy_eur == Decimal("850000.00")
    doc["measures"].append({"code": "M05", "category": "other", "type": "vulnerable_hiring",
                            "target_groups": ["not_working"], "bottlenecks": ["dejuvenation"],
                            "planned_costs_eur": 10000})
    assessment = assess_application(doc, RULES)
    assert assessment.requested_subsidy_eur == Decimal("860000.00")
    assert assessment.findings == ()  # 100 %: the sector pays nothing, so no own funding is needed


def test_subsidy_is_rounded_half_up_to_cents():
    doc = t2()
    doc["measures"][0]["planned_costs_eur"] = 600000.05
    doc["measures"][0]["own_funding"][0]["amount_eur"] = 300000.02
    assessment = assess_application(doc, RULES)
    assert assessment.requested_subsidy_eur == Decimal("300000.03")  # 300000.025 → .03 (half-even: .02)
    assert assessment.findings == ()  # own share 600000.05 − 300000.03 = 300000.02
    doc["measures"][0]["own_funding"][0]["amount_eur"] = 300000.01
    assert [f.code for f in findings(doc)] == ["own_funding_insufficient"]


def test_exactly_the_minimum_and_exactly_80_percent_equity_pass():
    doc = t2()
    doc["measures"][0].update(planned_costs_eur=500000,
                              own_funding=[{"source": "employers", "amount_eur": 250000}])
    doc["partners"][0]["equity_eur"] = 200000  # 0.8 × 250,000
    doc["partners"][2]["roles"] = ["partner"]
    assert findings(doc) == []
    doc["partners"][0]["equity_eur"] = 199999.99
    assert [f.code for f in findings(doc)] == ["guarantee_required"]


def test_plan_level_amount_checks_wait_for_every_measure():
    """A measure whose subsidy cannot be computed does not also trigger the minimum or 80 % test."""
    doc = t2()
    doc["measures"][0]["planned_costs_eur"] = "veel"
    doc["partners"][0]["equity_eur"] = 0
    doc["partners"][2]["roles"] = ["partner"]
    assessment = assess_application(doc, RULES)
    assert assessment.requested_subsidy_eur is None
    assert [f.code for f in assessment.findings] == ["invalid_value"]


def test_format_eur_is_dutch():
    assert format_eur(Decimal("1234567.5")) == "€ 1.234.567,50"


# -- tranche 3 ---------------------------------------------------------------------------------------


def test_tranche_3_uses_the_trajectory_as_type_and_needs_activities():
    app = assess_application(t3(), RULES).application
    assert [m.measure_type for m in app.measures] == [
        "work_other_occupation", "ww_to_work", "work_same_occupation"]
    assert app.measures[1].activities == (
        "competence_mapping", "guidance_placement", "matching_infrastructure")


def test_tranche_3_municipality_may_pay_exactly_half_of_the_own_share():
    doc = t3()
    # T01: costs 400,000, subsidy 200,000, own share 200,000 of which the municipality pays 100,000
    assert doc["measures"][0]["own_funding"][1] == {"source": "municipality", "amount_eur": 100000.00}
    assert findings(doc) == []


def test_tranche_3_allows_target_groups_excluded_in_tranches_1_2():
    doc = t3()
    doc["measures"][1]["target_groups"] = ["social_assistance", "occupational_disability"]
    assert findings(doc) == []


def test_tranche_3_minimum_is_lower():
    doc = t3()
    doc["measures"] = doc["measures"][2:]  # 100,000 requested
    doc["measures"][0]["planned_costs_eur"] = 260000
    doc["measures"][0]["own_funding"][0]["amount_eur"] = 130000
    assert findings(doc) == []  # 130,000 ≥ 125,000
    doc["measures"][0]["planned_costs_eur"] = 249999.98
    doc["measures"][0]["own_funding"][0]["amount_eur"] = 124999.99
    assert [f.code for f in findings(doc)] == ["request_below_minimum"]


def test_knowledge_centre_may_apply_in_tranche_2_only():
    doc = t2()
    doc["partners"][0]["roles"] = ["partner"]
    doc["partners"].append({"name": "Kenniscentrum K", "kind": "knowledge_centre",
                            "roles": ["main_applicant"], "equity_eur": 1000000})
    assert findings(doc) == []


# -- the rules come from SchemeRules, not from code --------------------------------------------------


def _with_rules(tranche, **changes):
    rules = dict(RULES)
    rules[tranche] = replace(RULES[tranche], rules=replace(RULES[tranche].rules, **changes))
    return rules


def test_parameters_drive_the_checks():
    assert [f.code for f in findings(t2(), _with_rules(2, minimum_request_eur=Decimal("300000.01")))] == [
        "request_below_minimum"]
    assert [f.code for f in findings(t2(), _with_rules(2, required_partner_kinds=("union", "uwv")))] == [
        "no_uwv"]
    assert [f.code for f in findings(t2(), _with_rules(2, max_duration_months=23))] == ["duration_too_long"]
    doc = t3()
    doc["measures"][0]["own_funding"][1]["amount_eur"] = 150000
    assert findings(doc, _with_rules(3, regional_government_max_share=Decimal("0.75"))) == []
    assert [f.code for f in findings(doc)] == ["regional_government_funding"]


def test_window_comes_from_the_tranche():
    rules = dict(RULES)
    rules[2] = replace(RULES[2], window_end=dt.date(2014, 5, 14))
    found = findings(t2(), rules)
    assert [(f.code, f.path) for f in found] == [("outside_application_window", "submitted_on")]


# -- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("2014-07-01", dt.date(2014, 7, 1)), ("01-07-2014", dt.date(2014, 7, 1)),
    ("29-02-2016", dt.date(2016, 2, 29)),
    ("2014-7-1", None), ("20140701", None), ("2015-02-29", None), ("01/07/2014", None), ("", None),
    ("２０１４-07-01", None),
])
def test_parse_date_accepts_iso_and_dutch(text, expected):
    assert parse_date(text) == expected


def test_dutch_dates_are_accepted_in_the_document():
    doc = t2()
    doc.update(start_date="01-07-2014", end_date="30-06-2016", submitted_on="15-05-2014")
    assert findings(doc) == []


def test_dates_at_the_calendar_edge_do_not_break_the_duration_check():
    doc = t2()
    doc.update(start_date="9999-01-01", end_date="9999-12-31")
    assert [f.code for f in findings(doc)] == []


# -- robustness: any JSON value gives findings, never an exception -----------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


def _paths(value, prefix=()):
    """Every place in a JSON value (as key/index tuples), the root included."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _assert_well_formed(assessment):
    for f in assessment.findings:
        assert isinstance(f.code, str) and f.code
        assert f.severity in (ERROR, WARNING)
        assert isinstance(f.path, str)
        assert isinstance(f.message, str) and f.message


def _assert_valid_means_complete(assessment):
    """What ``submit_application`` relies on: without errors every required value is present."""
    if not assessment.valid:
        return
    app = assessment.application
    assert None not in (app.name, app.kind, app.start_date, app.end_date, app.submitted_on, app.analysis)
    assert app.analysis.date is not None and assessment.requested_subsidy_eur is not None
    for p in app.partners:
        assert p.name is not None and p.kind is not None
    for m in app.measures:
        assert None not in (m.code, m.category, m.measure_type, m.planned_costs_eur)
        assert all(f.source is not None and f.amount_eur is not None for f in m.own_funding)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_value_gives_findings_not_an_exception(value):
    assessment = assess_application(value, RULES)
    _assert_well_formed(assessment)
    assert not assessment.valid


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([t2, t3, t2_full]), st.data())
def test_any_value_anywhere_in_a_valid_document_never_raises(base, data):
    doc = base()
    for _ in range(data.draw(st.integers(1, 3))):
        places = list(_paths(doc))
        place = data.draw(st.sampled_from(places))
        replacement = data.draw(JSON)
        if not place:
            doc = replacement
            continue
        target = doc
        for step in place[:-1]:
            target = target[step]
        if data.draw(st.booleans()) and isinstance(target, dict):
            del target[place[-1]]
        else:
            target[place[-1]] = replacement
    assessment = assess_application(doc, RULES)
    _assert_well_formed(assessment)
    _assert_valid_means_complete(assessment)


@settings(max_examples=200, deadline=None)
@given(st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text() | st.booleans())
def test_any_amount_gives_findings_not_an_exception(amount):
    doc = t2()
    doc["measures"][0]["planned_costs_eur"] = amount
    doc["partners"][0]["equity_eur"] = amount
    doc["measures"][0]["own_funding"][0]["amount_eur"] = amount
    _assert_well_formed(assess_application(doc, RULES))


def test_huge_numbers_are_handled_exactly():
    doc = t2()
    doc["measures"][0]["planned_costs_eur"] = 10 ** 400
    doc["measures"][0]["own_funding"][0]["amount_eur"] = 10 ** 400 // 2
    doc["partners"][0]["equity_eur"] = 1e308
    assessment = assess_application(doc, RULES)
    assert assessment.findings == ()
    assert assessment.requested_subsidy_eur == Decimal(10 ** 400) / 2
