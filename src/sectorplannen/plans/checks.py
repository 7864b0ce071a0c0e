"""The application checks of a sector plan application document (formats.md §1).

Pure: the parsed JSON document and the rules of every tranche go in, findings come out; no ORM,
no I/O (``application.py`` loads the rules from the database). Any JSON value is accepted: a
malformed document yields ``invalid_value`` findings, never an exception. Every number comes from
``SchemeRules`` or the tranche's window.

How the ambiguous rules are read (docs/application-checks.md has the full table):

- Without a known ``tranche`` nothing else can be judged (the rules depend on it): the only
  finding is ``invalid_value`` at ``tranche``.
- A measure's requested subsidy is rate × planned costs (rate of its measure type; in a
  trajectory scheme the trajectory is the type), rounded half-up to cents; the plan's request is
  the sum, without overhead. The plan-level amount checks (minimum request, 80 % test) run only
  when every measure's subsidy could be computed, so one bad measure does not cause false alarms.
- Categories, measure types and activities outside the tranche's scheme are
  ``measure_type_not_allowed`` (a tranche-3 trajectory in tranche 2 is not "unknown", it is not
  allowed there). A trajectory measure needs at least one activity; ``type`` may be omitted there
  and must otherwise equal the trajectory.
- A measure bottleneck that the scheme does not know, or that the labour-market analysis does not
  name, is ``unknown_bottleneck``; so is an unknown code in the analysis itself. A measure without
  bottlenecks (missing or empty list) is ``measure_without_bottleneck``. An analysis that is
  missing, null or names no bottleneck is ``no_labour_market_analysis``.
- ``not_cao_party``: every partner of a CAO-required kind whose ``cao_party`` is not true.
- ``no_<kind>`` for every kind in ``required_partner_kinds`` (``no_union``,
  ``no_employers_organisation`` with the built-in schemes).
- 80 % test (``guarantee_required``): the main applicant's ``equity_eur`` (missing counts as 0)
  below ``guarantee_equity_ratio`` × the requested subsidy, and no other partner with role
  ``guarantor`` (the main applicant cannot guarantee itself). With ``"indemnity_agreement": true``
  in the document it is a warning: the agreement's coverage (``guarantee_coverage_ratio``) must be
  checked by hand.
- Own share of a measure = planned costs − requested subsidy. ``own_funding_insufficient`` when
  the own funding is below it; ``regional_government_funding`` when money from
  ``regional_government_sources`` exceeds ``regional_government_max_share`` of it (with share 0,
  each regional entry with an amount above 0 is flagged itself).
- Duration: the plan must end before ``start_date`` + ``max_duration_months`` (end inclusive:
  2014-07-01 … 2016-06-30 is exactly 24 months). Work placements may run until
  ``work_placement_run_until_months`` after the grant; the grant date is not known yet, so a plan
  with a work-placement measure that ends within that many months of its start gets a warning,
  not an error. An end before the start is ``invalid_value``.
- ``duplicate_partner`` (an extra code): two partners with the same name would be one organisation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from decimal import MAX_PREC, ROUND_HALF_UP, Context, Decimal
from typing import Any

from sectorplannen.common.dates import add_months, input_date_or_none
from sectorplannen.common.kinds import PARTNER_KINDS, PARTNER_ROLES
from sectorplannen.common.money import format_eur
from sectorplannen.schemes.rules import SchemeRules

ERROR, WARNING = "error", "warning"
PLAN_KINDS = ("sectoral", "regional")
MAIN_APPLICANT, GUARANTOR = "main_applicant", "guarantor"
ROLES = tuple(code for code, _ in PARTNER_ROLES)
KIND_LABELS = dict(PARTNER_KINDS)
CENT = Decimal("0.01")
# Exact money arithmetic whatever the size of the numbers in the document (no rounding surprises,
# no InvalidOperation when quantizing a huge amount).
_MONEY = Context(prec=MAX_PREC, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # ERROR or WARNING
    path: str  # into the document, e.g. "measures[2].bottlenecks"; "" is the document itself
    message: str  # Dutch

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class TrancheRules:
    """What the checks need to know about one tranche: its window, ceiling and scheme rules."""

    number: int
    window_start: dt.date
    window_end: dt.date
    budget_ceiling_eur: Decimal
    rules: SchemeRules


@dataclass(frozen=True)
class Funding:
    source: str | None
    amount_eur: Decimal | None


@dataclass(frozen=True)
class PartnerData:
    name: str | None
    kind: str | None
    roles: tuple[str, ...]
    cao_party: bool | None
    equity_eur: Decimal | None


@dataclass(frozen=True)
class AnalysisData:
    date: dt.date | None
    bottlenecks: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class MeasureData:
    code: str | None
    category: str | None
    measure_type: str | None  # in a trajectory scheme: the trajectory
    activities: tuple[str, ...]
    description: str
    target_groups: tuple[str, ...]
    bottlenecks: tuple[str, ...]
    planned_participants: int | None
    planned_youth_participants: int | None
    planned_costs_eur: Decimal | None
    own_funding: tuple[Funding, ...]
    other_public_funding: tuple[Funding, ...]
    individual_registration: bool
    requested_subsidy_eur: Decimal | None  # None when type or costs are unusable


@dataclass(frozen=True)
class ApplicationData:
    """The document as read. Fields are None where the document was unusable; when the assessment
    has no errors every required field is set."""

    tranche: int
    name: str | None
    kind: str | None
    sectors: tuple[str, ...]
    regions: tuple[str, ...]
    start_date: dt.date | None
    end_date: dt.date | None
    submitted_on: dt.date | None
    indemnity_agreement: bool
    partners: tuple[PartnerData, ...]
    analysis: AnalysisData | None
    measures: tuple[MeasureData, ...]


@dataclass(frozen=True)
class Assessment:
    findings: tuple[Finding, ...]
    application: ApplicationData | None  # None when the document or its tranche is unusable
    requested_subsidy_eur: Decimal | None  # None when a measure's subsidy cannot be computed

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    @property
    def valid(self) -> bool:
        return not self.errors


def check_application(doc: Any, rules_by_tranche: Mapping[int, TrancheRules]) -> list[Finding]:
    """All findings on ``doc`` (errors and warnings), in document order per part."""
    return list(assess_application(doc, rules_by_tranche).findings)


def assess_application(doc: Any, rules_by_tranche: Mapping[int, TrancheRules]) -> Assessment:
    """Read ``doc``, check it against its tranche's rules and compute the requested subsidy."""
    r = _Reader()
    if not isinstance(doc, dict):
        r.invalid("", f"Het aanvraagdocument moet een JSON-object zijn, niet {_kind_of(doc)}.")
        return Assessment(tuple(r.findings), None, None)
    number = doc.get("tranche")
    if number is None:
        r.invalid("tranche", "De tranche ontbreekt; zonder tranche zijn de regels niet te toetsen.")
    elif isinstance(number, bool) or not isinstance(number, int) or number not in rules_by_tranche:
        known = ", ".join(str(n) for n in sorted(rules_by_tranche))
        r.invalid("tranche", f"Onbekende tranche {_show(number)} (bekend: {known}); de overige regels zijn "
                             f"niet getoetst.")
    if r.findings:
        return Assessment(tuple(r.findings), None, None)
    tranche = rules_by_tranche[number]
    app = _read_application(doc, tranche, r)
    requested = _requested_subsidy(app.measures, doc)
    _check_partnership(app, tranche.rules, requested, r)
    _check_measures(app, tranche.rules, r)
    _check_dates(app, tranche, r)
    if requested is not None and requested < tranche.rules.minimum_request_eur:
        r.error("request_below_minimum", "measures",
                f"De gevraagde subsidie {format_eur(requested)} is lager dan het minimum van "
                f"{format_eur(tranche.rules.minimum_request_eur)} in tranche {tranche.number}.")
    return Assessment(tuple(r.findings), app, requested)


