"""The codebook as data: complete, validated, versioned in the database."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sectorplannen.qualitative.builtin import CODEBOOKS
from sectorplannen.qualitative.codebook import Codebook, CodebookError
from sectorplannen.qualitative.models import CodebookVersion

DOC = Path(__file__).resolve().parents[2] / ".." / "shared" / "docs" / "qualitative.md"


def test_every_category_has_code_labels_and_line():
    book = Codebook.from_document(CODEBOOKS[1])
    for answer_list in [*book.lists.values(), *book.goals.values()]:
        for c in answer_list.categories:
            assert c.code and c.nl and c.en and c.lines, (answer_list.key, c)
    assert set(book.goals) == {
        "mobility", "career_check", "training", "work_placements", "health", "other"}


def test_every_coding_frame_of_the_design_basis_has_a_list():
    frames = set(re.findall(r"\*\*(C-[A-Z-]+):", DOC.read_text(encoding="utf-8")))
    lists = {v["nl"] for v in CODEBOOKS[1]["lists"].values()}
    named = {f for f in frames if any(f"({f})" in title for title in lists)}
    # C-PSUCC, C-PBOTT etc. are named in their list titles; every frame of §2 is covered
    assert frames and frames == named


def test_every_question_of_the_questionnaire_is_there():
    text = DOC.read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| ([BCDP]\d+)[a-c\s(|]", text, flags=re.M))
    book = Codebook.from_document(CODEBOOKS[1])
    have = {m.group() for q in book.questions if (m := re.match(r"[A-Z]\d+", q.id))}
    assert ids and ids <= have


@pytest.mark.parametrize("breaks", [
    lambda d: d["lists"]["execution"]["categories"].append({"code": "changed", "nl": "x", "en": "x"}),
    lambda d: d["questions"][1].update(list="no_such_list"),
    lambda d: d["questions"][1].update(when={"Z9": ["x"]}),
    lambda d: d["indicators"].update(no_goal=["income_status:ww"]),
    lambda d: d["lists"]["execution"]["categories"][0].update(en=""),
])
def test_inconsistent_document_is_refused(breaks):
    doc = copy.deepcopy(CODEBOOKS[1])
    breaks(doc)
    with pytest.raises(CodebookError):
        Codebook.from_document(doc)


@pytest.mark.django_db
def test_builtin_version_is_loaded_and_a_category_is_added_as_a_new_version():
    v1 = CodebookVersion.objects.get(version=1)
    assert v1.codebook.lists["change"].codes[0] == "stopped_low_numbers"
    doc = copy.deepcopy(v1.document)
    doc["version"] = 2
    doc["lists"]["change"]["categories"].append(
        {"code": "duration", "nl": "Looptijd", "en": "Duration", "lines": "L1118"})
    v2 = CodebookVersion.objects.create(version=2, title="v2", document=doc)
    assert "duration" in v2.codebook.lists["change"].codes
    assert "duration" not in CodebookVersion.objects.get(version=1).codebook.lists["change"].codes
    doc["version"] = 3
    with pytest.raises(ValidationError):
        CodebookVersion.objects.create(version=4, title="wrong number", document=doc)
