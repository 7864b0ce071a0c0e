"""Forms of the portal pages; every field has a Dutch label, choices come from the scheme rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.labels import (
    ACTIVITIES,
    BOTTLENECKS,
    FUNDING_SOURCES,
    PARTNER_KIND_LABELS,
    PLAN_KINDS,
    TARGET_GROUPS,
    label,
)
from sectorplannen.schemes.models import Tranche

from .drafts import as_number
from .forms_base import PortalForm

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _choices(codes, mapping) -> list[tuple[str, str]]:
    return [(c, label(mapping, c)) for c in codes]


def _lines(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


class GeneralForm(PortalForm):
    name = forms.CharField(label=_("Naam van het plan"), max_length=200)
    tranche = forms.TypedChoiceField(label=_("Tranche"), coerce=int)
    kind = forms.ChoiceField(label=_("Soort plan"), choices=list(PLAN_KINDS.items()), widget=forms.RadioSelect)
    sectors = forms.CharField(label=_("Sectoren"), required=False, help_text=_("Gescheiden door komma's."))
    regions = forms.CharField(label=_("Regio's"), required=False, help_text=_("Alleen bij een regionaal plan."))
    start_date = forms.DateField(label=_("Begindatum"), widget=DateInput())
    end_date = forms.DateField(label=_("Einddatum"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tranche"].choices = [
            (t.number, _("Tranche %(n)s (%(start)s t/m %(end)s)") % {"n": t.number, "start": t.window_start,
                                                                      "end": t.window_end})
            for t in Tranche.objects.order_by("number")
        ]

    @classmethod
    def initial_from(cls, doc: dict) -> dict:
        return {**{k: doc.get(k) for k in ("name", "tranche", "kind", "start_date", "end_date")},
                "sectors": ", ".join(doc.get("sectors", [])), "regions": ", ".join(doc.get("regions", []))}

    def apply(self, doc: dict) -> dict:
        d = self.cleaned_data
        return {**doc, "name": d["name"], "tranche": d["tranche"], "kind": d["kind"],
                "sectors": _lines(d["sectors"]), "regions": _lines(d["regions"]),
                "start_date": d["start_date"].isoformat(), "end_date": d["end_date"].isoformat()}


class MainApplicantForm(PortalForm):
    cao_party = forms.BooleanField(label=_("Partij bij een cao"), required=False)
    equity_eur = forms.DecimalField(label=_("Eigen vermogen (euro)"), required=False, **MONEY,
                                    help_text=_("Nodig voor de 80%-toets op zekerheid."))


class PartnerForm(PortalForm):
    name = forms.CharField(label=_("Naam organisatie"), max_length=200)
    kind = forms.ChoiceField(label=_("Soort organisatie"), choices=list(PARTNER_KIND_LABELS.items()))
    roles = forms.MultipleChoiceField(
        label=_("Rol in het samenwerkingsverband"), widget=forms.CheckboxSelectMultiple,
        choices=[("partner", _("Partner")), ("guarantor", _("Garantsteller"))])
    cao_party = forms.BooleanField(label=_("Partij bij een cao"), required=False)

    def partner(self) -> dict:
        d = self.cleaned_data
        return {"name": d["name"], "kind": d["kind"], "roles": d["roles"], "cao_party": d["cao_party"]}


class AnalysisForm(PortalForm):
    date = forms.DateField(label=_("Datum van de analyse"), widget=DateInput())
    bottlenecks = forms.MultipleChoiceField(label=_("Knelpunten"), widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("Samenvatting"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bottlenecks"].choices = _choices(rules.bottlenecks, BOTTLENECKS)


class MeasureForm(PortalForm):
    code = forms.RegexField(label=_("Code"), regex=r"^[A-Za-z0-9_-]{1,40}$", max_length=40,
                            help_text=_("Bijvoorbeeld M01: letters, cijfers, - of _."))
    measure_type = forms.ChoiceField(label=_("Soort maatregel"))
    activities = forms.MultipleChoiceField(label=_("Activiteiten"), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}))
    target_groups = forms.MultipleChoiceField(label=_("Doelgroepen"), widget=forms.CheckboxSelectMultiple)
    bottlenecks = forms.MultipleChoiceField(label=_("Beantwoordt knelpunten"), widget=forms.CheckboxSelectMultiple)
    planned_participants = forms.IntegerField(label=_("Geplande deelnemers"), min_value=0, required=False)
    planned_youth_participants = forms.IntegerField(label=_("Waarvan jongeren (t/m 26 jaar)"), min_value=0,
                                                    required=False)
    planned_costs_eur = forms.DecimalField(label=_("Geplande kosten (euro)"), **MONEY)
    individual_registration = forms.BooleanField(label=_("Deelnemers worden individueel (met BSN) geregistreerd"),
                                                 required=False, initial=True)

    def __init__(self, *args, rules, analysed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectory = rules.measure_structure == "trajectory"
        groups = []
        for cat in rules.categories.values():
            groups.append((str(cat.label), [(t, rules.measure_types[t].label) for t in cat.types]))
        self.fields["measure_type"].choices = groups
        if self.trajectory:
            self.fields["measure_type"].label = _("Traject")
            self.fields["activities"].choices = _choices(rules.activities, ACTIVITIES)
        else:
            del self.fields["activities"]
        self.fields["target_groups"].choices = _choices(rules.target_groups, TARGET_GROUPS)
        self.fields["bottlenecks"].choices = _choices(analysed or rules.bottlenecks, BOTTLENECKS)
        self.rules = rules

    def measure(self) -> dict:
        d = self.cleaned_data
        m = {"code": d["code"], "category": self.rules.category_of(d["measure_type"]),
             "description": d["description"], "target_groups": d["target_groups"], "bottlenecks": d["bottlenecks"],
             "planned_participants": d["planned_participants"],
             "planned_youth_participants": d["planned_youth_participants"],
             "planned_costs_eur": as_number(d["planned_costs_eur"]), "own_funding": [], "other_public_funding": [],
             "individual_registration": d["individual_registration"]}
        if self.trajectory:
            m["activities"] = d["activities"]
        else:
            m["type"] = d["measure_type"]
        return m


class FundingForm(PortalForm):
    measure = forms.ChoiceField(label=_("Maatregel"))
    kind = forms.ChoiceField(label=_("Soort financiering"), widget=forms.RadioSelect, choices=[
        ("own_funding", _("Eigen bijdrage (sector)")), ("other_public_funding", _("Andere publieke subsidie"))])
    source = forms.ChoiceField(label=_("Bron"), choices=list(FUNDING_SOURCES.items()) + [("ESF", "ESF")],
                               help_text=_("Andere publieke subsidie (zoals ESF) telt als dubbele financiering."))
    amount_eur = forms.DecimalField(label=_("Bedrag (euro)"), **MONEY)

    def __init__(self, *args, measures: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [(m.get("code"), f"{m.get('code')} – {m.get('description', '')[:60]}")
                                          for m in measures]


class AssessmentForm(PortalForm):
    """The verdict on one measure (prefix = measure code)."""

    verdict = forms.ChoiceField(label=_("Oordeel"), widget=forms.RadioSelect, initial="approve", choices=[
        ("approve", _("Goedkeuren")), ("reduce", _("Verlagen")), ("refuse", _("Afwijzen"))])
    planned_participants = forms.IntegerField(label=_("Deelnemers (bij verlagen)"), min_value=0, required=False)
    planned_costs_eur = forms.DecimalField(label=_("Kosten in euro (bij verlagen)"), required=False, **MONEY)
    reason = forms.CharField(label=_("Motivering"), required=False, max_length=300,
                             help_text=_("Verplicht bij verlagen of afwijzen."))

    def clean(self):
        d = super().clean()
        if d.get("verdict") in ("reduce", "refuse") and not d.get("reason"):
            self.add_error("reason", _("Geef de reden van het verlagen of afwijzen."))
        nothing_reduced = d.get("planned_costs_eur") is None and d.get("planned_participants") is None
        if d.get("verdict") == "reduce" and nothing_reduced:
            self.add_error("planned_costs_eur", _("Vul bij verlagen de nieuwe kosten of deelnemers in."))
        return d


class ProposalNoteForm(PortalForm):
    note = forms.CharField(label=_("Toelichting voor de tweede beoordelaar"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RejectForm(PortalForm):
    outcome = forms.CharField(label=_("Waarom stuurt u het voorstel terug?"), widget=forms.Textarea(attrs={"rows": 3}))


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
        ("merge", _("Maatregelen samenvoegen"))])
    measure = forms.ChoiceField(label=_("Maatregel"), required=False,
                                help_text=_("Bij aanpassen, verschuiven (van), stoppen en splitsen."))
    to_measure = forms.ChoiceField(label=_("Naar maatregel (bij verschuiven)"), required=False)
    planned_participants = forms.IntegerField(label=_("Nieuw aantal deelnemers"), min_value=0, required=False)
    planned_costs_eur = forms.DecimalField(label=_("Nieuwe kosten of te verschuiven bedrag (euro)"), required=False,
                                           **MONEY)
    months = forms.IntegerField(label=_("Verlenging in maanden"), min_value=1, required=False)
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

    def __init__(self, *args, measures: list[tuple[str, str]], all_codes: list[str] | None = None, **kwargs):
        """``measures``: (code, measure type) of the active measures; ``all_codes``: every code in the decision."""
        super().__init__(*args, **kwargs)
        codes = [code for code, _type in measures]
        self.all_codes = set(all_codes if all_codes is not None else codes)
        choices = [("", _("— kies —"))] + [(c, c) for c in codes]
        self.fields["measure"].choices = choices
        self.fields["to_measure"].choices = choices
        self.fields["merge_measures"].choices = [(code, f"{code} ({kind})") for code, kind in measures]
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

    # -- grouping for the template ------------------------------------------------------------------

    def general_fields(self):
        return [self[n] for n in ("reason", "analysis_date", "op")]

    def single_fields(self):
        return [self[n] for n in ("measure", "to_measure", "planned_participants", "planned_costs_eur", "months",
                                  "first_progress_report_on")]

    def split_parts(self):
        return [(n, [self[f"part{n}_{s}"] for s in ("code", "participants", "costs_eur")])
                for n in range(1, SPLIT_PARTS + 1)]

    def merge_fields(self):
        return [self[n] for n in ("merge_measures", "merged_code", "merged_participants", "merged_costs_eur")]

    # -- validation ---------------------------------------------------------------------------------

    def clean(self):
        d = super().clean()
        op = d.get("op")
        if op in ("set", "shift_budget", "stop", "split") and not d.get("measure"):
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
        d = self.cleaned_data
        op = d["op"]
        if op == "extend":
            return {"op": "extend", "months": d["months"]}
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
        "merge_type_mismatch": "merge_measures",
    }
    _OP_FIELDS = {  # the field a refusal of this kind of change belongs to when its code does not say
        "set": "planned_participants", "shift_budget": "planned_costs_eur", "stop": "measure", "extend": "months",
        "split": "part1_code", "merge": "merged_code",
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


def check_upload(upload, allowed: tuple[str, ...]) -> None:
    """Type (by extension and first bytes) and size, before anything reads the file."""
    name = upload.name.lower()
    if not name.endswith(allowed):
        raise ValidationError(_("Kies een bestand van het type %(types)s.") % {"types": ", ".join(allowed)})
    if upload.size > settings.PORTAL_UPLOAD_MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan %(mb)s MB.") % {
            "mb": settings.PORTAL_UPLOAD_MAX_BYTES // (1024 * 1024)})
    head = upload.read(8)
    upload.seek(0)
    if name.endswith(".xlsx") and not head.startswith(b"PK"):
        raise ValidationError(_("Dit is geen geldig Excel-bestand (.xlsx)."))
    if name.endswith(".pdf") and not head.startswith(b"%PDF"):
        raise ValidationError(_("Dit is geen geldig PDF-bestand."))


class ParticipantUploadForm(PortalForm):
    file = forms.FileField(label=_("Bestand met deelnemers (CSV of XLSX)"),
                           help_text=_("Eén regel per deelnemer per maatregel; zie de kolommen hieronder."))
    all_or_nothing = forms.BooleanField(label=_("Niets opslaan als er een fout in staat"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload, (".csv", ".xlsx"))
        return upload


class AdvanceForm(PortalForm):
    amount_eur = forms.DecimalField(label=_("Bedrag (euro)"), max_digits=14, decimal_places=2,
                                    min_value=Decimal("0.01"))
    paid_on = forms.DateField(label=_("Betaald op"), widget=DateInput())
    reference = forms.CharField(label=_("Kenmerk"), required=False, max_length=100)


class DeclarationFileForm(PortalForm):
    auditor_statement = forms.FileField(label=_("Accountantsverklaring (PDF)"))

    def clean_auditor_statement(self):
        upload = self.cleaned_data["auditor_statement"]
        check_upload(upload, (".pdf",))
        return upload


class MonthForm(PortalForm):
    month = forms.TypedChoiceField(label=_("Rapportagemoment"), coerce=int)

    def __init__(self, *args, months: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m, _("Na %(m)s maanden") % {"m": m}) for m in months]


class RealisedLineForm(PortalForm):
    """Realised participants and costs of one measure (prefix = measure code)."""

    participants = forms.IntegerField(label=_("Gerealiseerde deelnemers"), min_value=0, required=False)
    youth = forms.IntegerField(label=_("Waarvan jongeren"), min_value=0, required=False)
    costs_eur = forms.DecimalField(label=_("Subsidiabele kosten (euro)"), **MONEY)


class CalculatorForm(PortalForm):
    scheme = forms.ChoiceField(label=_("Regeling"))
    max_subsidy_eur = forms.DecimalField(label=_("Maximale subsidie (euro)"), required=False, **MONEY,
                                         help_text=_("Leeg: geen plafond."))
    advances_paid_eur = forms.DecimalField(label=_("Betaalde voorschotten (euro)"), initial=0, **MONEY)

    def __init__(self, *args, schemes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(s, s) for s in schemes]


class CalculatorMeasureForm(PortalForm):
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    type = forms.ChoiceField(label=_("Soort maatregel"), required=False)
    planned_participants = forms.IntegerField(label=_("Geplande deelnemers"), min_value=0, required=False)
    realised_participants = forms.IntegerField(label=_("Gerealiseerde deelnemers"), min_value=0, required=False)
    planned_costs_eur = forms.DecimalField(label=_("Geplande kosten (euro)"), required=False, **MONEY)
    eligible_costs_eur = forms.DecimalField(label=_("Subsidiabele kosten (euro)"), required=False, **MONEY)

    def __init__(self, *args, types: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "—")] + types

    def clean(self):
        d = super().clean()
        if d.get("code") and (not d.get("type") or d.get("planned_costs_eur") is None
                              or d.get("eligible_costs_eur") is None):
            raise ValidationError(_("Vul bij een maatregel ook soort, geplande en subsidiabele kosten in."))
        return d


ALL = [("", _("alle"))]
PLAN_SORTS = {
    "name": (_("naam (A–Z)"), ("name",)),
    "-name": (_("naam (Z–A)"), ("-name",)),
    "tranche": (_("tranche"), ("tranche_label", "name")),
    "status": (_("status"), ("status", "name")),
    "-submitted": (_("laatst ingediend eerst"), ("-submitted_on", "name")),
    "-subsidy": (_("hoogste maximale subsidie eerst"), ("-max_subsidy", "name")),
}


class PlanFilterForm(PortalForm):
    """Search, filters and sort order of the agency's list of all plans (a GET form)."""

    q = forms.CharField(label=_("Naam bevat"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    tranche = forms.ChoiceField(label=_("Tranche"), required=False)
    kind = forms.ChoiceField(label=_("Soort plan"), required=False, choices=ALL + list(PLAN_KINDS.items()))
    origin = forms.ChoiceField(label=_("Herkomst"), required=False, choices=ALL + [
        ("application", _("aanvragen")), ("reference", _("referentieplannen (gepubliceerde cijfers)"))])
    sort = forms.ChoiceField(label=_("Sorteren op"), required=False,
                             choices=[(k, v[0]) for k, v in PLAN_SORTS.items()])

    def __init__(self, *args, tranches: list[str], **kwargs):
        from sectorplannen.plans.models import PlanStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ALL + list(PlanStatus.choices)
        self.fields["tranche"].choices = ALL + [(t, t) for t in tranches]


HEX = "0123456789abcdef"


class RegistrationFilterForm(PortalForm):
    """Narrow a plan's list of registrations by measure or by the start of a pseudonym."""

    measure = forms.ChoiceField(label=_("Maatregel"), required=False)
    pseudonym = forms.CharField(label=_("Pseudoniem begint met"), max_length=64, required=False,
                                help_text=_("Hexadecimale tekens (0-9, a-f), zoals in de lijst."))

    def __init__(self, *args, codes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = ALL + [(c, c) for c in codes]

    def clean_pseudonym(self) -> str:
        value = self.cleaned_data["pseudonym"].strip().lower()
        if any(ch not in HEX for ch in value):
            raise ValidationError(_("Een pseudoniem bestaat alleen uit de tekens 0-9 en a-f."))
        return value
