"""The scenario form: the current scheme's rules as starting values; only what is changed is written
into the scenario document (docs/simulator.md)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm

RATIO = {"max_digits": 6, "decimal_places": 4, "min_value": Decimal(0), "max_value": Decimal(1)}
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal(0)}
LEVELS = [("measure", _("per maatregel")), ("plan", _("op het plantotaal"))]
CONSEQUENCES = [("nil", _("subsidie op nul")), ("proportional", _("naar rato van de kosten"))]
CAPS = [("decision", _("de maximale subsidie uit de beschikking")),
        ("recomputed", _("herberekend met de tarieven van het scenario")), ("none", _("geen plafond"))]
MODES = [("replace", _("in plaats van de werkelijke kosten")), ("cap", _("als bovengrens van de werkelijke kosten"))]
REALLOCATION = [("", _("geen herverdeling")), ("tranche", _("binnen elke tranche")),
                ("all", _("over alle tranches samen"))]
ORDERS = [("largest_shortfall_first", _("grootste tekort eerst")),
          ("smallest_shortfall_first", _("kleinste tekort eerst")), ("name", _("op naam van het plan"))]
TIERS = 3


class ScenarioForm(PortalForm):
    name = forms.SlugField(label=_("Korte naam"), max_length=60,
                           help_text=_("Kleine letters, cijfers en streepjes; dezelfde naam maakt een nieuwe versie."))
    title = forms.CharField(label=_("Titel"), max_length=200)
    reason = forms.CharField(label=_("Waarom deze versie"), widget=forms.Textarea(attrs={"rows": 3}))
    overhead_fixed_eur = forms.DecimalField(label=_("Vast deel van de overhead per plan (euro)"), **MONEY)
    overhead_subsidy_rate = forms.DecimalField(label=_("Deel van de overhead dat de overheid betaalt"), **RATIO)
    participant_level = forms.ChoiceField(label=_("Deelnemersdrempel beoordelen"), choices=LEVELS)
    participant_min_ratio = forms.DecimalField(label=_("Deelnemersdrempel (deel van gepland)"), **RATIO)
    cost_level = forms.ChoiceField(label=_("Kostendrempel beoordelen"), choices=[
        ("plan", _("op het plantotaal")), ("measure", _("per maatregel"))], initial="plan")
    cost_min_ratio = forms.DecimalField(label=_("Kostendrempel (deel van gepland)"), **RATIO)
    cost_consequence = forms.ChoiceField(label=_("Gevolg als de kostendrempel niet is gehaald"), choices=CONSEQUENCES)
    cap = forms.ChoiceField(label=_("Plafond per plan"), choices=CAPS)
    standard_mode = forms.ChoiceField(label=_("Standaardprijs per deelnemer geldt"), choices=MODES)
    preparation_share = forms.DecimalField(label=_("Deel van de kosten dat voorbereiding is"), required=False,
                                           help_text=_("Betaald zonder deelnemersdrempel; leeg of 0: niet apart."),
                                           max_digits=4, decimal_places=2, min_value=Decimal(0),
                                           max_value=Decimal("0.99"))
    reallocation = forms.ChoiceField(label=_("Niet bestede subsidie verschuiven"), choices=REALLOCATION,
                                     required=False)
    reallocation_order = forms.ChoiceField(label=_("Volgorde van verdelen"), choices=ORDERS)
    convergence = forms.DecimalField(
        label=_("Aanname: kosten schuiven naar de standaardprijs (deel)"), required=False, **RATIO,
        help_text=_("Alleen bij een standaardprijs als bovengrens. Uitkomsten hiermee zijn een aanname, geen regel."))

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.rate_fields, self.standard_fields, self.tier_fields = [], [], []
        for code, (label, rate) in current.rates.items():
            self.fields[f"rate_{code}"] = forms.DecimalField(label=label, initial=rate, **RATIO)
            self.fields[f"standard_{code}"] = forms.DecimalField(label=label, required=False, **MONEY)
            self.rate_fields.append(f"rate_{code}")
            self.standard_fields.append(f"standard_{code}")
        tiers = list(current.tiers)[:TIERS]
        for i, tier in enumerate(tiers, start=1):
            if i < len(tiers):
                self.fields[f"tier{i}_up_to"] = forms.DecimalField(
                    label=_("Schijf %(i)s tot (euro)") % {"i": i}, initial=tier.up_to, **MONEY)
                self.tier_fields.append(f"tier{i}_up_to")
            self.fields[f"tier{i}_rate"] = forms.DecimalField(
                label=_("Schijf %(i)s percentage (deel)") % {"i": i}, initial=tier.rate, **RATIO)
            self.tier_fields.append(f"tier{i}_rate")
        self.tier_count = len(tiers)
        for name, value in (("overhead_fixed_eur", current.fixed_eur),
                            ("overhead_subsidy_rate", current.overhead_subsidy_rate),
                            ("participant_level", current.participant_level),
                            ("participant_min_ratio", current.participant_min_ratio),
                            ("cost_min_ratio", current.cost_min_ratio), ("cost_consequence", current.cost_consequence),
                            ("cap", "decision")):
            self.fields[name].initial = value
        self.mark_invalid()

    def clean(self):
        d = super().clean()
        if d.get("cost_level") == "measure" and d.get("cost_consequence") != "nil":
            self.add_error("cost_consequence",
                           _("Per maatregel kan de kostendrempel alleen de subsidie op nul zetten."))
        if d.get("convergence") is not None and not (
                d.get("standard_mode") == "cap" and any(d.get(f) for f in self.standard_fields)):
            self.add_error("convergence", _("Deze aanname werkt alleen met een standaardprijs als bovengrens van "
                                            "de werkelijke kosten."))
        return d

    def document(self) -> dict:
        """The scenario document with only the changes against the current rules."""
        d, cur = self.cleaned_data, self.current
        changes: dict = {}
        rates = {code: str(d[f"rate_{code}"]) for code, (_, rate) in cur.rates.items() if d[f"rate_{code}"] != rate}
        if rates:
            changes["rates"] = rates
        overhead = {}
        if d["overhead_fixed_eur"] != cur.fixed_eur:
            overhead["fixed_eur"] = str(d["overhead_fixed_eur"])
        if d["overhead_subsidy_rate"] != cur.overhead_subsidy_rate:
            overhead["subsidy_rate"] = str(d["overhead_subsidy_rate"])
        tiers = [{"up_to": str(d[f"tier{i}_up_to"]) if i < self.tier_count else None, "rate": str(d[f"tier{i}_rate"])}
                 for i in range(1, self.tier_count + 1)]
        current_tiers = [{"up_to": None if t.up_to is None else str(t.up_to), "rate": str(t.rate)} for t in cur.tiers]
        if [(Decimal(t["up_to"]) if t["up_to"] else None, Decimal(t["rate"])) for t in tiers] != [
                (Decimal(t["up_to"]) if t["up_to"] else None, Decimal(t["rate"])) for t in current_tiers]:
            overhead["tiers"] = tiers
        if overhead:
            changes["overhead"] = overhead
        if (d["participant_level"], d["participant_min_ratio"]) != (cur.participant_level, cur.participant_min_ratio):
            changes["participant_threshold"] = {"level": d["participant_level"],
                                                "min_ratio": str(d["participant_min_ratio"])}
        if (d["cost_min_ratio"], d["cost_consequence"], d["cost_level"]) != (
                cur.cost_min_ratio, cur.cost_consequence, "plan"):
            changes["cost_threshold"] = {"min_ratio": str(d["cost_min_ratio"]), "consequence": d["cost_consequence"]}
            if d["cost_level"] == "measure":
                changes["cost_threshold"]["level"] = "measure"
        if d["cap"] != "decision":
            changes["cap"] = d["cap"]
        standard = {code: {"amount_eur": str(d[f"standard_{code}"]), "mode": d["standard_mode"]}
                    for code in cur.rates if d[f"standard_{code}"]}
        if standard:
            changes["standard_costs"] = standard
        if d.get("preparation_share"):
            changes["preparation_share"] = str(d["preparation_share"])
        if d.get("reallocation"):
            changes["reallocation"] = {"scope": d["reallocation"], "order": d["reallocation_order"]}
        document = {"format": "sectorplannen-scenario/1", "name": d["name"], "title": d["title"],
                    "reason": d["reason"], "changes": changes}
        if d.get("convergence") is not None:
            document["assumptions"] = {"standard_cost_convergence": str(d["convergence"])}
        return document
