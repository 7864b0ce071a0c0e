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
- Narrow goals (issue 14), only when goal lists are given (the qualitative app's codebook):
  ``unknown_goal`` for a goal not in the measure's theme list, ``unknown_mechanism``, and
  ``goals_missing`` for a measure of a theme with a list that names none (an error where the scheme's
  ``narrow_goals.required`` is on, else a warning, so the formats example stays valid).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sectorplannen.common.documents import kind_of, show
from sectorplannen.common.money import format_eur

from .document import (
    ERROR,
    WARNING,
    ApplicationData,
    Assessment,
    Finding,
    Funding,
    GoalLists,
    Reader,
    TrancheRules,
    parse_date,
)
from .reading import read_application, requested_subsidy
from .rule_checks import check_dates, check_goals, check_measures, check_partnership

__all__ = [
    "ERROR",
    "WARNING",
    "ApplicationData",
    "Assessment",
    "Finding",
    "Funding",
    "GoalLists",
    "TrancheRules",
    "assess_application",
    "check_application",
    "format_eur",
    "parse_date",
]


def check_application(doc: Any, rules_by_tranche: Mapping[int, TrancheRules],
                      goals: GoalLists | None = None) -> list[Finding]:
    """All findings on ``doc`` (errors and warnings), in document order per part."""
    return list(assess_application(doc, rules_by_tranche, goals).findings)


def assess_application(doc: Any, rules_by_tranche: Mapping[int, TrancheRules],
                       goals: GoalLists | None = None) -> Assessment:
    """Read ``doc``, check it against its tranche's rules (and the narrow goals against ``goals``)
    and compute the requested subsidy."""
    r = Reader()
    if not isinstance(doc, dict):
        r.invalid("", f"Het aanvraagdocument moet een JSON-object zijn, niet {kind_of(doc)}.")
        return Assessment(tuple(r.findings), None, None)
    number = doc.get("tranche")
    if number is None:
        r.invalid("tranche", "De tranche ontbreekt; zonder tranche zijn de regels niet te toetsen.")
    elif isinstance(number, bool) or not isinstance(number, int) or number not in rules_by_tranche:
        known = ", ".join(str(n) for n in sorted(rules_by_tranche))
        r.invalid("tranche", f"Onbekende tranche {show(number)} (bekend: {known}); de overige regels zijn "
                             f"niet getoetst.")
    if r.findings:
        return Assessment(tuple(r.findings), None, None)
    tranche = rules_by_tranche[number]
    app = read_application(doc, tranche, r)
    requested = requested_subsidy(app.measures, doc)
    check_partnership(app, tranche.rules, requested, r)
    check_measures(app, tranche.rules, r)
    check_dates(app, tranche, r)
    if goals is not None:
        check_goals(app, tranche.rules, goals, r)
    if requested is not None and requested < tranche.rules.minimum_request_eur:
        r.error("request_below_minimum", "measures",
                f"De gevraagde subsidie {format_eur(requested)} is lager dan het minimum van "
                f"{format_eur(tranche.rules.minimum_request_eur)} in tranche {tranche.number}.")
    return Assessment(tuple(r.findings), app, requested)
