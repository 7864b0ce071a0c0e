"""Reading the application document into ``ApplicationData``: structure, types and the codes that
depend on the scheme (known kinds, measure types, activities, target groups, funding sources)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sectorplannen.common.documents import kind_of, show
from sectorplannen.schemes.rules import SchemeRules

from .document import (
    PLAN_KINDS,
    ROLES,
    AnalysisData,
    ApplicationData,
    Funding,
    MeasureData,
    PartnerData,
    Reader,
    TrancheRules,
)

__all__ = ["read_application", "requested_subsidy"]


def read_application(doc: dict, tranche: TrancheRules, r: Reader) -> ApplicationData:
    name = r.text(doc, "name", "name")
    kind = r.choice(doc, "kind", "kind", PLAN_KINDS, "soort plan")
    sectors = r.texts(doc, "sectors", "sectors") or ()
    regions = r.texts(doc, "regions", "regions") or ()
    start_date, end_date = r.date(doc, "start_date", "start_date"), r.date(doc, "end_date", "end_date")
    submitted_on = r.date(doc, "submitted_on", "submitted_on")
    indemnity = r.flag(doc, "indemnity_agreement", "indemnity_agreement")
    partners = r.objects(r.items(doc, "partners", "partners", required=True), "partners", "Een partner")
    partner_data = tuple(_read_partner(p, f"partners[{i}]", tranche.rules, r) for i, p in partners)
    analysis = _read_analysis(doc, tranche.rules, r)
    measures = r.objects(r.items(doc, "measures", "measures", required=True), "measures", "Een maatregel")
    measure_data = tuple(_read_measure(m, f"measures[{i}]", tranche.rules, r) for i, m in measures)
    return ApplicationData(
        tranche=tranche.number,
        name=name,
        kind=kind,
        sectors=tuple(t for _, t in sectors),
        regions=tuple(t for _, t in regions),
        start_date=start_date,
        end_date=end_date,
        submitted_on=submitted_on,
        indemnity_agreement=bool(indemnity),
        partners=partner_data,
        analysis=analysis,
        measures=measure_data,
    )


def _read_partner(p: dict, path: str, rules: SchemeRules, r: Reader) -> PartnerData:
    name = r.text(p, "name", f"{path}.name")
    kind = r.choice(p, "kind", f"{path}.kind", rules.partner_kinds, "soort partner")
    roles = []
    for j, role in r.texts(p, "roles", f"{path}.roles", required=True) or ():
        if role in ROLES:
            roles.append(role)
        else:
            r.invalid(f"{path}.roles[{j}]", f"Onbekende rol {show(role)}; toegestaan: {', '.join(ROLES)}.")
    return PartnerData(
        name=name,
        kind=kind,
        roles=tuple(roles),
        cao_party=r.flag(p, "cao_party", f"{path}.cao_party"),
        equity_eur=r.amount(p, "equity_eur", f"{path}.equity_eur", required=False),
    )


def _read_analysis(doc: dict, rules: SchemeRules, r: Reader) -> AnalysisData | None:
    path = "labour_market_analysis"
    a = doc.get(path)
    if a is None:
        r.error("no_labour_market_analysis", path,
                "De aanvraag heeft geen arbeidsmarktanalyse; die is verplicht en onderbouwt de knelpunten.")
        return None
    if not isinstance(a, dict):
        r.invalid(path, f"De arbeidsmarktanalyse moet een object zijn, niet {kind_of(a)}.")
        return None
    date = r.date(a, "date", f"{path}.date")
    bottlenecks = r.texts(a, "bottlenecks", f"{path}.bottlenecks", required=True)
    for j, code in bottlenecks or ():
        if code not in rules.bottlenecks:
            r.error("unknown_bottleneck", f"{path}.bottlenecks[{j}]",
                    f"Onbekend knelpunt {show(code)}; de regeling kent: {', '.join(rules.bottlenecks)}.")
    if bottlenecks == []:
        r.error("no_labour_market_analysis", f"{path}.bottlenecks",
                "De arbeidsmarktanalyse noemt geen knelpunten.")
    return AnalysisData(
        date=date,
        bottlenecks=tuple(code for _, code in bottlenecks or ()),
        summary=r.text(a, "summary", f"{path}.summary", required=False) or "",
    )


def _read_measure(m: dict, path: str, rules: SchemeRules, r: Reader) -> MeasureData:
    code = r.text(m, "code", f"{path}.code")
    category = r.text(m, "category", f"{path}.category")
    measure_type = _read_measure_type(m, path, category, rules, r)
    activities = _read_activities(m, path, rules, r)
    description = r.text(m, "description", f"{path}.description", required=False) or ""
    target_groups = _read_target_groups(m, path, rules, r)
    bottlenecks = tuple(code for _, code in r.texts(m, "bottlenecks", f"{path}.bottlenecks") or ())
    participants = r.count(m, "planned_participants", f"{path}.planned_participants")
    youth = r.count(m, "planned_youth_participants", f"{path}.planned_youth_participants")
    if participants is not None and youth is not None and youth > participants:
        r.invalid(f"{path}.planned_youth_participants",
                  f"Meer geplande jongeren ({youth}) dan geplande deelnemers ({participants}).")
    costs = r.amount(m, "planned_costs_eur", f"{path}.planned_costs_eur")
    own_funding = _read_funding(m, "own_funding", path, rules.own_funding_sources, r)
    other_public = _read_funding(m, "other_public_funding", path, None, r)
    registration = r.flag(m, "individual_registration", f"{path}.individual_registration")
    subsidy = None
    if measure_type is not None and costs is not None:
        subsidy = rules.line_subsidy(measure_type, costs)
    return MeasureData(
        code=code,
        category=category,
        measure_type=measure_type,
        activities=activities,
        description=description,
        target_groups=target_groups,
        bottlenecks=bottlenecks,
        planned_participants=participants,
        planned_youth_participants=youth,
        planned_costs_eur=costs,
        own_funding=own_funding,
        other_public_funding=other_public,
        individual_registration=True if registration is None else registration,
        requested_subsidy_eur=subsidy,
        goals=tuple(goal for _, goal in r.texts(m, "goals", f"{path}.goals") or ()),
        mechanism=r.text(m, "mechanism", f"{path}.mechanism", required=False),
    )


def _read_measure_type(m: dict, path: str, category: str | None, rules: SchemeRules,
                       r: Reader) -> str | None:
    """The measure type if the scheme allows it for ``category``; a trajectory is its own type."""
    trajectory = rules.measure_structure == "trajectory"
    measure_type = r.text(m, "type", f"{path}.type", required=not trajectory)
    if category is None:
        return None
    if category not in rules.categories:
        what = "traject" if trajectory else "thema"
        r.error("measure_type_not_allowed", f"{path}.category",
                f"{what.capitalize()} {show(category)} is niet toegestaan in regeling {rules.code}; "
                f"toegestaan: {', '.join(rules.categories)}.")
        return None
    allowed = rules.categories[category].types
    if measure_type is None and trajectory:
        return rules.categories[category].default_type
    if measure_type is None:
        return None
    if measure_type not in allowed:
        r.error("measure_type_not_allowed", f"{path}.type",
                f"Maatregeltype {show(measure_type)} is niet toegestaan bij {show(category)} in regeling "
                f"{rules.code}; toegestaan: {', '.join(allowed)}.")
        return None
    return measure_type


def _read_activities(m: dict, path: str, rules: SchemeRules, r: Reader) -> tuple[str, ...]:
    trajectory = rules.measure_structure == "trajectory"
    activities = r.texts(m, "activities", f"{path}.activities", required=trajectory)
    for j, activity in activities or ():
        if activity not in rules.activities:
            allowed = ", ".join(rules.activities) or "geen (deze regeling kent geen activiteiten)"
            r.error("measure_type_not_allowed", f"{path}.activities[{j}]",
                    f"Activiteit {show(activity)} is niet toegestaan in regeling {rules.code}; toegestaan: "
                    f"{allowed}.")
    if trajectory and activities == []:
        r.error("measure_type_not_allowed", f"{path}.activities",
                "Een traject moet ten minste één activiteit hebben.")
    return tuple(a for _, a in activities or ())


def _read_target_groups(m: dict, path: str, rules: SchemeRules, r: Reader) -> tuple[str, ...]:
    groups = r.texts(m, "target_groups", f"{path}.target_groups") or ()
    for j, group in groups:
        if group in rules.excluded_target_groups:
            r.error("excluded_target_group", f"{path}.target_groups[{j}]",
                    f"Doelgroep {show(group)} wordt al door ander overheidsbeleid bediend en is in regeling "
                    f"{rules.code} uitgesloten.")
        elif group not in rules.target_groups:
            r.invalid(f"{path}.target_groups[{j}]",
                      f"Onbekende doelgroep {show(group)}; toegestaan: {', '.join(rules.target_groups)}.")
    return tuple(g for _, g in groups)


def _read_funding(m: dict, key: str, path: str, sources: Sequence[str] | None,
                  r: Reader) -> tuple[Funding, ...]:
    """Funding entries. ``sources`` None means other public money (any source name, e.g. ESF):
    every such entry, whatever its shape, is double public funding."""
    entries = r.items(m, key, f"{path}.{key}", required=False)
    if sources is None:
        for j, _ in enumerate(entries or ()):
            r.error("double_public_funding", f"{path}.{key}[{j}]",
                    "De maatregel wordt ook met ander overheidsgeld gefinancierd; dubbele publieke "
                    "financiering is niet toegestaan.")
    out = []
    for j, entry in r.objects(entries, f"{path}.{key}", "Een financieringsregel"):
        at = f"{path}.{key}[{j}]"
        if sources is None:
            source = r.text(entry, "source", f"{at}.source")
        else:
            source = r.choice(entry, "source", f"{at}.source", sources, "financieringsbron")
        out.append(Funding(source, r.amount(entry, "amount_eur", f"{at}.amount_eur")))
    return tuple(out)


def requested_subsidy(measures: tuple[MeasureData, ...], doc: dict) -> Decimal | None:
    """Σ over the measures, or None when the list or any measure's subsidy is unusable."""
    if not isinstance(doc.get("measures"), list) or len(measures) != len(doc["measures"]):
        return None
    if any(m.requested_subsidy_eur is None for m in measures):
        return None
    return sum((m.requested_subsidy_eur for m in measures), Decimal("0.00"))
