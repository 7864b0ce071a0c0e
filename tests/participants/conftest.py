"""Fixtures for the participant registry: plans, runtime BSNs and upload files.

BSNs are made at run time (random digits plus the fitting check digit) or are official test numbers;
none is written in this repository."""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest

from sectorplannen.participants.synth import BsnSource
from sectorplannen.plans.models import Plan

from ..factories import DeclarationLineFactory, FinalDeclarationFactory, MeasureFactory, PlanFactory

DUTCH_HEADER = ["maatregel", "bsn", "geboortedatum", "startdatum", "einddatum", "doelgroep", "werkgever"]
ENGLISH_HEADER = ["measure", "bsn", "birth_date", "start_date", "end_date", "target_group", "employer_id"]


@pytest.fixture
def new_bsns():
    """``new_bsns(n)``: n distinct valid BSNs made now (never an official test number)."""
    source = BsnSource(random.Random(20240101))
    return lambda n: [source() for _ in range(n)]


def make_plan(name: str = "Testplan Bouw", tranche: int = 2, measures=None, **extra) -> Plan:
    plan = PlanFactory(
        name=name, tranche_number=tranche, kind=extra.pop("kind", "sectoral"),
        sectors=extra.pop("sectors", ["Bouw", "Infra"]), start_date=extra.pop("start_date", dt.date(2014, 7, 1)),
        end_date=extra.pop("end_date", dt.date(2016, 6, 30)), submitted_on=None, **extra,
    )
    for code, category, mtype, individual in measures or [
        ("M01", "training", "general_training", True),
        ("M02", "work_placements", "work_placement", True),
        ("M03", "other", "research", False),
    ]:
        MeasureFactory(plan=plan, code=code, category=category, measure_type=mtype,
                       planned_costs_eur=Decimal("100000"), individual_registration=individual)
    return plan


def declare(plan: Plan, realised: dict[str, int | None]) -> None:
    declaration = FinalDeclarationFactory(plan=plan, submitted_on=dt.date(2016, 9, 1))
    for code, n in realised.items():
        DeclarationLineFactory(declaration=declaration, measure=plan.measures.get(code=code),
                               realised_participants=n, eligible_costs_eur=Decimal("1000"))


@pytest.fixture
def plan(db) -> Plan:
    return make_plan()


def row(bsn: str, measure: str = "M01", birth: str = "1980-02-01", start: str = "2015-04-01", end: str = "",
        group: str = "working_in_sector", employer: str = "") -> list[str]:
    """One upload row in the column order of the headers above."""
    return [measure, bsn, birth, start, end, group, employer]


def write_csv(path: Path, rows, *, header=ENGLISH_HEADER, delimiter: str = ",", bom: bool = False) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows, *, header=ENGLISH_HEADER) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def read_errors(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def measures_of(plan: Plan) -> list[tuple[str, str, str, bool]]:
    return [(m.code, m.category, m.measure_type, m.individual_registration) for m in plan.measures.order_by("code")]
