"""A plain-Python reading of formats.md §6, written independently of the SQL, to test it against.

Slow (a loop over people and jobs) and only for small inputs. Rows are dicts with typed values:
dates as `datetime.date` (end `None` when empty), hours as float or `None`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

EMPLOYED = ("werknemer", "werknemer_ww", "werknemer_overige_uitkering")


def employer_key(employer: str) -> tuple:
    """Numeric employer ids compare as numbers and come first; other ids compare as text."""
    if employer.isdigit():
        return (0, int(employer), "")
    return (1, 0, employer)


def active(row: dict, day: dt.date) -> bool:
    return row["start_date"] <= day and (row["end_date"] is None or row["end_date"] >= day)


def main_job(jobs: list[dict], day: dt.date) -> dict | None:
    candidates = [j for j in jobs if active(j, day)]
    if not candidates:
        return None
    return min(candidates, key=lambda j: (-(j["hours"] or 0), j["start_date"], employer_key(j["employer"]),
                                          j["sector"], j["contract"], j["_row"]))


def units(participants: list[dict]) -> list[dict]:
    """One per (pseudonym, plan, category): the earliest registration (first in the file on a tie)."""
    chosen: dict[tuple, dict] = {}
    for row in participants:
        key = (row["pseudonym"], row["plan"], row["category"])
        if key not in chosen or (row["start_date"], row["_row"]) < (chosen[key]["start_date"], chosen[key]["_row"]):
            chosen[key] = row
    return list(chosen.values())


def dimension_groups(unit: dict) -> list[tuple[str, str]]:
    def value(name):
        return unit[name] or "onbekend"

    return [("total", "total"), ("tranche", value("tranche")), ("category", unit["category"]),
            ("measure_type", value("measure_type")), ("target_group", value("target_group")),
            ("plan_kind", value("plan_kind")),
            ("category_x_target_group", f"{unit['category']}|{value('target_group')}")]


def classify(unit: dict, jobs: list[dict], benefits: list[dict], day: dt.date) -> dict[str, str | None]:
    main = main_job(jobs, day)
    start = main_job(jobs, unit["start_date"])
    ww = any(b["type"] == "WW" and active(b, day) for b in benefits)
    other = any(b["type"] != "WW" and active(b, day) for b in benefits)
    if main:
        status = "werknemer_ww" if ww else "werknemer_overige_uitkering" if other else "werknemer"
    else:
        status = "ww" if ww else "overige_uitkering" if other else "overig"
    sectors = [s.strip() for s in unit["plan_sectors"].split(";") if s.strip()]
    out: dict[str, str | None] = {"income_status": status, "employer_mobility": None, "plan_sector": None,
                                  "contract": None, "contract_job_changers": None, "hours": None}
    if main:
        contract = "vast" if main["contract"] == "vast" else "flexibel"
        out["contract"] = contract
        h = main["hours"] or 0
        out["hours"] = ("geen_vaste_uren" if h == 0 else "minder_dan_12_uur" if h < 12 else "2_3_dagen" if h < 28
                        else "4_dagen" if h < 35 else "voltijd")
        if sectors:
            out["plan_sector"] = "sector_van_plan" if main["sector"] in sectors else "andere_sector"
            if start:
                mobility = ("zelfde_werkgever" if start["employer"] == main["employer"]
                            else "andere_werkgever_zelfde_sector" if start["sector"] == main["sector"]
                            else "andere_sector")
                out["employer_mobility"] = mobility
                if mobility != "zelfde_werkgever":
                    out["contract_job_changers"] = contract
    return out


def tables(participants: list[dict], jobs: list[dict], benefits: list[dict],
           dates: list[dt.date]) -> Counter:
    """{(table, date, dimension, group, outcome): n} for every non-zero count."""
    jobs_of: dict[str, list[dict]] = {}
    for j in jobs:
        jobs_of.setdefault(j["pseudonym"], []).append(j)
    benefits_of: dict[str, list[dict]] = {}
    for b in benefits:
        benefits_of.setdefault(b["pseudonym"], []).append(b)
    result: Counter = Counter()
    for unit in units(participants):
        for day in dates:
            outcome = classify(unit, jobs_of.get(unit["pseudonym"], []), benefits_of.get(unit["pseudonym"], []), day)
            for table, value in outcome.items():
                if value is None:
                    continue
                for dimension, group in dimension_groups(unit):
                    result[(table, day, dimension, group, value)] += 1
    return result
