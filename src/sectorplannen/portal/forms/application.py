"""The steps of the application form (formats §1): general, partners, analysis, measures, funding."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sectorplannen.common.forms import PortalForm
from sectorplannen.common.labels import (
    ACTIVITIES,
    BOTTLENECKS,
    FUNDING_SOURCES,
    PARTNER_KIND_LABELS,
    PLAN_KINDS,
    TARGET_GROUPS,
    category_label,
    measure_type_label,
)
from sectorplannen.schemes.models import Tranche

from ..drafts import as_number
from .common import MONEY, DateInput, choices_of, split_lines
from .goals import add_goal_fields, goal_values


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
                "sectors": split_lines(d["sectors"]), "regions": split_lines(d["regions"]),
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
        self.fields["bottlenecks"].choices = choices_of(rules.bottlenecks, BOTTLENECKS)


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
    planned_youth_participants = forms.IntegerField(label=_("Waarvan jongeren"), min_value=0,
                                                    required=False)
    planned_costs_eur = forms.DecimalField(label=_("Geplande kosten (euro)"), **MONEY)
    individual_registration = forms.BooleanField(label=_("Deelnemers worden individueel (met BSN) geregistreerd"),
                                                 required=False, initial=True)

    def __init__(self, *args, rules, analysed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectory = rules.measure_structure == "trajectory"
        groups = []
        for code, cat in rules.categories.items():
            groups.append((category_label(code, cat.label),
                           [(t, measure_type_label(t, rules.measure_types[t].label)) for t in cat.types]))
        self.fields["measure_type"].choices = groups
        if self.trajectory:
            self.fields["measure_type"].label = _("Traject")
            self.fields["activities"].choices = choices_of(rules.activities, ACTIVITIES)
        else:
            del self.fields["activities"]
        self.fields["target_groups"].choices = choices_of(rules.target_groups, TARGET_GROUPS)
        self.fields["bottlenecks"].choices = choices_of(analysed or rules.bottlenecks, BOTTLENECKS)
        youth = self.fields["planned_youth_participants"]
        youth.label = _("Waarvan jongeren (t/m %(age)s jaar)") % {"age": rules.youth_max_age}
        add_goal_fields(self, rules.categories)
        self.rules = rules

    def measure(self) -> dict:
        d = self.cleaned_data
        m = {"code": d["code"], "category": self.rules.category_of(d["measure_type"]),
             "description": d["description"], "target_groups": d["target_groups"], "bottlenecks": d["bottlenecks"],
             "planned_participants": d["planned_participants"],
             "planned_youth_participants": d["planned_youth_participants"],
             "planned_costs_eur": as_number(d["planned_costs_eur"]), "own_funding": [], "other_public_funding": [],
             "individual_registration": d["individual_registration"], **goal_values(self)}
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