parse_date = input_date_or_none  # an input date (formats.md intro), or None: the reader reports it


# -- reading the document ------------------------------------------------------------------------


class _Reader:
    """Typed access to the document that turns every defect into an ``invalid_value`` finding."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def error(self, code: str, path: str, message: str, severity: str = ERROR) -> None:
        self.findings.append(Finding(code, severity, path, message))

    def invalid(self, path: str, message: str) -> None:
        self.error("invalid_value", path, message)

    def failed(self, path: str) -> bool:
        """Whether ``path`` or anything below it was invalid (its rule checks are then skipped)."""
        return any(
            f.code == "invalid_value" and (f.path == path or f.path.startswith((path + ".", path + "[")))
            for f in self.findings
        )

    def _get(self, obj: dict, key: str, path: str, required: bool) -> Any:
        value = obj.get(key)
        if value is None and required:
            self.invalid(path, "Dit veld ontbreekt.")
        return value

    def text(self, obj: dict, key: str, path: str, *, required: bool = True) -> str | None:
        value = self._get(obj, key, path, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.invalid(path, f"Verwacht tekst, niet {_kind_of(value)}.")
            return None
        if required and not value.strip():
            self.invalid(path, "Dit veld mag niet leeg zijn.")
            return None
        return value

    def choice(self, obj: dict, key: str, path: str, allowed: Sequence[str], what: str) -> str | None:
        value = self.text(obj, key, path)
        if value is not None and value not in allowed:
            self.invalid(path, f"Onbekende {what} {_show(value)}; toegestaan: {', '.join(allowed)}.")
            return None
        return value

    def date(self, obj: dict, key: str, path: str) -> dt.date | None:
        value = self.text(obj, key, path)
        if value is None:
            return None
        day = parse_date(value)
        if day is None:
            self.invalid(path, f"{_show(value)} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ).")
        return day

    def amount(self, obj: dict, key: str, path: str, *, required: bool = True) -> Decimal | None:
        value = self._get(obj, key, path, required)
        if value is None:
            return None
        number = _decimal(value)
        if number is None and isinstance(value, float):
            self.invalid(path, "Een bedrag moet een eindig getal zijn (geen NaN of oneindig).")
        elif number is None:
            self.invalid(path, f"Verwacht een bedrag in euro's (een getal), niet {_kind_of(value)}.")
        elif number < 0:
            self.invalid(path, "Een bedrag mag niet negatief zijn.")
            return None
        return number

    def count(self, obj: dict, key: str, path: str) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.invalid(path, f"Verwacht een geheel aantal, niet {_kind_of(value)}.")
            return None
        if value < 0:
            self.invalid(path, "Een aantal mag niet negatief zijn.")
            return None
        return value

    def flag(self, obj: dict, key: str, path: str) -> bool | None:
        value = obj.get(key)
        if value is not None and not isinstance(value, bool):
            self.invalid(path, f"Verwacht true of false, niet {_kind_of(value)}.")
            return None
        return value

    def items(self, obj: dict, key: str, path: str, *, required: bool) -> list | None:
        """The list at ``key``: missing is [] unless required; anything else than a list is None."""
        value = self._get(obj, key, path, required)
        if value is None:
            return None if required else []
        if not isinstance(value, list):
            self.invalid(path, f"Verwacht een lijst, niet {_kind_of(value)}.")
            return None
        return value

    def texts(self, obj: dict, key: str, path: str, *,
              required: bool = False) -> list[tuple[int, str]] | None:
        """(index, text) of the list at ``key``; non-text entries are reported and left out."""
        values = self.items(obj, key, path, required=required)
        if values is None:
            return None
        out = []
        for i, value in enumerate(values):
            if isinstance(value, str):
                out.append((i, value))
            else:
                self.invalid(f"{path}[{i}]", f"Verwacht tekst, niet {_kind_of(value)}.")
        return out

    def objects(self, values: list | None, path: str, what: str) -> list[tuple[int, dict]]:
        """(index, object) of ``values`` (a list read by ``items``); other entries are reported."""
        out = []
        for i, value in enumerate(values or ()):
            if isinstance(value, dict):
                out.append((i, value))
            else:
                self.invalid(f"{path}[{i}]", f"{what} moet een object zijn, niet {_kind_of(value)}.")
        return out


def _read_application(doc: dict, tranche: TrancheRules, r: _Reader) -> ApplicationData:
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


def _read_partner(p: dict, path: str, rules: SchemeRules, r: _Reader) -> PartnerData:
    name = r.text(p, "name", f"{path}.name")
    kind = r.choice(p, "kind", f"{path}.kind", rules.partner_kinds, "soort partner")
    roles = []
    for j, role in r.texts(p, "roles", f"{path}.roles", required=True) or ():
        if role in ROLES:
            roles.append(role)
        else:
            r.invalid(f"{path}.roles[{j}]", f"Onbekende rol {_show(role)}; toegestaan: {', '.join(ROLES)}.")
    return PartnerData(
        name=name,
        kind=kind,
        roles=tuple(roles),
        cao_party=r.flag(p, "cao_party", f"{path}.cao_party"),
        equity_eur=r.amount(p, "equity_eur", f"{path}.equity_eur", required=False),
    )


def _read_analysis(doc: dict, rules: SchemeRules, r: _Reader) -> AnalysisData | None:
    path = "labour_market_analysis"
    a = doc.get(path)
    if a is None:
        r.error("no_labour_market_analysis", path,
                "De aanvraag heeft geen arbeidsmarktanalyse; die is verplicht en onderbouwt de knelpunten.")
        return None
    if not isinstance(a, dict):
        r.invalid(path, f"De arbeidsmarktanalyse moet een object zijn, niet {_kind_of(a)}.")
        return None
    date = r.date(a, "date", f"{path}.date")
    bottlenecks = r.texts(a, "bottlenecks", f"{path}.bottlenecks", required=True)
    for j, code in bottlenecks or ():
        if code not in rules.bottlenecks:
            r.error("unknown_bottleneck", f"{path}.bottlenecks[{j}]",
                    f"Onbekend knelpunt {_show(code)}; de regeling kent: {', '.join(rules.bottlenecks)}.")
    if bottlenecks == []:
        r.error("no_labour_market_analysis", f"{path}.bottlenecks",
                "De arbeidsmarktanalyse noemt geen knelpunten.")
    return AnalysisData(
        date=date,
        bottlenecks=tuple(code for _, code in bottlenecks or ()),
        summary=r.text(a, "summary", f"{path}.summary", required=False) or "",
    )


def _read_measure(m: dict, path: str, rules: SchemeRules, r: _Reader) -> MeasureData:
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
    )


def _read_measure_type(m: dict, path: str, category: str | None, rules: SchemeRules,
                       r: _Reader) -> str | None:
    """The measure type if the scheme allows it for ``category``; a trajectory is its own type."""
    trajectory = rules.measure_structure == "trajectory"
    measure_type = r.text(m, "type", f"{path}.type", required=not trajectory)
    if category is None:
        return None
    if category not in rules.categories:
        what = "traject" if trajectory else "thema"
        r.error("measure_type_not_allowed", f"{path}.category",
                f"{what.capitalize()} {_show(category)} is niet toegestaan in regeling {rules.code}; "
                f"toegestaan: {', '.join(rules.categories)}.")
        return None
    allowed = rules.categories[category].types
    if measure_type is None and trajectory:
        return rules.categories[category].default_type
    if measure_type is None:
        return None
    if measure_type not in allowed:
        r.error("measure_type_not_allowed", f"{path}.type",
                f"Maatregeltype {_show(measure_type)} is niet toegestaan bij {_show(category)} in regeling "
                f"{rules.code}; toegestaan: {', '.join(allowed)}.")
        return None
    return measure_type


def _read_activities(m: dict, path: str, rules: SchemeRules, r: _Reader) -> tuple[str, ...]:
    trajectory = rules.measure_structure == "trajectory"
    activities = r.texts(m, "activities", f"{path}.activities", required=trajectory)
    for j, activity in activities or ():
        if activity not in rules.activities:
            allowed = ", ".join(rules.activities) or "geen (deze regeling kent geen activiteiten)"
            r.error("measure_type_not_allowed", f"{path}.activities[{j}]",
                    f"Activiteit {_show(activity)} is niet toegestaan in regeling {rules.code}; toegestaan: "
                    f"{allowed}.")
    if trajectory and activities == []:
        r.error("measure_type_not_allowed", f"{path}.activities",
                "Een traject moet ten minste één activiteit hebben.")
    return tuple(a for _, a in activities or ())


def _read_target_groups(m: dict, path: str, rules: SchemeRules, r: _Reader) -> tuple[str, ...]:
    groups = r.texts(m, "target_groups", f"{path}.target_groups") or ()
    for j, group in groups:
        if group in rules.excluded_target_groups:
            r.error("excluded_target_group", f"{path}.target_groups[{j}]",
                    f"Doelgroep {_show(group)} wordt al door ander overheidsbeleid bediend en is in regeling "
                    f"{rules.code} uitgesloten.")
        elif group not in rules.target_groups:
            r.invalid(f"{path}.target_groups[{j}]",
                      f"Onbekende doelgroep {_show(group)}; toegestaan: {', '.join(rules.target_groups)}.")
    return tuple(g for _, g in groups)


def _read_funding(m: dict, key: str, path: str, sources: Sequence[str] | None,
                  r: _Reader) -> tuple[Funding, ...]:
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


def _requested_subsidy(measures: tuple[MeasureData, ...], doc: dict) -> Decimal | None:
    """Σ over the measures, or None when the list or any measure's subsidy is unusable."""
    if not isinstance(doc.get("measures"), list) or len(measures) != len(doc["measures"]):
        return None
    if any(m.requested_subsidy_eur is None for m in measures):
        return None
    return sum((m.requested_subsidy_eur for m in measures), Decimal("0.00"))


