"""The evaluator's interview notes, coded against the codebook; agreement between two coders."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .agreement import CodeAgreement, cohen_kappa, per_code
from .checks import Context, check_answers
from .models import Coding, InterviewNote
from .reports import ReportRefused, current_codebook


@transaction.atomic
def code_note(note: InterviewNote, coder, answers: dict) -> list[Coding]:
    """Store one coder's codes for the note (question id → codes), checked against the note's codebook."""
    book = note.codebook.codebook
    questions = [book.question(q) for q in answers]
    problems = check_answers(book, questions, answers, Context("T1/2"), complete=False)
    problems = [p for p in problems if p.code not in ("not_asked", "not_below_plan")]  # an interview may cover any
    if problems:
        raise ReportRefused(problems)
    out = []
    for qid, value in answers.items():
        coding, _ = Coding.objects.update_or_create(
            note=note, coder=coder, question=qid, defaults={"codes": value if isinstance(value, list) else [value]})
        out.append(coding)
    return out


@dataclass(frozen=True)
class QuestionAgreement:
    question: str
    notes: int
    kappa: object  # Fraction | None, for single-code questions
    codes: tuple[CodeAgreement, ...]  # per code, for multi-code questions


def agreement(question: str) -> QuestionAgreement:
    """Cohen's kappa over the notes that exactly two coders coded on ``question``."""
    by_note: dict[int, list[Coding]] = {}
    for c in Coding.objects.filter(question=question).order_by("note_id", "coder_id"):
        by_note.setdefault(c.note_id, []).append(c)
    pairs = [cs for cs in by_note.values() if len(cs) == 2]
    first, second = [p[0].codes for p in pairs], [p[1].codes for p in pairs]
    book = current_codebook().codebook
    q = book.question(question)
    if q.kind == "multi":
        codes = book.lists[q.list].codes
        return QuestionAgreement(question, len(pairs), None, tuple(per_code(first, second, codes)))
    return QuestionAgreement(question, len(pairs), cohen_kappa([a[0] for a in first], [b[0] for b in second]), ())
