"""The monthly panel of formats.md §8 in run-length form, once, as Ibis expressions.

These are the steps of the net effects that read the register; they run on the engine (DuckDB or
Spark, `engine.Engine`). Their result is small next to the register: one row per treated or
comparison person (`persons`) and one row per spell clipped to the window of the estimate
(`runs`: person number, outcome, first and last month), four integers. `effects_panel.build_panel`
turns the runs into the dense bit panel of the estimate on the collected rows.

Definitions (see effects_panel.py): the treated person is a participant from the first start over
all registrations (on equal dates the first in the file); the cohort is that start's calendar
quarter, `m_0` the last month before it; a spell counts in month m when it covers the last day of
m. Months are numbered `year * 12 + month - 1`, cohorts `year * 4 + quarter - 1`.
"""

from __future__ import annotations

import ibis
import pyarrow as pa

from .engine import Engine
from .engine_outcomes import known

OPEN = 10**6  # an open end: beyond every month


def month_number(day: ibis.Value) -> ibis.Value:
    return day.year() * 12 + day.month() - 1


def last_month(end: ibis.Value) -> ibis.Value:
    """The last month whose last day the spell covers (an open end: OPEN)."""
    month_end = (end + ibis.interval(days=1)).day() == 1
    return ibis.cases((end.isnull(), OPEN), (month_end, month_number(end)), else_=month_number(end) - 1)


def treated(participants: ibis.Table) -> ibis.Table:
    p = participants.filter(participants.birth_year.notnull())
    first = ibis.row_number().over(group_by=p.pseudonym, order_by=[p.start_date, p["_row"]])
    p = p.mutate(rank_=first).filter(lambda t: t.rank_ == 0)
    quarter = p.start_date.quarter()
    return p.select(
        "pseudonym", "birth_year", "category", target_group=known(p.target_group), tranche=known(p.tranche),
        cohort=p.start_date.year() * 4 + quarter - 1, m0=p.start_date.year() * 12 + (quarter - 1) * 3 - 1,
    )


def persons(treated_persons: ibis.Table, comparison: ibis.Table) -> ibis.Table:
    """Treated persons first (pid 0 .. n_treated - 1), then the comparison persons, each by pseudonym."""
    both = treated_persons.select("pseudonym", "birth_year", is_treated=ibis.literal(True)).union(
        comparison.select("pseudonym", birth_year=comparison.birth_year.cast(treated_persons.birth_year.type()),
                          is_treated=ibis.literal(False)))
    return both.mutate(pid=ibis.row_number().over(order_by=[both.is_treated.desc(), both.pseudonym]))


def runs(person: ibis.Table, jobs: ibis.Table, benefits: ibis.Table, lo: int, hi: int) -> ibis.Table:
    """Every job and benefit as a run of months per person and outcome, clipped to [lo, hi]."""
    spell = jobs.select("pseudonym", "start_date", "end_date", outcome=ibis.literal(0)).union(
        benefits.filter(benefits.type == "WW").select("pseudonym", "start_date", "end_date",
                                                      outcome=ibis.literal(1))).union(
        benefits.select("pseudonym", "start_date", "end_date", outcome=ibis.literal(2)))
    p = person.select(p_pseudonym="pseudonym", pid="pid")
    joined = spell.join(p, spell.pseudonym == p.p_pseudonym)
    run = joined.select("pid", "outcome", first_month=month_number(joined.start_date),
                        last_month=last_month(joined.end_date))
    run = run.filter((run.last_month >= run.first_month) & (run.last_month >= lo) & (run.first_month <= hi))
    return run.select("pid", "outcome", first_month=ibis.greatest(run.first_month, lo),
                      last_month=ibis.least(run.last_month, hi))


def collect_panel_inputs(engine: Engine, pre_months: int, horizon: int) -> tuple[int, int, pa.Table, pa.Table]:
    """(lo, hi, persons with their attributes sorted by pid, runs): what the dense panel is made of."""
    t = engine.materialize(treated(engine.table("participants")))
    person = engine.materialize(persons(t, engine.table("comparison")))
    bounds = engine.collect(t.aggregate(lo=t.m0.min(), hi=t.m0.max()))
    first, last = bounds.column("lo")[0].as_py(), bounds.column("hi")[0].as_py()
    lo, hi = (0, 0) if first is None else (int(first) - pre_months, int(last) + horizon)
    tt = t.select(t_pseudonym="pseudonym", cohort="cohort", m0="m0", category="category",
                  target_group="target_group", tranche="tranche")
    attrs = person.left_join(tt, person.pseudonym == tt.t_pseudonym).select(
        "pid", "birth_year", "is_treated", "cohort", "m0", "category", "target_group", "tranche")
    attrs = engine.collect(attrs).sort_by("pid")
    spells = engine.collect(runs(person, engine.table("jobs"), engine.table("benefits"), lo, hi))
    return lo, hi, attrs, spells
