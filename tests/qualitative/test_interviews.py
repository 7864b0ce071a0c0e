"""Interview notes coded by two evaluators; their agreement as Cohen's kappa."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from sectorplannen.accounts.services import create_user
from sectorplannen.qualitative.interviews import agreement, code_note
from sectorplannen.qualitative.models import InterviewNote
from sectorplannen.qualitative.reports import ReportRefused, current_codebook

pytestmark = pytest.mark.django_db


def test_two_coders_and_their_kappa():
    a = create_user("coder_a", role="evaluator", password="x-correct-horse-1")
    b = create_user("coder_b", role="evaluator", password="x-correct-horse-2")
    notes = [InterviewNote.objects.create(kind="stakeholder", interviewee="beleidsmedewerker",
                                          held_on=dt.date(2018, 5, 1),
                                          text=f"verslag {i}", codebook=current_codebook(), created_by=a)
             for i in range(4)]
    for note, (x, y) in zip(notes, [("agree", "agree"), ("agree", "disagree"), ("disagree", "disagree"),
                                    ("disagree", "disagree")], strict=True):
        code_note(note, a, {"C11a": x, "C9": ["trust"]})
        code_note(note, b, {"C11a": y, "C9": ["trust"] if x == y else ["urgency"]})
    single = agreement("C11a")
    assert single.notes == 4 and single.kappa == Fraction(1, 2)
    multi = {c.code: c for c in agreement("C9").codes}
    assert multi["trust"].agreed == 3 and multi["urgency"].agreed == 3
    with pytest.raises(ReportRefused):
        code_note(notes[0], a, {"C11a": "no_such_code"})
