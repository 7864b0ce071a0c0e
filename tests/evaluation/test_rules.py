"""Every definition of formats.md §6, on hand-built cases (counts before disclosure control)."""

from __future__ import annotations

import datetime as dt

import pytest

from .helpers import D, benefit, counts, job, participant, total


def test_a_job_ending_on_the_measurement_date_is_active(tmp_path):
    people = [participant(i) for i in range(4)]
    jobs = [job(0, end="2019-05-31"), job(1, end="2019-05-30"), job(2, start="2019-05-31"), job(3, start="2019-06-01")]
    c = counts(tmp_path, people, jobs, [])
    assert total(c, "income_status", "werknemer") == 2  # persons 0 and 2
    assert total(c, "income_status", "overig") == 2


def test_a_benefit_ending_on_the_measurement_date_is_active(tmp_path):
    c = counts(tmp_path, [participant(0), participant(1)], [],
               [benefit(0, "WW", "2019-01-01", "2019-05-31"), benefit(1, "WW", "2019-01-01", "2019-05-30")])
    assert total(c, "income_status", "ww") == 1
    assert total(c, "income_status", "overig") == 1


@pytest.mark.parametrize(("has_job", "kinds", "expected"), [
    (True, ["WW", "bijstand"], "werknemer_ww"),  # WW takes precedence over another benefit
    (True, ["AO"], "werknemer_overige_uitkering"),
    (True, [], "werknemer"),
    (False, ["bijstand", "WW"], "ww"),
    (False, ["overig"], "overige_uitkering"),
    (False, ["AO", "bijstand"], "overige_uitkering"),
    (False, [], "overig"),
])
def test_income_status(tmp_path, has_job, kinds, expected):
    c = counts(tmp_path, [participant(0)], [job(0)] if has_job else [], [benefit(0, k) for k in kinds])
    assert total(c, "income_status", expected) == 1
    assert sum(total(c, "income_status", o) for o in
               ("werknemer", "werknemer_ww", "werknemer_overige_uitkering", "ww", "overige_uitkering", "overig")) == 1


def test_participants_without_any_record_are_kept_as_overig(tmp_path):
    c = counts(tmp_path, [participant(0), participant(1)], [job(0)], [])
    assert total(c, "income_status", "werknemer") == 1
    assert total(c, "income_status", "overig") == 1


def test_main_job_most_hours(tmp_path):
    c = counts(tmp_path, [participant(0)], [job(0, employer="E1", hours="20", contract="vast"),
                                           job(0, employer="E2", hours="30", contract="tijdelijk")], [])
    assert total(c, "contract", "flexibel") == 1
    assert total(c, "hours", "4_dagen") == 1


def test_main_job_tie_on_hours_earliest_start_wins(tmp_path):
    c = counts(tmp_path, [participant(0)], [job(0, employer="E1", start="2012-01-01", contract="tijdelijk"),
                                           job(0, employer="E9", start="2011-01-01", contract="vast")], [])
    assert total(c, "contract", "vast") == 1


@pytest.mark.parametrize(("small", "large"), [("E1", "E2"), ("9", "10"), ("0042", "100")])
def test_main_job_tie_on_hours_and_start_smallest_employer_wins(tmp_path, small, large):
    # numeric employer ids compare as numbers ("9" < "10"), others as text
    c = counts(tmp_path, [participant(0)], [job(0, employer=large, contract="vast"),
                                           job(0, employer=small, contract="oproep")], [])
    assert total(c, "contract", "flexibel") == 1


def test_no_fixed_hours_counts_as_zero(tmp_path):
    c = counts(tmp_path, [participant(0), participant(1)],
               [job(0, hours="", contract="vast"), job(0, employer="E2", hours="8", contract="uitzend"),
                job(1, hours="0", contract="vast", start="2009-01-01"),
                job(1, employer="E0", hours="", contract="oproep")],
               [])
    assert total(c, "hours", "minder_dan_12_uur") == 1  # person 0: the 8-hour job is the main job
    assert total(c, "hours", "geen_vaste_uren") == 1  # person 1: 0 and empty tie; earliest start wins
    assert total(c, "contract", "vast") == 1 and total(c, "contract", "flexibel") == 1


@pytest.mark.parametrize(("hours", "band"), [
    ("", "geen_vaste_uren"), ("0", "geen_vaste_uren"), ("11.5", "minder_dan_12_uur"), ("12", "2_3_dagen"),
    ("27,9", "2_3_dagen"), ("28", "4_dagen"), ("34.9", "4_dagen"), ("35", "voltijd"), ("40", "voltijd"),
])
def test_hours_bands(tmp_path, hours, band):
    c = counts(tmp_path, [participant(0)], [job(0, hours=hours)], [])
    assert total(c, "hours", band) == 1


def test_employer_mobility(tmp_path):
    people = [participant(i, start="2015-03-01") for i in range(4)]
    jobs = [
        job(0, employer="E1", sector="Bouw"),  # same employer throughout
        job(1, employer="E1", sector="Bouw", end="2016-01-01"),
        job(1, employer="E2", sector="Bouw", start="2016-02-01"),
        job(2, employer="E1", sector="Bouw", end="2016-01-01"),
        job(2, employer="E3", sector="Zorg", start="2016-02-01"),
        job(3, employer="E4", sector="Zorg", start="2017-01-01"),  # no job at the start: no start job
    ]
    c = counts(tmp_path, people, jobs, [])
    assert total(c, "employer_mobility", "zelfde_werkgever") == 1
    assert total(c, "employer_mobility", "andere_werkgever_zelfde_sector") == 1
    assert total(c, "employer_mobility", "andere_sector") == 1
    assert sum(total(c, "employer_mobility", o) for o in
               ("zelfde_werkgever", "andere_werkgever_zelfde_sector", "andere_sector")) == 3
    assert total(c, "contract", "vast") == 4  # all four are employed
    # job changers: persons 1 and 2
    assert total(c, "contract_job_changers", "vast") == 2


