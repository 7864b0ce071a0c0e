"""The SQL pipeline against a plain-Python reading of §6 on random small populations (hypothesis)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import oracle
from .helpers import counts, pid

DATES = [dt.date(2018, 5, 31), dt.date(2019, 5, 31)]
DAYS = [dt.date(2015, 1, 1), dt.date(2016, 6, 1), dt.date(2018, 5, 30), dt.date(2018, 5, 31), dt.date(2018, 6, 1),
        dt.date(2019, 5, 30), dt.date(2019, 5, 31), dt.date(2019, 6, 1)]
PLANS = [("Bouw", "Bouw;Infra", "sectoral", "1"), ("Regio", "", "regional", "1-2"), ("Zorg", "Zorg", "regional", "3")]

day = st.sampled_from(DAYS)
registration = st.fixed_dictionaries({
    "plan": st.sampled_from(PLANS), "category": st.sampled_from(["training", "mobility"]),
    "measure_type": st.sampled_from(["general_training", "evc", ""]),
    "target_group": st.sampled_from(["working_in_sector", "student", ""]),
    "start_date": st.sampled_from(DAYS[:3]),
})
job = st.fixed_dictionaries({
    "employer": st.sampled_from(["1", "9", "10", "E1", "E2"]), "sector": st.sampled_from(["Bouw", "Infra", "Zorg"]),
    "start_date": day, "length": st.sampled_from([None, 0, 1, 400, 2000]),
    "contract": st.sampled_from(["vast", "tijdelijk", "oproep", "uitzend"]),
    "hours": st.sampled_from([None, 0.0, 8.0, 12.0, 27.5, 28.0, 35.0, 38.0]),
})
benefit = st.fixed_dictionaries({"type": st.sampled_from(["WW", "bijstand", "AO", "overig"]), "start_date": day,
                                 "length": st.sampled_from([None, 0, 30, 400])})
person = st.fixed_dictionaries({"registrations": st.lists(registration, min_size=1, max_size=3),
                                "jobs": st.lists(job, max_size=4), "benefits": st.lists(benefit, max_size=2)})


def _end(start, length):
    return None if length is None else start + dt.timedelta(days=length)


def _text(value):
    return "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person, min_size=1, max_size=6))
def test_pipeline_matches_the_plain_reading_of_the_definitions(people):
    participants, jobs, benefits = [], [], []
    for i, p in enumerate(people):
        for r in p["registrations"]:
            plan, sectors, kind, tranche = r["plan"]
            participants.append({"pseudonym": pid(i), "plan": plan, "tranche": tranche, "plan_kind": kind,
                                 "plan_sectors": sectors, "category": r["category"], "measure": "M1",
                                 "measure_type": r["measure_type"], "target_group": r["target_group"],
                                 "start_date": r["start_date"], "end_date": None})
        for j in p["jobs"]:
            jobs.append({"pseudonym": pid(i), "employer": j["employer"], "sector": j["sector"],
                         "start_date": j["start_date"], "end_date": _end(j["start_date"], j["length"]),
                         "contract": j["contract"], "hours": j["hours"]})
        for b in p["benefits"]:
            benefits.append({"pseudonym": pid(i), "type": b["type"], "start_date": b["start_date"],
                             "end_date": _end(b["start_date"], b["length"])})
    # exact duplicate rows would be rejected by the reader: keep the first, as it does
    jobs = [j for k, j in enumerate(jobs) if j not in jobs[:k]]
    benefits = [b for k, b in enumerate(benefits) if b not in benefits[:k]]
    participants = [r for k, r in enumerate(participants) if r not in participants[:k]]
    for rows in (participants, jobs, benefits):
        for line, row in enumerate(rows, start=2):
            row["_row"] = line
    expected = oracle.tables(participants, jobs, benefits, DATES)

    def as_text(rows, extra=()):
        return [{k: _text(v) for k, v in r.items() if k != "_row"} | dict(extra) for r in rows]

    folder = Path(tempfile.mkdtemp(prefix="eval-oracle-"))
    try:
        got = counts(folder, as_text(participants, {"age_at_start": "30"}),
                     [{**{k: _text(v) for k, v in j.items() if k not in ("_row", "hours")},
                       "hours_per_week": _text(j["hours"])} for j in jobs],
                     as_text(benefits), DATES)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert {k: v for k, v in got.items() if v} == dict(expected)