# -- the rules -----------------------------------------------------------------------------------


def _check_partnership(app: ApplicationData, rules: SchemeRules, requested: Decimal | None,
                       r: _Reader) -> None:
    kinds = {p.kind for p in app.partners}
    for kind in rules.required_partner_kinds:
        if kind not in kinds:
            r.error(f"no_{kind}", "partners",
                    f"Het samenwerkingsverband heeft geen {_kind_label(kind)}; die is verplicht.")
    seen: set[str] = set()
    for i, p in enumerate(app.partners):
        if p.name in seen:
            r.error("duplicate_partner", f"partners[{i}].name",
                    f"Partner {_show(p.name)} staat meer dan eens in de aanvraag.")
        if p.name is not None:
            seen.add(p.name)
        at = f"partners[{i}].cao_party"
        if p.kind in rules.cao_required_kinds and p.cao_party is not True and not r.failed(at):
            r.error("not_cao_party", at,
                    f"{_show(p.name)} ({_kind_label(p.kind)}) moet partij zijn bij een cao.")
    main = [(i, p) for i, p in enumerate(app.partners) if MAIN_APPLICANT in p.roles]
    if not main:
        r.error("no_main_applicant", "partners", "Er is geen hoofdaanvrager; er moet er precies één zijn.")
    for i, p in main[1:]:
        r.error("multiple_main_applicants", f"partners[{i}].roles",
                f"{_show(p.name)} is ook hoofdaanvrager, naast {_show(main[0][1].name)}; er mag er maar "
                f"één zijn.")
    for i, p in main:
        if p.kind is not None and p.kind not in rules.main_applicant_kinds:
            r.error("main_applicant_kind_not_allowed", f"partners[{i}].kind",
                    f"Een {_kind_label(p.kind)} mag in regeling {rules.code} geen hoofdaanvrager zijn; "
                    f"toegestaan: {', '.join(_kind_label(k) for k in rules.main_applicant_kinds)}.")
    if len(main) == 1 and requested is not None and not r.failed(f"partners[{main[0][0]}].equity_eur"):
        _check_guarantee(app, main[0], rules, requested, r)


