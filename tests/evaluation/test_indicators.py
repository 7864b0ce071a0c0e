"""The additional outcome indicators (evaluation/indicators.py): benefit types separately, income
status by age group and by trajectory × plan kind, mean age, under the same disclosure control."""

from __future__ import annotations

import csv

from sectorplannen.evaluation.disclosure import Cell
from sectorplannen.evaluation.indicators import _relations, protect
from sectorplannen.evaluation.services import run_evaluation

from .helpers import benefit, job, participant, write_inputs


def _read(path) -> dict[tuple[str, str, str], dict]:
    with path.open() as fh:
        return {(r["dimension"], r["group"], r["outcome"]): r for r in csv.DictReader(fh)}


def test_benefit_types_age_groups_and_trajectories(tmp_path):
    people, jobs, benefits = [], [], []
    for i in range(60):  # 20 young, 20 middle, 20 older; tranche 3, WW trajectory, half regional
        p = participant(i, tranche="3", category="ww_to_work", measure="ww_to_work", measure_type="ww_to_work",
                        plan="P" if i % 2 else "Q", plan_kind="regional" if i % 2 else "sectoral")
        p["age_at_start"] = str(20 + (i // 20) * 20)  # 20, 40, 60
        people.append(p)
        if i < 45:
            jobs.append(job(i))
        if i % 3 == 0:
            benefits.append(benefit(i, "AO"))
        if i % 4 == 0:
            benefits.append(benefit(i, "WW"))
        if i % 5 == 0:
            benefits.append(benefit(i, "bijstand"))
    files = write_inputs(tmp_path / "in", people, jobs, benefits)
    run_evaluation(*files, ["2019-05-31"], tmp_path / "out")
    ao = _read(tmp_path / "out" / "benefit_ao.csv")
    assert ao[("total", "total", "met_ao")]["n"] == "20" and ao[("total", "total", "zonder_ao")]["n"] == "40"
    assert _read(tmp_path / "out" / "benefit_ww.csv")[("total", "total", "met_ww")]["n"] == "15"
    assert _read(tmp_path / "out" / "benefit_bijstand.csv")[("total", "total", "met_bijstand")]["n"] == "12"
    by_age = _read(tmp_path / "out" / "income_status_by_age.csv")
    young = [int(by_age[("age_group", "jongeren", o)]["n"] or 0) for o in
             ("werknemer", "werknemer_ww", "werknemer_overige_uitkering", "ww", "overige_uitkering", "overig")]
    assert sum(young) <= 20 and ("age_group", "ouderen", "werknemer") in by_age
    assert ("category_x_plan_kind", "ww_to_work|regional", "werknemer") in by_age
    with (tmp_path / "out" / "mean_age.csv").open() as fh:
        mean = {(r["dimension"], r["group"]): r for r in csv.DictReader(fh)}
    assert mean[("total", "total")]["mean_age"] == "40.0" and mean[("total", "total")]["n"] == "60"
    # the §6 tables are untouched by the indicators
    with (tmp_path / "out" / "income_status.csv").open() as fh:
        assert next(csv.reader(fh)) == ["measurement_date", "dimension", "group", "outcome", "n", "share",
                                        "suppressed"]


def test_disclosure_leaves_no_sum_with_one_hidden_member():
    cells = []
    for grp, (met, zonder) in {"jongeren": (3, 40), "middengroep": (25, 60), "ouderen": (12, 30),
                                "onbekend": (0, 0)}.items():
        cells += [Cell("benefit_ao", "age_group", grp, "met_ao", met), Cell("benefit_ao", "age_group", grp,
                                                                            "zonder_ao", zonder)]
    cells += [Cell("benefit_ao", "total", "total", "met_ao", 40), Cell("benefit_ao", "total", "total",
                                                                       "zonder_ao", 130)]
    hidden = protect(cells)
    assert hidden[("benefit_ao", "age_group", "jongeren", "met_ao")] == "small_cell"
    for whole, parts in _relations(cells):
        members = parts + ([whole] if whole else [])
        unknown = [k for k in members if k in hidden]
        assert len(unknown) != 1 or all(c.n == 0 for c in cells if c.key in members and c.key not in hidden)
