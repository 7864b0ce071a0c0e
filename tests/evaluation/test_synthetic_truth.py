"""A generated population with known true positions, evaluated end to end.

The generator designs every person's history and can say, for any date, what the person's main job
and benefits are (`SynthEmployment.truth`). Every cell that the evaluation publishes must equal the
count computed from that truth; suppressed cells are the only ones allowed to differ (they show
nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest

from sectorplannen.evaluation.services import run_evaluation
from sectorplannen.evaluation.synth import generate_employment, generate_participants

from . import oracle

DATES = [dt.date(2018, 5, 31), dt.date(2019, 5, 31)]


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synth")
    generate_participants(folder / "deelnemers.csv", 4000, seed=11)
    synth = generate_employment(folder / "deelnemers.csv", folder, seed=12)
    result = run_evaluation(folder / "deelnemers.csv", synth.banen, synth.uitkeringen, DATES, folder / "out")
    return folder, synth, result


def _expected(folder, synth) -> Counter:
    with open(folder / "deelnemers.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for line, row in enumerate(rows, start=2):
        row["_row"] = line
        row["start_date"] = dt.date.fromisoformat(row["start_date"])
    units = oracle.units(rows)
    queries = [(u["pseudonym"], d) for u in units for d in (*DATES, u["start_date"])]
    truth = dict(zip(queries, synth.truth([q[0] for q in queries], [q[1] for q in queries]), strict=True))
    expected: Counter = Counter()
    for u in units:
        start = truth[(u["pseudonym"], u["start_date"])]
        sectors = [s.strip() for s in u["plan_sectors"].split(";") if s.strip()]
        for d in DATES:
            t = truth[(u["pseudonym"], d)]
            if t["employed"]:
                status = ("werknemer_ww" if t["ww"] else
                          "werknemer_overige_uitkering" if t["other_benefit"] else "werknemer")
            else:
                status = "ww" if t["ww"] else "overige_uitkering" if t["other_benefit"] else "overig"
            outcome = {"income_status": status}
            if t["employed"]:
                contract = "vast" if t["contract"] == "vast" else "flexibel"
                outcome["contract"] = contract
                h = t["hours"]
                outcome["hours"] = ("geen_vaste_uren" if h == 0 else "minder_dan_12_uur" if h < 12 else "2_3_dagen"
                                    if h < 28 else "4_dagen" if h < 35 else "voltijd")
                if sectors:
                    outcome["plan_sector"] = "sector_van_plan" if t["sector"] in sectors else "andere_sector"
                    if start["employed"]:
                        mobility = ("zelfde_werkgever" if start["employer"] == t["employer"]
                                    else "andere_werkgever_zelfde_sector" if start["sector"] == t["sector"]
                                    else "andere_sector")
                        outcome["employer_mobility"] = mobility
                        if mobility != "zelfde_werkgever":
                            outcome["contract_job_changers"] = contract
            for table, value in outcome.items():
                for dimension, group in oracle.dimension_groups(u):
                    expected[(table, d, dimension, group, value)] += 1
    return expected


def test_every_published_cell_equals_the_designed_truth(population):
    folder, synth, result = population
    expected = _expected(folder, synth)
    published = [c for c in result.cells if not c.suppressed]
    assert len(published) > 300  # the test must compare something
    wrong = [(c.table, c.measurement_date, c.dimension, c.group, c.outcome, c.n,
              expected.get((c.table, c.measurement_date, c.dimension, c.group, c.outcome), 0))
             for c in published
             if c.n != expected.get((c.table, c.measurement_date, c.dimension, c.group, c.outcome), 0)]
    assert wrong == []
    # and nothing that exists is missing from the tables
    present = {(c.table, c.measurement_date, c.dimension, c.group, c.outcome) for c in result.cells}
    assert {k for k, v in expected.items() if v} <= present


def test_generated_population_is_calibrated(population):
    """Headline shares on 31 May 2019 near the published ones (calibration.md), within sampling noise."""
    folder, synth, _ = population
    counts = _expected(folder, synth)
    day = DATES[-1]

    def share(table, outcomes, dimension="total", group="total"):
        group_total = sum(n for (t, d, dim, g, _), n in counts.items()
                          if (t, d, dim, g) == (table, day, dimension, group))
        return sum(counts[(table, day, dimension, group, o)] for o in outcomes) / group_total

    employed = ("werknemer", "werknemer_ww", "werknemer_overige_uitkering")
    assert share("income_status", employed) == pytest.approx(0.87, abs=0.03)
    assert share("income_status", employed, "category", "training") == pytest.approx(0.89, abs=0.03)
    assert share("income_status", employed, "category", "mobility") == pytest.approx(0.80, abs=0.06)
    assert share("employer_mobility", ["zelfde_werkgever"], "category", "training") == pytest.approx(0.58, abs=0.06)
    assert share("plan_sector", ["sector_van_plan"], "category", "work_placements") == pytest.approx(0.82, abs=0.08)
    assert share("hours", ["voltijd"], "category", "mobility") == pytest.approx(0.57, abs=0.1)