def _check_guarantee(app: ApplicationData, main: tuple[int, PartnerData], rules: SchemeRules,
                     requested: Decimal, r: _Reader) -> None:
    """The 80 % test: enough equity, another partner as guarantor, or (checked by hand) an indemnity
    agreement. The main applicant cannot guarantee its own repayment."""
    i, applicant = main
    equity = applicant.equity_eur or Decimal("0")
    needed = _MONEY.multiply(rules.guarantee_equity_ratio, requested)
    if equity >= needed or any(GUARANTOR in p.roles for p in app.partners if p is not applicant):
        return
    why = (f"Het eigen vermogen van de hoofdaanvrager ({format_eur(equity)}) is lager dan "
           f"{_pct(rules.guarantee_equity_ratio)} van de gevraagde subsidie ({format_eur(needed)}). ")
    coverage = _pct(rules.guarantee_coverage_ratio)
    if app.indemnity_agreement:
        r.error("guarantee_required", f"partners[{i}].equity_eur",
                why + f"Controleer dat de vrijwaringsovereenkomst ten minste {coverage} dekt.", WARNING)
    else:
        r.error("guarantee_required", f"partners[{i}].equity_eur",
                why + f"Een garantsteller of een vrijwaringsovereenkomst die ten minste {coverage} dekt "
                      f"is nodig.")


