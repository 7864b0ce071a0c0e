"""The evaluator's interview notes, coded against the codebook; agreement between two coders; and
the codes the tabulations use: those two coders agree on, or the one coder's where only one coded."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from sectorplannen.audit.services import record

from .agreement import CodeAgreement, cohen_kappa, per_code
from .checks import Context, Problem, check_answers
from .models import Coding, InterviewNote
from .permissions import can_code_interviews
from .reports import ReportRefused, current_codebook

CODABLE_KINDS = ("single", "multi")


def codable_questions(book, block: str) -> list:
    """The questions of a block an interview can be coded on: those with an answer list (not the goals,
    which belong to a measure's theme)."""
    return [q for q in book.questions if q.block == block and q.kind in CODABLE_KINDS and q.list != "goals"]


PLAN_KINDS = ("project_leader", "group")


def note_problems(kind: str, plan) -> list[Problem]:
    """A project-leader or group interview is about one plan: it must name it."""
    if kind in PLAN_KINDS and plan is None:
        return [Problem("plan", "plan_required", _("Kies het plan waar dit gesprek over ging."))]
    return []


def record_note(*, kind: str, interviewee: str, held_on, text: str, plan=None, author) -> InterviewNote:
    """A new interview note under the current codebook (the evaluator only)."""
    ok, why = can_code_interviews(author)
    if not ok:
        raise ReportRefused([Problem("", "not_allowed", why)])
    problems = note_problems(kind, plan)
    if problems:
        raise ReportRefused(problems)
    note = InterviewNote.objects.create(kind=kind, interviewee=interviewee, held_on=held_on, text=text, plan=plan,
                                        codebook=current_codebook(), created_by=author)
    record("interview_note_recorded", actor=author, plan=plan, note=note.pk, kind=kind)
    return note


def own_codes(note: InterviewNote, coder) -> dict:
    """What this coder gave (a second coder never sees the first one's codes)."""
    book = note.codebook.codebook
    out = {}
    for c in Coding.objects.filter(note=note, coder=coder):
        q = book.question(c.question)
        out[c.question] = c.codes if q.kind == "multi" else (c.codes[0] if c.codes else "")
    return out


def coders_of(note: InterviewNote) -> int:
    return Coding.objects.filter(note=note).values("coder").distinct().count()


def reconciled(plan_ids) -> dict[int, dict]:
    """Per plan: the codes its project-leader and group interviews give a question, where the coders
    agree (or one coder coded it); for the tabulations, beside the final reports."""
    by_note: dict[tuple[int, str], list[Coding]] = {}
    notes = InterviewNote.objects.filter(plan_id__in=plan_ids, kind__in=["project_leader", "group"])
    for c in Coding.objects.filter(note__in=notes).select_related("note__codebook"):
        by_note.setdefault((c.note_id, c.question), []).append(c)
    out: dict[int, dict] = {}
    for (_note, qid), codings in sorted(by_note.items()):
        if len({tuple(sorted(c.codes)) for c in codings}) != 1:
            continue  # the coders disagree: not used until they agree
        c = codings[0]
        q = c.note.codebook.codebook.question(qid)
        if q.level != "plan":
            continue  # a measure's answers come from its final report only
        out.setdefault(c.note.plan_id, {}).setdefault(qid, c.codes if q.kind == "multi" else c.codes[0])
    return out


@transaction.atomic
def code_note(note: InterviewNote, coder, answers: dict, *, block: str | None = None) -> list[Coding]:
    """Store one coder's codes for the note (question id → codes), checked against the note's codebook;
    with ``block``, that coder's codes of the block's other questions are cleared (left blank)."""
    ok, why = can_code_interviews(coder)
    if not ok:
        raise ReportRefused([Problem("", "not_allowed", why)])
    book = note.codebook.codebook
    questions = [book.question(q) for q in answers]
    problems = check_answers(book, questions, answers, Context("T1/2"), complete=False)
    problems = [p for p in problems if p.code not in ("not_asked", "not_below_plan")]  # an interview may cover any
    if problems:
        raise ReportRefused(problems)
    out = []
    if block is not None:
        Coding.objects.filter(note=note, coder=coder, question__in=[q.id for q in book.questions if q.block == block]
                              ).exclude(question__in=list(answers)).delete()
    for qid, value in answers.items():
        coding, _created = Coding.objects.update_or_create(
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


def agreement_table() -> list[QuestionAgreement]:
    """Agreement for every question that at least one note has two coders for, in codebook order."""
    coded = set(Coding.objects.values_list("question", flat=True))
    out = []
    for q in current_codebook().codebook.questions:
        if q.id in coded:
            found = agreement(q.id)
            if found.notes:
                out.append(found)
    return out
