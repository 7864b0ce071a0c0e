"""The rule checks on an application as read (``ApplicationData``): partnership and guarantee,
measures and own funding, dates. Pure functions; every number comes from ``SchemeRules`` or the
tranche's window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from sectorplannen.common.dates import add_months
from sectorplannen.common.documents import show
from sectorplannen.common.money import format_eur
from sectorplannen.schemes.rules import SchemeRules

from .document import (
    ERROR,
    GUARANTOR,
    KIND_LABELS,
    MAIN_APPLICANT,
    MONEY,
    WARNING,
    ApplicationData,
    Funding,
    GoalLists,
    MeasureData,
    PartnerData,
    Reader,
    TrancheRules,
)

__all__ = ["check_dates", "check_goals", "check_measures", "check_partnership"]


def check_partnership(app: ApplicationData, rules: SchemeRules, requested: Decimal | None,
                       r: Reader) -> None:
    kinds = {p.kind for p in app.partners}
    for kind in rules.required_partner_kinds:
        if kind not in kinds:
            r.error(f"no_{kind}", "partners",
                    f"Het samenwerkingsverband heeft geen {_kind_label(kind)}; die is verplicht.")
    seen: set[str] = set()
    for i, p in enumerate(app.partners):
        if p.name in seen:
            r.error("duplicate_partner", f"partners[{i}].name",
                    f"Partner {show(p.name)} staat meer dan eens in de aanvraag.")
        if p.name is not None:
            seen.add(p.name)
        at = f"partners[{i}].cao_party"
        if p.kind in rules.cao_required_kinds and p.cao_party is not True and not r.failed(at):
            r.error("not_cao_party", at,
                    f"{show(p.name)} ({_kind_label(p.kind)}) moet partij zijn bij een cao.")
    main = [(i, p) for i, p in enumerate(app.partners) if MAIN_APPLICANT in p.roles]
    if not main:
        r.error("no_main_applicant", "partners", "Er is geen hoofdaanvrager; er moet er precies één zijn.")
    for i, p in main[1:]:
        r.error("multiple_main_applicants", f"partners[{i}].roles",
                f"{show(p.name)} is ook hoofdaanvrager, naast {show(main[0][1].name)}; er mag er maar "
                f"één zijn.")
    for i, p in main:
        if p.kind is not None and p.kind not in rules.main_applicant_kinds:
            r.error("main_applicant_kind_not_allowed", f"partners[{i}].kind",
                    f"Een {_kind_label(p.kind)} mag in regeling {rules.code} geen hoofdaanvrager zijn; "
                    f"toegestaan: {', '.join(_kind_label(k) for k in rules.main_applicant_kinds)}.")
    if len(main) == 1 and requested is not None and not r.failed(f"partners[{main[0][0]}].equity_eur"):
        _check_guarantee(app, main[0], rules, requested, r)


def _check_guarantee(app: ApplicationData, main: tuple[int, PartnerData], rules: SchemeRules,
                     requested: Decimal, r: Reader) -> None:
    """The 80 % test: enough equity, another partner as guarantor, or (checked by hand) an indemnity
    agreement. The main applicant cannot guarantee its own repayment."""
    i, applicant = main
    equity = applicant.equity_eur or Decimal("0")
    needed = MONEY.multiply(rules.guarantee_equity_ratio, requested)
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


def check_measures(app: ApplicationData, rules: SchemeRules, r: Reader) -> None:
    codes: set[str] = set()
    analysed = None if app.analysis is None else set(app.analysis.bottlenecks)
    for i, m in enumerate(app.measures):
        path = f"measures[{i}]"
        if m.code is not None and m.code in codes:
            r.error("duplicate_measure_code", f"{path}.code",
                    f"Maatregelcode {show(m.code)} komt meer dan eens voor.")
        if m.code is not None:
            codes.add(m.code)
        _check_bottlenecks(m, path, rules, analysed, r)
        costs, subsidy = m.planned_costs_eur, m.requested_subsidy_eur
        if costs is not None and subsidy is not None and not r.failed(f"{path}.own_funding"):
            _check_own_funding(m.own_funding, costs, subsidy, path, rules, r)


def _check_bottlenecks(m: MeasureData, path: str, rules: SchemeRules, analysed: set[str] | None,
                       r: Reader) -> None:
    if r.failed(f"{path}.bottlenecks"):
        return
    if not m.bottlenecks:
        r.error("measure_without_bottleneck", f"{path}.bottlenecks",
                "De maatregel noemt geen knelpunt; elke maatregel moet een knelpunt uit de "
                "arbeidsmarktanalyse beantwoorden.")
    for j, code in enumerate(m.bottlenecks):
        if code not in rules.bottlenecks:
            r.error("unknown_bottleneck", f"{path}.bottlenecks[{j}]",
                    f"Onbekend knelpunt {show(code)}; de regeling kent: {', '.join(rules.bottlenecks)}.")
        elif analysed is not None and code not in analysed:
            r.error("unknown_bottleneck", f"{path}.bottlenecks[{j}]",
                    f"Knelpunt {show(code)} staat niet in de arbeidsmarktanalyse.")


def _check_own_funding(funding: tuple[Funding, ...], costs: Decimal, subsidy: Decimal, path: str,
                       rules: SchemeRules, r: Reader) -> None:
    """The sector pays what the subsidy does not; regional government only a limited part of that."""
    own_share = MONEY.subtract(costs, subsidy)
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
                        f"Eigen bijdrage van {show(f.source)} is niet toegestaan: in regeling {rules.code} "
                        f"mag de eigen bijdrage niet van gemeenten of provincies komen.")
        return
    paid = sum((f.amount_eur or Decimal("0") for _, f in regional), Decimal("0"))
    allowed = MONEY.multiply(rules.regional_government_max_share, own_share)
    if paid > allowed:
        r.error("regional_government_funding", f"{path}.own_funding",
                f"Gemeenten en provincies betalen {format_eur(paid)}, meer dan "
                f"{_pct(rules.regional_government_max_share)} van het eigen deel ({format_eur(allowed)}).")


def check_goals(app: ApplicationData, rules: SchemeRules, goals: GoalLists, r: Reader) -> None:
    """Each measure names its narrow goals from its theme's list and at most one main mechanism
    (docs/qualitative.md §1.1). A theme without a list (the trajectories of tranche 3) takes none.
    Missing goals are an error where the scheme requires them, else a warning."""
    for i, m in enumerate(app.measures):
        path = f"measures[{i}]"
        if m.category is None or r.failed(f"{path}.goals") or r.failed(f"{path}.mechanism"):
            continue
        allowed = goals.by_theme.get(m.category)
        theme = goals.theme_labels.get(m.category, m.category)
        if allowed is None:
            if m.goals:
                r.error("unknown_goal", f"{path}.goals", _(
                    "Het thema of traject %(theme)s heeft geen lijst van doelen; laat de doelen leeg.")
                    % {"theme": theme})
            continue
        if not m.goals:
            r.error("goals_missing", f"{path}.goals", _(
                "Maatregel %(code)s noemt geen doelen; kies uit de lijst van het thema %(theme)s welke doelen de "
                "maatregel nastreeft.") % {"code": show(m.code), "theme": theme},
                ERROR if rules.narrow_goals_required else WARNING)
        for j, goal in enumerate(m.goals):
            if goal not in allowed:
                r.error("unknown_goal", f"{path}.goals[{j}]", _(
                    "Doel %(goal)s staat niet in de lijst van het thema %(theme)s (codeboek versie %(version)s).")
                    % {"goal": show(goal), "theme": theme, "version": goals.version})
        if m.mechanism is not None and m.mechanism not in goals.mechanisms:
            r.error("unknown_mechanism", f"{path}.mechanism", _(
                "Onbekend mechanisme %(mechanism)s (codeboek versie %(version)s).")
                % {"mechanism": show(m.mechanism), "version": goals.version})


def check_dates(app: ApplicationData, tranche: TrancheRules, r: Reader) -> None:
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


def _ends_before(end: dt.date, start: dt.date, months: int) -> bool:
    """Whether ``end`` lies before ``start`` + ``months`` (true when that is beyond the calendar)."""
    try:
        return end < add_months(start, months)
    except ValueError:
        return True


def _kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "onbekende soort")


def _pct(ratio: Decimal) -> str:
    return f"{MONEY.multiply(ratio, Decimal(100)).normalize(MONEY):f} %"