def _check_measures(app: ApplicationData, rules: SchemeRules, r: _Reader) -> None:
    codes: set[str] = set()
    analysed = None if app.analysis is None else set(app.analysis.bottlenecks)
    for i, m in enumerate(app.measures):
        path = f"measures[{i}]"
        if m.code is not None and m.code in codes:
            r.error("duplicate_measure_code", f"{path}.code",
                    f"Maatregelcode {_show(m.code)} komt meer dan eens voor.")
        if m.code is not None:
            codes.add(m.code)
        _check_bottlenecks(m, path, rules, analysed, r)
        costs, subsidy = m.planned_costs_eur, m.requested_subsidy_eur
        if costs is not None and subsidy is not None and not r.failed(f"{path}.own_funding"):
            _check_own_funding(m.own_funding, costs, subsidy, path, rules, r)


def _check_bottlenecks(m: MeasureData, path: str, rules: SchemeRules, analysed: set[str] | None,
                       r: _Reader) -> None:
    if r.failed(f"{path}.bottlenecks"):
        return
    if not m.bottlenecks:
        r.error("measure_without_bottleneck", f"{path}.bottlenecks",
                "De maatregel noemt geen knelpunt; elke maatregel moet een knelpunt uit de "
                "arbeidsmarktanalyse beantwoorden.")
    for j, code in enumerate(m.bottlenecks):
        if code not in rules.bottlenecks:
            r.error("unknown_bottleneck", f"{path}.bottlenecks[{j}]",
                    f"Onbekend knelpunt {_show(code)}; de regeling kent: {', '.join(rules.bottlenecks)}.")
        elif analysed is not None and code not in analysed:
            r.error("unknown_bottleneck", f"{path}.bottlenecks[{j}]",
                    f"Knelpunt {_show(code)} staat niet in de arbeidsmarktanalyse.")


