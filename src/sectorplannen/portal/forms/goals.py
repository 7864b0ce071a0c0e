"""The narrow-goal fields of a measure (docs/qualitative.md §1.1), for the application and the revision
form: goals grouped by theme and the main mechanism, with the current codebook's labels."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplannen.qualitative.present import THEMES
from sectorplannen.qualitative.reports import current_codebook

from ..report_forms import language


def add_goal_fields(form: forms.Form, themes) -> None:
    """Add ``goals`` (grouped per theme of ``themes`` that has a list) and ``mechanism`` to ``form``;
    nothing when no theme has a list (the trajectories of tranche 3)."""
    version = current_codebook()
    if version is None:
        return
    book, lang = version.codebook, language()
    pick = 1 if lang == "en" else 0
    groups = [(THEMES.get(t, (t, t))[pick], [(c.code, c.label(lang)) for c in book.goals[t].categories])
              for t in dict.fromkeys(themes) if t in book.goals]
    if not groups:
        return
    form.fields["goals"] = forms.MultipleChoiceField(
        label=_("Doelen van de maatregel"), required=False, widget=forms.CheckboxSelectMultiple, choices=groups,
        help_text=_("Kies de doelen uit de lijst van het thema van de maatregel; de evaluatie telt ze per thema."))
    form.fields["mechanism"] = forms.ChoiceField(
        label=_("Belangrijkste mechanisme"), required=False,
        choices=[("", _("— kies —"))] + [(c.code, c.label(lang)) for c in book.lists["mechanism"].categories])


def goal_values(form: forms.Form) -> dict:
    """``goals`` and ``mechanism`` as the document has them (left out when the form has no such fields)."""
    if "goals" not in form.fields:
        return {}
    out = {"goals": list(form.cleaned_data.get("goals") or [])}
    if form.cleaned_data.get("mechanism"):
        out["mechanism"] = form.cleaned_data["mechanism"]
    return out
