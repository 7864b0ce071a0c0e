"""A codebook version as plain values, and the checks of answers against it (no database).

The stored JSON (``CodebookVersion.document``) is parsed into frozen dataclasses; ``CodebookError``
names the first problem. Answers are dicts ``{question id: value}``: a code (single), a list of
codes (multi), a number as text (int, eur, pct) or text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

KINDS = ("single", "multi", "int", "eur", "pct", "text")
LEVELS = ("measure", "plan", "partner")
TRANCHE_GROUPS = ("T1/2", "T3")


class CodebookError(ValueError):
    """The document of a codebook version is incomplete or inconsistent."""


@dataclass(frozen=True)
class Category:
    code: str
    nl: str
    en: str
    lines: str

    def label(self, language: str = "nl") -> str:
        return self.en if language == "en" else self.nl


@dataclass(frozen=True)
class AnswerList:
    key: str
    nl: str
    en: str
    lines: str
    categories: tuple[Category, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)


@dataclass(frozen=True)
class Question:
    id: str
    block: str
    level: str
    kind: str
    list: str | None
    nl: str
    en: str
    required: bool = False
    when: dict = field(default_factory=dict)
    tranches: str | None = None
    max: int | None = None
    exclusive: str | None = None
    feeds: str = ""

    def text(self, language: str = "nl") -> str:
        return self.en if language == "en" else self.nl


@dataclass(frozen=True)
class Codebook:
    version: int
    title: str
    lists: dict[str, AnswerList]
    goals: dict[str, AnswerList]
    indicators: dict[str, tuple[str, ...]]
    questions: tuple[Question, ...]

    @classmethod
    def from_document(cls, doc: dict) -> Codebook:
        try:
            return _parse(doc)
        except CodebookError:
            raise
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise CodebookError(f"missing or malformed entry: {exc!r}") from exc

    def question(self, qid: str) -> Question:
        return self._by_id[qid]

    @property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def questions_of(self, level: str, block: str | None = None) -> list[Question]:
        return [q for q in self.questions if q.level == level and (block is None or q.block == block)]

    def answer_list(self, question: Question, theme: str | None = None) -> AnswerList | None:
        if question.list is None:
            return None
        if question.list == "goals":
            return self.goals.get(theme or "")
        return self.lists[question.list]

    def label(self, list_key: str, code: str, language: str = "nl") -> str:
        found = self.lists[list_key] if not list_key.startswith("goals.") else self.goals[list_key[6:]]
        for c in found.categories:
            if c.code == code:
                return c.label(language)
        return code


def _list(key: str, spec: dict) -> AnswerList:
    cats = tuple(Category(c["code"], c["nl"], c["en"], c.get("lines", "")) for c in spec["categories"])
    codes = [c.code for c in cats]
    if not cats:
        raise CodebookError(f"list {key}: no categories")
    if len(set(codes)) != len(codes):
        raise CodebookError(f"list {key}: a code appears twice")
    if any(not c.code or not c.nl or not c.en for c in cats):
        raise CodebookError(f"list {key}: every category needs a code, a Dutch and an English label")
    return AnswerList(key, spec.get("nl", key), spec.get("en", key), spec.get("lines", ""), cats)


def _parse(doc: dict) -> Codebook:
    lists = {k: _list(k, v) for k, v in doc["lists"].items()}
    goals = {theme: _list(f"goals.{theme}", {"nl": theme, "en": theme, "categories": rows})
             for theme, rows in doc.get("goals", {}).items()}
    known_goals = {c.code for g in goals.values() for c in g.categories}
    indicators = {g: tuple(v) for g, v in doc.get("indicators", {}).items()}
    if set(indicators) - known_goals:
        raise CodebookError(f"indicators for unknown goals: {sorted(set(indicators) - known_goals)}")
    questions = []
    for q in doc["questions"]:
        question = Question(q["id"], q["block"], q["level"], q["kind"], q.get("list"), q["nl"], q["en"],
                            bool(q.get("required", False)), dict(q.get("when", {})), q.get("tranches"),
                            q.get("max"), q.get("exclusive"), q.get("feeds", ""))
        if question.kind not in KINDS or question.level not in LEVELS:
            raise CodebookError(f"question {question.id}: unknown kind or level")
        if question.kind in ("single", "multi") and question.list not in (*lists, "goals"):
            raise CodebookError(f"question {question.id}: unknown answer list {question.list!r}")
        if question.tranches not in (None, *TRANCHE_GROUPS):
            raise CodebookError(f"question {question.id}: tranches must be one of {TRANCHE_GROUPS}")
        questions.append(question)
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise CodebookError("a question id appears twice")
    for q in questions:
        for other in q.when:
            if other != "_below_plan" and other not in ids:
                raise CodebookError(f"question {q.id}: condition on unknown question {other}")
    return Codebook(int(doc["version"]), doc.get("title", ""), lists, goals, indicators, tuple(questions))


def valid_number(kind: str, value) -> bool:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return False
    if kind == "int":
        return number == number.to_integral_value() and number >= 0
    if kind == "pct":
        return 0 <= number <= 100
    return number >= 0 and number == number.quantize(Decimal("0.01"))
