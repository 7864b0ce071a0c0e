"""The evaluator's interview notes: record a stakeholder, project-leader or group interview as text,
code it against the codebook block by block (each coder sees only their own codes), and read the
agreement of two coders (Cohen's kappa per question, per code for multi-code questions)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sectorplannen.common.forms import PortalForm
from sectorplannen.plans.models import Plan
from sectorplannen.qualitative import interviews
from sectorplannen.qualitative import permissions as qperm
from sectorplannen.qualitative.checks import Context
from sectorplannen.qualitative.models import InterviewNote
from sectorplannen.qualitative.reports import ReportRefused, current_codebook

from ..forms.common import DateInput
from ..report_forms import AnswersForm, language
from .common import require

KINDS = [("stakeholder", gettext_lazy("Stakeholder (organisatie, geen naam)")),
         ("project_leader", gettext_lazy("Projectleider van een plan")),
         ("group", gettext_lazy("Groepsgesprek met partners van een plan"))]
BLOCK_TITLES = {"A": gettext_lazy("A. Het plan"), "B": gettext_lazy("B. Maatregelen"),
                "C": gettext_lazy("C. Het samenwerkingsverband"), "D": gettext_lazy("D. De regeling"),
                "P": gettext_lazy("Partnerenquête")}


class NoteForm(PortalForm):
    kind = forms.ChoiceField(label=gettext_lazy("Soort gesprek"), choices=KINDS, widget=forms.RadioSelect)
    plan = forms.ModelChoiceField(label=gettext_lazy("Plan (bij een projectleider of groepsgesprek)"), required=False,
                                  queryset=Plan.objects.order_by("name"))
    interviewee = forms.CharField(label=gettext_lazy("Gesproken met"), max_length=200,
                                  help_text=gettext_lazy("Functie of soort organisatie, nooit een naam."))
    held_on = forms.DateField(label=gettext_lazy("Datum van het gesprek"), widget=DateInput())
    text = forms.CharField(label=gettext_lazy("Verslag"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)

    def clean(self):
        d = super().clean()
        for problem in interviews.note_problems(d.get("kind"), d.get("plan")):
            self.add_error(problem.question, problem.message)
        return d


def _kappa(value) -> str:
    return "–" if value is None else f"{float(value):.2f}".replace(".", "," if language() == "nl" else ".")


def _agreement_rows(book) -> list[dict]:
    lang = language()
    rows = []
    for found in interviews.agreement_table():
        q = book.question(found.question)
        if found.codes:
            answer_list = book.answer_list(q)
            labels = {c.code: c.label(lang) for c in answer_list.categories}
            codes = [{"label": labels.get(c.code, c.code), "kappa": _kappa(c.kappa), "agreed": c.agreed}
                     for c in found.codes if c.agreed < c.notes or c.kappa is not None]
            rows.append({"question": q.text(lang), "notes": found.notes, "kappa": None, "codes": codes})
        else:
            rows.append({"question": q.text(lang), "notes": found.notes, "kappa": _kappa(found.kappa), "codes": []})
    return rows


@login_required
def note_list(request):
    require(qperm.can_code_interviews(request.user))
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        note = interviews.record_note(kind=d["kind"], interviewee=d["interviewee"], held_on=d["held_on"],
                                      text=d["text"], plan=d["plan"], author=request.user)
        messages.success(request, _("Het verslag is opgeslagen. Codeer het nu per blok."))
        return redirect("portal:interview_note", note_id=note.pk)
    notes = [{"note": n, "coders": interviews.coders_of(n), "mine": bool(interviews.own_codes(n, request.user))}
             for n in InterviewNote.objects.select_related("plan")]
    return render(request, "portal/qualitative/interviews.html", {
        "form": form, "notes": notes, "agreement": _agreement_rows(current_codebook().codebook)})


@login_required
def note_detail(request, note_id: int):
    require(qperm.can_code_interviews(request.user))
    note = get_object_or_404(InterviewNote.objects.select_related("plan", "codebook"), pk=note_id)
    book = note.codebook.codebook
    blocks = [b for b in BLOCK_TITLES if interviews.codable_questions(book, b)]
    block = request.GET.get("blok", blocks[0])
    if block not in blocks:
        block = blocks[0]
    questions = interviews.codable_questions(book, block)
    mine = interviews.own_codes(note, request.user)
    tranche_group = "T3" if note.plan is not None and note.plan.tranche_label == "3" else "T1/2"
    # an interview may touch any question of the block, also one a final report asks only on a shortfall
    data = request.POST if request.method == "POST" else None
    form = AnswersForm(book, questions, Context(tranche_group, None, True), mine, data, prefix="code")
    if request.method == "POST" and form.is_valid():
        try:
            interviews.code_note(note, request.user, form.answers(), block=block)
        except ReportRefused as refused:
            form.add_problems(refused.findings)
        else:
            messages.success(request, _("Uw codering van blok %(block)s is opgeslagen.") % {"block": block})
            return redirect(f"{request.path}?blok={block}")
    errors = [{"id": form[n].auto_id, "label": form.fields[n].label, "message": m}
              for n, msgs in form.errors.items() if n in form.fields for m in msgs]
    return render(request, "portal/qualitative/interview_note.html", {
        "note": note, "form": form, "errors": errors, "current_block": block,
        "blocks": [(b, BLOCK_TITLES[b]) for b in blocks], "coded": len(mine),
    })
