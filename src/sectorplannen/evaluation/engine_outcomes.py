"""The outcome definitions of formats.md §6 (and the extra indicators), once, as Ibis expressions.

These are the steps that scale with the register: every registration, job and benefit is read
here. They run on the engine (`engine.Engine`: DuckDB or Spark) and end in small aggregates that
are collected; `pipeline.py` and `indicators.py` build the cells of every dimension from them.

1. `unit`: one row per (pseudonym, plan, category), the earliest registration (on equal start
   dates the first in the file) with its attributes; an empty attribute becomes `onbekend`;
2. `main_job`: per person and date (the measurement dates and every unit start date) the active
   job with the most hours (no fixed hours = 0), then the earliest start, then the smallest
   employer (numeric ids as numbers, numbers first); beyond the definition, for a stable answer:
   sector, contract, line in the file;
3. `benefit_flags`: per person and measurement date which benefits are active;
4. `base`: per measurement date the number of units per combination of unit attributes and
   outcomes (income status, employer mobility, plan sector, contract, hours) — collected;
5. `plan_units`: units per combination of unit attributes and plan (for dominance) — collected;
6. the indicator aggregates (AO, WW, bijstand, income status by age; ages per group) — collected.

Active on d: start <= d and (no end or end >= d). Only constructs that both backends translate
the same way are used (no engine-specific SQL); the identity test runs both on one population.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pyarrow as pa

from .definitions import ATOM_ATTRIBUTES, UNKNOWN_GROUP
from .engine import Engine

YOUTH_MAX_AGE = 26  # the evaluation's "jongeren (tot en met 26)" (indicators.py)
OLDER_MIN_AGE = 55  # the evaluation's older workers


def known(column: ibis.Value) -> ibis.Value:
    """An empty value as the group `onbekend`."""
    return ibis.coalesce(column.nullif(""), ibis.literal(UNKNOWN_GROUP))


def active_on(table: ibis.Table, day: ibis.Value) -> ibis.Value:
    return (table.start_date <= day) & (table.end_date.isnull() | (table.end_date >= day))


def units(participants: ibis.Table) -> ibis.Table:
    p = participants
    first = ibis.row_number().over(group_by=[p.pseudonym, p.plan, p.category], order_by=[p.start_date, p["_row"]])
    p = p.mutate(rank_=first).filter(lambda t: t.rank_ == 0)
    return p.select(
        "pseudonym", "plan", "category", "start_date", "_row",
        tranche=known(p.tranche), measure_type=known(p.measure_type), target_group=known(p.target_group),
        plan_kind=known(p.plan_kind),
        plan_sector_list=p.plan_sectors.split(";").map(lambda s: s.strip()).filter(lambda s: s != ""),
    )


def main_jobs(points: ibis.Table, jobs: ibis.Table) -> ibis.Table:
    """Per (pseudonym, d) of `points` the main job: columns pseudonym, d, employer, sector, contract, hours."""
    numeric = jobs.employer.re_search("^[0-9]{1,60}$")
    j = jobs.select(
        j_pseudonym=jobs.pseudonym, employer=jobs.employer, sector=jobs.sector, start_date=jobs.start_date,
        end_date=jobs.end_date, contract=jobs.contract, hours=ibis.coalesce(jobs.hours, 0.0), row_=jobs["_row"],
        employer_key=numeric.ifelse(ibis.literal("0") + jobs.employer.re_replace("^0+", "").lpad(60, "0"),
                                    ibis.literal("1") + jobs.employer),
    )
    joined = points.join(j, [points.pseudonym == j.j_pseudonym, active_on(j, points.d)])
    order = [joined.hours.desc(), joined.start_date, joined.employer_key, joined.sector, joined.contract,
             joined.row_]
    ranked = joined.mutate(rank_=ibis.row_number().over(group_by=[joined.pseudonym, joined.d], order_by=order))
    best = ranked.filter(ranked.rank_ == 0)
    return best.select("pseudonym", "d", "employer", "sector", "contract", "hours")


def benefit_flags(benefits: ibis.Table, dates: ibis.Table) -> ibis.Table:
    """Per (pseudonym, d) with an active benefit: ww, other (not WW), ao, bijstand."""
    joined = benefits.join(dates, active_on(benefits, dates.d))
    return joined.group_by(["pseudonym", "d"]).aggregate(
        ww=(joined.type == "WW").any(), other=(joined.type != "WW").any(), ao=(joined.type == "AO").any(),
        bijstand=(joined.type == "bijstand").any(),
    )


def _income_status(has_job: ibis.Value, ww: ibis.Value, other: ibis.Value) -> ibis.Value:
    return ibis.cases(
        (has_job & ww, "werknemer_ww"), (has_job & other, "werknemer_overige_uitkering"), (has_job, "werknemer"),
        (ww, "ww"), (other, "overige_uitkering"), else_="overig",
    )


class OutcomeSteps:
    """The expressions of one run: `unit`, `main_job` and `flags` are shared by §6 and the indicators."""

    def __init__(self, engine: Engine, dates: list[dt.date]):
        self.engine = engine
        self.dates = engine.small_table(pa.table({"d": pa.array(sorted(set(dates)), pa.date32())}))
        self.unit = engine.materialize(units(engine.table("participants")))
        persons = self.unit.select("pseudonym").distinct()
        starts = self.unit.select("pseudonym", d=self.unit.start_date)
        points = starts.union(persons.cross_join(self.dates), distinct=True)
        self.main_job = engine.materialize(main_jobs(points, engine.table("jobs")))
        self.flags = engine.materialize(benefit_flags(engine.table("benefits"), self.dates))

    def _at_dates(self) -> ibis.Table:
        """unit × measurement date with the main job then (prefixed mj_) and the benefit flags."""
        u = self.unit.cross_join(self.dates)
        mj = self.main_job.select(mj_pseudonym="pseudonym", mj_d="d", mj_employer="employer", mj_sector="sector",
                                  mj_contract="contract", mj_hours="hours", mj_found=ibis.literal(True))
        b = self.flags.select(b_pseudonym="pseudonym", b_d="d", b_ww="ww", b_other="other", b_ao="ao",
                              b_bijstand="bijstand")
        u = u.left_join(mj, [u.pseudonym == mj.mj_pseudonym, u.d == mj.mj_d])
        return u.left_join(b, [u.pseudonym == b.b_pseudonym, u.d == b.b_d])

    def base(self) -> ibis.Table:
        """Units per date, unit attributes and outcomes (§6): the input of every outcome table."""
        sj = self.main_job.select(sj_pseudonym="pseudonym", sj_d="d", sj_employer="employer", sj_sector="sector",
                                  sj_found=ibis.literal(True))
        t = self._at_dates()
        t = t.left_join(sj, [t.pseudonym == sj.sj_pseudonym, t.start_date == sj.sj_d])
        has_job = t.mj_found.notnull()
        has_start_job = t.sj_found.notnull()
        with_sector = t.plan_sector_list.length() > 0
        outcome = t.select(
            "d", *ATOM_ATTRIBUTES,
            income_status=_income_status(has_job, ibis.coalesce(t.b_ww, False), ibis.coalesce(t.b_other, False)),
            mobility=ibis.cases(
                (with_sector & has_start_job & has_job & (t.sj_employer == t.mj_employer), "zelfde_werkgever"),
                (with_sector & has_start_job & has_job & (t.sj_sector == t.mj_sector),
                 "andere_werkgever_zelfde_sector"),
                (with_sector & has_start_job & has_job, "andere_sector"), else_=ibis.null(str)),
            plan_sector=ibis.cases(
                (with_sector & has_job & t.plan_sector_list.contains(t.mj_sector), "sector_van_plan"),
                (with_sector & has_job, "andere_sector"), else_=ibis.null(str)),
            contract=ibis.cases((has_job & (t.mj_contract == "vast"), "vast"), (has_job, "flexibel"),
                                else_=ibis.null(str)),
            hours=ibis.cases(
                (~has_job, ibis.null(str)), (t.mj_hours == 0, "geen_vaste_uren"),
                (t.mj_hours < 12, "minder_dan_12_uur"), (t.mj_hours < 28, "2_3_dagen"),
                (t.mj_hours < 35, "4_dagen"), else_="voltijd"),
        )
        keys = ["d", *ATOM_ATTRIBUTES, "income_status", "mobility", "plan_sector", "contract", "hours"]
        return outcome.group_by(keys).aggregate(n=outcome.count())

    def plan_units(self) -> ibis.Table:
        """Units per unit attributes and plan (the dominance check)."""
        return self.unit.group_by([*ATOM_ATTRIBUTES, "plan"]).aggregate(n=self.unit.count())

    def indicator_outcomes(self, ages: ibis.Table) -> ibis.Table:
        """Units per date, group attributes, age group, benefit flags and income status (indicators.py)."""
        t = self._at_dates()
        a = ages.select(a_row="_row", age="age")
        t = t.left_join(a, t["_row"] == a.a_row)
        ww, other = ibis.coalesce(t.b_ww, False), ibis.coalesce(t.b_other, False)
        out = t.select(
            "d", "tranche", "category", "plan_kind",
            age_group=ibis.cases((t.age.isnull(), UNKNOWN_GROUP), (t.age <= YOUTH_MAX_AGE, "jongeren"),
                                 (t.age >= OLDER_MIN_AGE, "ouderen"), else_="middengroep"),
            ao=ibis.coalesce(t.b_ao, False), ww=ww, bijstand=ibis.coalesce(t.b_bijstand, False),
            income_status=_income_status(t.mj_found.notnull(), ww, other),
        )
        keys = ["d", "tranche", "category", "plan_kind", "age_group", "ao", "ww", "bijstand", "income_status"]
        return out.group_by(keys).aggregate(n=out.count())

    def unit_ages(self, ages: ibis.Table) -> ibis.Table:
        """Units per group attributes and age at the start (mean ages per group)."""
        a = ages.select(a_row="_row", age="age")
        t = self.unit.left_join(a, self.unit["_row"] == a.a_row)
        return t.group_by(["tranche", "category", "plan_kind", "age"]).aggregate(n=t.count())


def collect_outcomes(engine: Engine, dates: list[dt.date], with_indicators: bool) -> dict[str, pa.Table]:
    """Run the steps on `engine`; the collected aggregates by name (`base`, `plan_units`, ...)."""
    steps = OutcomeSteps(engine, dates)
    out = {"base": engine.collect(steps.base()), "plan_units": engine.collect(steps.plan_units())}
    if with_indicators:
        ages = engine.table("ind_age")
        out["ind_outcome"] = engine.collect(steps.indicator_outcomes(ages))
        out["ind_unit_age"] = engine.collect(steps.unit_ages(ages))
    return out
