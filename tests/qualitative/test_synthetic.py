"""The synthetic final reports reproduce every printed value of §3(c) within its band, and are
themselves valid answers (the same checks a project leader's report passes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sectorplannen.qualitative.builtin import CODEBOOKS
from sectorplannen.qualitative.checks import Context, check_answers
from sectorplannen.qualitative.codebook import Codebook
from sectorplannen.qualitative.specs import published_specs
from sectorplannen.qualitative.synth import synthesise
from sectorplannen.qualitative.tabulate import tabulate

from .frames import reference_frame

DOC = Path(__file__).resolve().parents[2] / ".." / "shared" / "docs" / "qualitative.md"
BOOK = Codebook.from_document(CODEBOOKS[1])


@pytest.fixture(scope="module", params=[2013, 7])
def answered(request):
    plans = reference_frame()
    synthesise(plans, BOOK, published_specs(), seed=request.param)
    return plans


def test_every_tabulation_of_the_design_basis_is_in_the_data_file():
    section = DOC.read_text(encoding="utf-8").split("## 3(c)")[1].split("## 4.")[0]
    printed = set()
    for first, last in re.findall(r"^\| (T-\d\d)(?:…(T-\d\d))? \|", section, flags=re.M):
        lo, hi = int(first[2:]), int((last or first)[2:])
        printed |= {f"T-{i:02d}" for i in range(lo, hi + 1)}
    have = {re.match(r"T-\d\d", s.id).group() for s in published_specs()}
    assert len(printed) > 60 and printed == have


def test_published_values_are_reproduced(answered):
    misses = []
    for spec in published_specs():
        result = tabulate(spec, answered)
        if result.meets_published() is not True:
            misses.append(f"{spec.id}: {result.k}/{result.n} expected {spec.expect} ({spec.printed})")
    assert not misses


def test_synthetic_reports_pass_the_final_report_checks(answered):
    problems = []
    for plan in answered:
        problems += check_answers(BOOK, BOOK.questions_of("plan"), plan.answers, Context(plan.tranche_group))
        for m in plan.measures:
            ctx = Context(plan.tranche_group, m.theme, m.below_plan)
            problems += check_answers(BOOK, BOOK.questions_of("measure"), m.answers, ctx, measure=m.key)
    assert not problems, problems[:5]