def _check_own_funding(funding: tuple[Funding, ...], costs: Decimal, subsidy: Decimal, path: str,
                       rules: SchemeRules, r: _Reader) -> None:
    """The sector pays what the subsidy does not; regional government only a limited part of that."""
    own_share = _MONEY.subtract(costs, subsidy)
    own = sum((f.amount_eur or Decimal("0") for f in funding), Decimal("0"))
    if own < own_share:
        r.error("own_funding_insufficient", f"{path}.own_funding",
                f"De eigen bijdrage ({format_eur(own)}) dekt het eigen deel niet: geplande kosten "
                f"{format_eur(costs)} − gevraagde subsidie {format_eur(subsidy)} = "
                f"{format_eur(own_share)}.")
    regional = [(j, f) for j, f in enumerate(funding) if f.source in rules.regional_government_sources]
    if rules.regional_government_max_share == 0:
        for j, f in regional:
            if f.amount_eur:
                r.error("regional_government_funding", f"{path}.own_funding[{j}].source",
                        f"Eigen bijdrage van {_show(f.source)} is niet toegestaan: in regeling {rules.code} "
                        f"mag de eigen bijdrage niet van gemeenten of provincies komen.")
        return
    paid = sum((f.amount_eur or Decimal("0") for _, f in regional), Decimal("0"))
    allowed = _MONEY.multiply(rules.regional_government_max_share, own_share)
    if paid > allowed:
        r.error("regional_government_funding", f"{path}.own_funding",
                f"Gemeenten en provincies betalen {format_eur(paid)}, meer dan "
                f"{_pct(rules.regional_government_max_share)} van het eigen deel ({format_eur(allowed)}).")


