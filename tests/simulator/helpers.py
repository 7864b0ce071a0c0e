"""Plan cases built by hand, and the example scenarios parsed against the built-in scheme versions."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

from sectorplannen.finance.settlement import MeasureInput, SettlementInput
from sectorplannen.schemes.builtin import SCHEMES
from sectorplannen.schemes.rules import SchemeRules
from sectorplannen.simulator.cases import PlanCase
from sectorplannen.simulator.replay import baseline_scenario
from sectorplannen.simulator.scenario import parse_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "scenarios"
SETTLED_ON = dt.date(2019, 6, 1)  # the amended tiers: 15 % to € 1 mln, 7 % to € 10 mln, 1 % above


def example(name: str):
    document = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return parse_scenario(document, SCHEMES)


def scenario(changes: dict, **extra):
    return parse_scenario({"name": "proef", "changes": changes, **extra}, SCHEMES)


def baseline():
    return baseline_scenario({code: SchemeRules.from_parameters(code, p) for code, p in SCHEMES.items()})


def measure(code="M1", mtype="general_training", planned_p=100, realised_p=100, planned="100000", eligible="100000"):
    return MeasureInput(code, mtype, planned_p, realised_p, D(planned), D(eligible))


def case(*measures, name="Plan A", max_subsidy=None, tranche="1-2", kind="sectoral", sector="Bouw",
         scheme="sectorplannen-2013") -> PlanCase:
    cap = D(max_subsidy) if max_subsidy is not None else None
    return PlanCase(key=name, name=name, tranche=tranche, kind=kind, sector=sector, scheme=scheme,
                    input=SettlementInput(tuple(measures), cap, tiers_on=SETTLED_ON))
