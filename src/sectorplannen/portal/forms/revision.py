"""The applicant's revision request: one change of a common kind as fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm
from sectorplannen.common.labels import TARGET_GROUPS, measure_type_label

from .common import MONEY, DateInput
from .goals import add_goal_fields, goal_values

SPLIT_PARTS = 4  # optional part rows on the form; empty rows are ignored, at least two are needed


class RevisionForm(PortalForm):
    """One revision request: one change of a common kind as fields, validated by the revision rules."""

    template_name = "portal/forms/revision.html"

    reason = forms.CharField(label=_("Reden van de herziening"), widget=forms.Textarea(attrs={"rows": 3}))
    analysis_date = forms.DateField(label=_("Datum geactualiseerde arbeidsmarktanalyse"), widget=DateInput())
    op = forms.ChoiceField(label=_("Wijziging"), widget=forms.RadioSelect, choices=[
        ("set", _("Aantallen of kosten van een maatregel aanpassen")),
        ("shift_budget", _("Budget verschuiven tussen maatregelen")),
        ("stop", _("Maatregel stoppen")),
        ("extend", _("Looptijd verlengen")),
        ("split", _("Maatregel splitsen in delen")),
        ("merge", _("Maatregelen samenvoegen")),
        ("widen_target_group", _("Doelgroep van een maatregel verbreden"))])
    measure = forms.ChoiceField(label=_("Maatregel"), required=False,
                                help_text=_("Bij aanpassen, verschuiven (van), stoppen en splitsen."))
    to_measure = forms.ChoiceField(label=_("Naar maatregel (bij verschuiven)"), required=False)
    planned_participants = forms.IntegerField(label=_("Nieuw aantal deelnemers"), min_value=0, required=False)
    planned_costs_eur = forms.DecimalField(label=_("Nieuwe kosten of te verschuiven bedrag (euro)"), required=False,
                                           **MONEY)
    months = forms.IntegerField(label=_("Verlenging in maanden"), min_value=1, required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Doelgroepen erbij (bij verbreden)"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(code, text) for code, text in TARGET_GROUPS.items()])
    first_progress_report_on = forms.DateField(label=_("Datum eerste voortgangsrapportage (bij verlengen)"),
                                               required=False, widget=DateInput())
    merge_measures = forms.MultipleChoiceField(
        label=_("Samen te voegen maatregelen"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies twee of meer maatregelen van hetzelfde type."))
    merged_code = forms.CharField(label=_("Code van de samengevoegde maatregel"), max_length=40, required=False,
                                  help_text=_("Een nieuwe code, of de code van een van de gekozen maatregelen."))
    merged_participants = forms.IntegerField(label=_("Deelnemers van de samengevoegde maatregel"), min_value=0,
                                             required=False)
    merged_costs_eur = forms.DecimalField(label=_("Kosten van de samengevoegde maatregel (euro)"), required=False,
                                          **MONEY)

    def __init__(self, *args, measures: list[tuple[str, str]], all_codes: list[str] | None = None,
                 themes: list[str] = (), **kwargs):
        """``measures``: (code, measure type) of the active measures; ``all_codes``: every code in the decision;
        ``themes``: the plan's themes, whose goal lists the goals are chosen from."""
        super().__init__(*args, **kwargs)
        codes = [code for code, _type in measures]
        self.all_codes = set(all_codes if all_codes is not None else codes)
        choices = [("", _("— kies —"))] + [(c, c) for c in codes]
        self.fields["measure"].choices = choices
        self.fields["to_measure"].choices = choices
        self.fields["merge_measures"].choices = [(code, f"{code} ({measure_type_label(kind)})")
                                                 for code, kind in measures]
        for n in range(1, SPLIT_PARTS + 1):
            self.fields[f"part{n}_code"] = forms.CharField(
                label=_("Deel %(n)s: code") % {"n": n}, max_length=40, required=False)
            self.fields[f"part{n}_participants"] = forms.IntegerField(
                label=_("Deel %(n)s: deelnemers") % {"n": n}, min_value=0, required=False)
            self.fields[f"part{n}_costs_eur"] = forms.DecimalField(
                label=_("Deel %(n)s: kosten (euro)") % {"n": n}, required=False, **MONEY)
            self.fields[f"part{n}_code"].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
            for suffix in ("participants", "costs_eur"):
                widget = self.fields[f"part{n}_{suffix}"].widget
                widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
        self.fields["part1_code"].help_text = _(
            "Een deel mag de code van de gesplitste maatregel houden; de andere delen krijgen een nieuwe code.")
        add_goal_fields(self, themes)
        if "goals" in self.fields:
            self.fields["goals"].help_text = _(
                "Bij aanpassen, splitsen of samenvoegen: de doelen van de (nieuwe) maatregel uit de lijst van zijn "
                "thema. Leeg: de doelen blijven zoals ze waren.")

    # -- grouping for the template ------------------------------------------------------------------

    def goal_fields(self):
        return [self[n] for n in ("goals", "mechanism") if n in self.fields]

    def general_fields(self):
        return [self[n] for n in ("reason", "analysis_date", "op")]

    def single_fields(self):
        return [self[n] for n in ("measure", "to_measure", "planned_participants", "planned_costs_eur", "months",
                                  "first_progress_report_on", "target_groups")]

    def split_parts(self):
        return [(n, [self[f"part{n}_{s}"] for s in ("code", "participants", "costs_eur")])
                for n in range(1, SPLIT_PARTS + 1)]

    def merge_fields(self):
        return [self[n] for n in ("merge_measures", "merged_code", "merged_participants", "merged_costs_eur")]

    # -- validation ---------------------------------------------------------------------------------

    def clean(self):
        d = super().clean()
        op = d.get("op")
        if op == "widen_target_group" and not d.get("target_groups"):
            self.add_error("target_groups", _("Kies ten minste één doelgroep."))
        if op in ("set", "shift_budget", "stop", "split", "widen_target_group") and not d.get("measure"):
            self.add_error("measure", _("Kies de maatregel."))
        if op == "shift_budget":
            if not d.get("to_measure"):
                self.add_error("to_measure", _("Kies de maatregel die het budget krijgt."))
            if d.get("planned_costs_eur") is None:
                self.add_error("planned_costs_eur", _("Vul het bedrag in."))
        if op == "set" and d.get("planned_costs_eur") is None and d.get("planned_participants") is None:
            self.add_error("planned_participants", _("Vul het nieuwe aantal of de nieuwe kosten in."))
        if op == "extend" and not d.get("months"):
            self.add_error("months", _("Vul het aantal maanden in."))
        if op == "split":
            self._clean_split(d)
        if op == "merge":
            self._clean_merge(d)
        return d

    def _filled_parts(self) -> list[int]:
        """Numbers of the part rows with anything in them (also values that did not validate)."""
        return [n for n in range(1, SPLIT_PARTS + 1)
                if any(str(self.data.get(self.add_prefix(f"part{n}_{s}"), "")).strip()
                       for s in ("code", "participants", "costs_eur"))]

    def _clean_split(self, d) -> None:
        filled = self._filled_parts()
        if len(filled) < 2:
            self.add_error("part1_code", _("Vul ten minste twee delen in (code, deelnemers en kosten)."))
        seen: set[str] = set()
        for n in filled:
            code = (d.get(f"part{n}_code") or "").strip()
            d[f"part{n}_code"] = code
            if not code and f"part{n}_code" not in self.errors:
                self.add_error(f"part{n}_code", _("Vul de code van dit deel in."))
            elif code in seen:
                self.add_error(f"part{n}_code", _("Elk deel heeft een eigen code."))
            elif code in self.all_codes and code != d.get("measure"):
                self.add_error(f"part{n}_code", _("Maatregelcode %(code)s bestaat al.") % {"code": code})
            seen.add(code)
            for suffix, message in (("participants", _("Vul het aantal deelnemers van dit deel in.")),
                                    ("costs_eur", _("Vul de kosten van dit deel in."))):
                name = f"part{n}_{suffix}"
                if d.get(name) is None and name not in self.errors:
                    self.add_error(name, message)

    def _clean_merge(self, d) -> None:
        chosen = d.get("merge_measures") or []
        if len(chosen) < 2:
            self.add_error("merge_measures", _("Kies ten minste twee maatregelen."))
        code = (d.get("merged_code") or "").strip()
        d["merged_code"] = code
        if not code:
            self.add_error("merged_code", _("Vul de code van de samengevoegde maatregel in."))
        elif code in self.all_codes and code not in chosen:
            self.add_error("merged_code", _("Maatregelcode %(code)s bestaat al; kies een nieuwe code of de code van "
                                            "een van de gekozen maatregelen.") % {"code": code})
        if d.get("merged_participants") is None and "merged_participants" not in self.errors:
            self.add_error("merged_participants", _("Vul het aantal deelnemers in."))
        if d.get("merged_costs_eur") is None and "merged_costs_eur" not in self.errors:
            self.add_error("merged_costs_eur", _("Vul de kosten in."))

    def change(self) -> dict:
        change = self._change()
        named = goal_values(self)
        if not (named.get("goals") or named.get("mechanism")) or change["op"] in ("extend", "shift_budget", "stop"):
            return change
        targets = change["into"] if change["op"] == "split" else [change["into"]] if change["op"] == "merge" \
            else [change]
        for target in targets:
            target.update(named)
        return change

    def _change(self) -> dict:
        d = self.cleaned_data
        op = d["op"]
        if op == "extend":
            return {"op": "extend", "months": d["months"]}
        if op == "widen_target_group":
            return {"op": op, "measure": d["measure"], "add": list(d["target_groups"])}
        if op == "shift_budget":
            return {"op": "shift_budget", "from": d["measure"], "to": d["to_measure"],
                    "amount_eur": str(d["planned_costs_eur"])}
        if op == "split":
            return {"op": "split", "measure": d["measure"], "into": [
                {"code": d[f"part{n}_code"], "planned_participants": d[f"part{n}_participants"],
                 "planned_costs_eur": str(d[f"part{n}_costs_eur"])}
                for n in self._filled_parts()]}
        if op == "merge":
            return {"op": "merge", "measures": list(d["merge_measures"]), "into": {
                "code": d["merged_code"], "planned_participants": d["merged_participants"],
                "planned_costs_eur": str(d["merged_costs_eur"])}}
        change = {"op": op, "measure": d["measure"]}
        if d.get("planned_participants") is not None:
            change["planned_participants"] = d["planned_participants"]
        if d.get("planned_costs_eur") is not None:
            change["planned_costs_eur"] = str(d["planned_costs_eur"])
        return change

    # -- refusals of the revision rules as field errors ---------------------------------------------

    _REFUSAL_FIELDS = {
        "reason_missing": "reason", "analysis_missing": "analysis_date", "analysis_outdated": "analysis_date",
        "no_changes": "op", "budget_to_other_plan": "to_measure", "shift_exceeds_budget": "planned_costs_eur",
        "extension_already_used": "months", "extension_too_long": "months", "extension_too_late": "months",
        "extension_before_progress_report": "first_progress_report_on",
        "merge_type_mismatch": "merge_measures", "unknown_goal": "goals", "goals_missing": "goals",
        "unknown_mechanism": "mechanism",
    }
    _OP_FIELDS = {  # the field a refusal of this kind of change belongs to when its code does not say
        "set": "planned_participants", "shift_budget": "planned_costs_eur", "stop": "measure", "extend": "months",
        "split": "part1_code", "merge": "merged_code", "widen_target_group": "target_groups",
    }
    _MEASURE_FIELDS = {"merge": "merge_measures"}
    _SUBSIDY_FIELDS = {"set": "planned_costs_eur", "split": "part1_costs_eur", "merge": "merged_costs_eur"}

    def add_refusals(self, refusals) -> None:
        """Show the refusals of ``plans.revisions`` at the field they are about (the error summary links them)."""
        op = self.cleaned_data.get("op")
        for refusal in refusals:
            field = self._REFUSAL_FIELDS.get(refusal.code)
            if refusal.code in ("unknown_measure", "measure_stopped"):
                field = self._MEASURE_FIELDS.get(op, "measure")
            elif refusal.code == "subsidy_increase":
                field = self._SUBSIDY_FIELDS.get(op)
            elif refusal.code == "duplicate_measure_code":
                field = self._duplicate_field(op, refusal.message)
            elif field is None:
                field = self._OP_FIELDS.get(op)
            self.add_error(field, ValidationError(refusal.message, code=refusal.code))
        self.mark_invalid()

    def _duplicate_field(self, op, message: str) -> str | None:
        if op == "merge":
            return "merged_code"
        if op == "split":
            for n in self._filled_parts():
                code = self.cleaned_data.get(f"part{n}_code")
                if code and f" {code} " in f" {message} ".replace(".", " "):
                    return f"part{n}_code"
            return "part1_code"
        return None