def test_start_job_is_the_main_job_on_the_start_date(tmp_path):
    # On the start date the 30-hour job at E2 is the main job; on D only E1 is left: another employer.
    jobs = [job(0, employer="E1", hours="10"), job(0, employer="E2", hours="30", end="2016-01-01")]
    c = counts(tmp_path, [participant(0, start="2015-03-01")], jobs, [])
    assert total(c, "employer_mobility", "andere_werkgever_zelfde_sector") == 1


def test_units_without_a_start_job_are_not_in_employer_mobility(tmp_path):
    c = counts(tmp_path, [participant(0, start="2015-03-01")], [job(0, start="2015-03-02")], [])
    assert total(c, "employer_mobility", "zelfde_werkgever") == 0
    assert not [k for k in c if k[0] == "employer_mobility"]
    assert total(c, "plan_sector", "sector_van_plan") == 1


def test_plans_without_sectors_are_excluded_from_mobility_and_plan_sector(tmp_path):
    people = [participant(0, plan="Regio", plan_kind="regional", plan_sectors=""), participant(1)]
    c = counts(tmp_path, people, [job(0), job(1)], [])
    assert total(c, "employer_mobility", "zelfde_werkgever") == 1  # only person 1
    assert total(c, "plan_sector", "sector_van_plan") == 1
    assert total(c, "contract", "vast") == 2  # both are employed
    assert c[("income_status", D, "plan_kind", "regional", "werknemer")] == 1


def test_plan_sector_with_several_sectors(tmp_path):
    people = [participant(i, plan_sectors="Bouw; Infra ") for i in range(3)]
    jobs = [job(0, sector="Infra"), job(1, sector="Bouw"), job(2, sector="Zorg")]
    c = counts(tmp_path, people, jobs, [])
    assert total(c, "plan_sector", "sector_van_plan") == 2
    assert total(c, "plan_sector", "andere_sector") == 1


def test_unit_is_pseudonym_plan_category_with_earliest_start_and_its_target_group(tmp_path):
    people = [
        # listed later in time first: the unit still takes the earliest registration
        participant(0, start="2016-06-01", target_group="working_in_sector", measure_type="evc"),
        participant(0, start="2015-01-01", target_group="student", measure_type="general_training"),
        participant(0, category="health", measure_type="health_check", start="2016-01-01"),  # another unit
        participant(0, plan="Zorg", plan_sectors="Zorg", start="2017-01-01"),  # another plan: another unit
    ]
    jobs = [job(0, employer="E1", start="2015-06-01")]  # no job on 2015-01-01, a job on 2016-01-01
    c = counts(tmp_path, people, jobs, [])
    assert total(c, "income_status", "werknemer") == 3  # three units
    assert c[("income_status", D, "target_group", "student", "werknemer")] == 1
    assert c[("income_status", D, "category_x_target_group", "training|student", "werknemer")] == 1
    # only the Zorg unit: the Bouw training unit takes the target group of its earliest registration
    assert c[("income_status", D, "category_x_target_group", "training|working_in_sector", "werknemer")] == 1
    assert c[("income_status", D, "measure_type", "general_training", "werknemer")] == 2  # Bouw and Zorg
    assert ("income_status", D, "measure_type", "evc", "werknemer") not in c
    # the training unit had no start job on its earliest start: not in employer mobility; the
    # health unit (start 2016) and the Zorg unit (plan sector Zorg, job in Bouw) had one
    assert total(c, "employer_mobility", "zelfde_werkgever") == 2
    assert c[("plan_sector", D, "category", "training", "sector_van_plan")] == 1


def test_dimensions_use_values_as_given(tmp_path):
    people = [participant(0, tranche="1"), participant(1, tranche="3", category="ww_to_work",
                                                       measure_type="ww_to_work", target_group="")]
    c = counts(tmp_path, people, [job(0), job(1)], [])
    assert c[("income_status", D, "tranche", "1", "werknemer")] == 1
    assert c[("income_status", D, "tranche", "3", "werknemer")] == 1
    assert c[("income_status", D, "target_group", "onbekend", "werknemer")] == 1
    assert c[("income_status", D, "category_x_target_group", "ww_to_work|onbekend", "werknemer")] == 1
    assert c[("income_status", D, "plan_kind", "sectoral", "werknemer")] == 2
    groups = {(k[2], k[3]) for k in c if k[0] == "income_status"}
    assert {d for d, _ in groups} == {"total", "tranche", "category", "measure_type", "target_group", "plan_kind",
                                      "category_x_target_group"}


def test_every_outcome_of_a_group_is_present_with_zeros(tmp_path):
    c = counts(tmp_path, [participant(0)], [job(0)], [])
    assert c[("income_status", D, "total", "total", "ww")] == 0
    assert c[("hours", D, "total", "total", "geen_vaste_uren")] == 0
    assert c[("hours", D, "total", "total", "voltijd")] == 1


def test_several_measurement_dates_in_one_run(tmp_path):
    dates = [dt.date(2017, 5, 31), dt.date(2018, 5, 31), D]
    jobs = [job(0, end="2017-12-31"), job(0, employer="E2", start="2018-09-01")]
    c = counts(tmp_path, [participant(0)], jobs, [benefit(0, "WW", "2018-01-01", "2018-08-31")], dates)
    assert total(c, "income_status", "werknemer", dates[0]) == 1
    assert total(c, "income_status", "ww", dates[1]) == 1
    assert total(c, "employer_mobility", "andere_werkgever_zelfde_sector", dates[2]) == 1
