"""Forms of the final report, built from the codebook's questions (one field per question)."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sectorplannen.common.forms import PortalForm
from sectorplannen.qualitative.checks import Context, Problem, asked
from sectorplannen.qualitative.codebook import Codebook, Question


def language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _condition_text(book: Codebook, q: Question) -> str:
    lang = language()
    parts = []
    for other, codes in q.when.items():
        if other.startswith("_"):
            continue
        source = book.question(other)
        labels = ", ".join(f"‘{book.label(source.list, c, lang)}’" for c in codes)
        parts.append(_("Alleen als u bij ‘%(question)s’ %(labels)s koos.") % {"question": source.text(lang),
                                                                              "labels": labels})
    return " ".join(parts)


def _field(book: Codebook, q: Question, theme: str | None) -> forms.Field:
    lang = language()
    help_bits = [_condition_text(book, q)]
    if q.required:
        help_bits.append(_("Verplicht bij indienen."))
    if q.max:
        help_bits.append(_("Kies er ten hoogste %(max)d.") % {"max": q.max})
    help_text = " ".join(b for b in help_bits if b)
    if q.kind in ("single", "multi"):
        answer_list = book.answer_list(q, theme)
        choices = [(c.code, c.label(lang)) for c in answer_list.categories]
        if q.kind == "single":
            return forms.ChoiceField(label=q.text(lang), choices=choices, required=False, widget=forms.RadioSelect,
                                     help_text=help_text)
        return forms.MultipleChoiceField(label=q.text(lang), choices=choices, required=False,
                                         widget=forms.CheckboxSelectMultiple, help_text=help_text)
    if q.kind == "text":
        return forms.CharField(label=q.text(lang), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=help_text, max_length=4000)
    return forms.CharField(label=q.text(lang), required=False, help_text=help_text, max_length=20,
                           widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class AnswersForm(PortalForm):
    """The questions of one block (plan level) or of one measure (block B) that apply to it."""

    def __init__(self, book: Codebook, questions: list[Question], ctx: Context, answers: dict, *args, **kwargs):
        self.questions = [q for q in questions if _shown(q, ctx) and (q.list != "goals" or book.goals.get(ctx.theme))]
        self.base_fields = {q.id: _field(book, q, ctx.theme) for q in self.questions}  # styled by PortalForm
        super().__init__(*args, initial=answers, **kwargs)

    def answers(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", [], None)}

    def add_problems(self, problems: list[Problem]) -> None:
        for p in problems:
            if p.question in self.fields:
                self.add_error(p.question, p.message)
        self.mark_invalid()


def _shown(q: Question, ctx: Context) -> bool:
    """Questions that depend on the computed shortfall or the tranche are shown only where they apply;
    those that depend on another answer are shown with their condition (the check enforces it)."""
    computed = {k: v for k, v in q.when.items() if k.startswith("_")}
    probe = Question(q.id, q.block, q.level, q.kind, q.list, q.nl, q.en, when=computed, tranches=q.tranches)
    return asked(probe, {}, ctx)