def _check_dates(app: ApplicationData, tranche: TrancheRules, r: _Reader) -> None:
    rules = tranche.rules
    if app.submitted_on is not None and not tranche.window_start <= app.submitted_on <= tranche.window_end:
        r.error("outside_application_window", "submitted_on",
                f"Ingediend op {app.submitted_on:%d-%m-%Y}, buiten het aanvraagtijdvak van tranche "
                f"{tranche.number} ({tranche.window_start:%d-%m-%Y} t/m {tranche.window_end:%d-%m-%Y}).")
    start, end = app.start_date, app.end_date
    if start is None or end is None:
        return
    if end < start:
        r.invalid("end_date", f"De einddatum {end:%d-%m-%Y} ligt vóór de begindatum {start:%d-%m-%Y}.")
        return
    if _ends_before(end, start, rules.max_duration_months):
        return
    message = (f"De looptijd ({start:%d-%m-%Y} t/m {end:%d-%m-%Y}) is langer dan "
               f"{rules.max_duration_months} maanden")
    placement_types = rules.work_placement_types
    placements = any(m.measure_type in placement_types for m in app.measures)
    if placements and _ends_before(end, start, rules.work_placement_run_until_months):
        r.error("duration_too_long", "end_date",
                f"{message}. Alleen leerwerkplekken mogen doorlopen tot "
                f"{rules.work_placement_run_until_months} maanden na verlening; de overige maatregelen "
                f"moeten binnen {rules.max_duration_months} maanden af zijn.", WARNING)
    else:
        r.error("duration_too_long", "end_date", message + ".")


# -- helpers -------------------------------------------------------------------------------------


def _ends_before(end: dt.date, start: dt.date, months: int) -> bool:
    """Whether ``end`` lies before ``start`` + ``months`` (true when that is beyond the calendar)."""
    try:
        return end < add_months(start, months)
    except ValueError:
        return True


def _decimal(value: Any) -> Decimal | None:
    """A finite JSON number as Decimal (floats via their shortest text, so 0.1 stays 0.1)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    return number if number.is_finite() else None


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    return "een lijst" if isinstance(value, list) else "een object"


def _show(value: Any) -> str:
    """A value for a message: text quoted, a (reasonably sized) number as is, else its kind."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) or (type(value) is int and value.bit_length() < 64):
        return repr(value)
    return _kind_of(value)


def _kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "onbekende soort")


def _pct(ratio: Decimal) -> str:
    return f"{_MONEY.multiply(ratio, Decimal(100)).normalize(_MONEY):f} %"
