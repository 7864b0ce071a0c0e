"""Declared against registered participants, where it matters (issue 18, point 2): beside each
declared figure in the final declaration (with warnings before it is sent), on the assessor's
settlement page and in the settlement proposal. The threshold and whether the registry caps the
declaration come from the scheme rules."""

from __future__ import annotations

from math import ceil

from django.utils.translation import gettext as _

from sectorplannen.common.labels import label_of, measure_type_label
from sectorplannen.common.money import format_int, format_pct
from sectorplannen.finance.reconciliation import declared_participants
from sectorplannen.participants.services import registered_counts

__all__ = ["declaration_warnings", "measure_label", "needed", "registry_facts", "settlement_participants"]


def measure_label(rules, measure_type: str) -> str:
    return measure_type_label(measure_type, rules.type_info(measure_type).label if rules.knows_type(measure_type)
                              else None)


def needed(planned, ratio) -> int | None:
    """The fewest participants that meet the threshold (ratio × planned, rounded up)."""
    return ceil(ratio * planned) if planned else None


def registry_facts(plan, decision_lines) -> dict[str, dict]:
    """Per measure code: registered participants, the threshold number, whether it is registered per person."""
    rules, registered = plan.scheme.rules, registered_counts(plan)
    per_measure = rules.participant_threshold.level == "measure"
    return {line.measure.code: {
        "registered": registered.get(line.measure.code, 0), "individual": line.measure.individual_registration,
        "needed": needed(line.planned_participants, rules.participant_threshold.min_ratio) if per_measure else None,
    } for line in decision_lines}


def declaration_warnings(plan, decision_lines, declared: dict[str, int | None]) -> list[dict]:
    """What the applicant should know before sending: more declared than registered, and a measure
    (or the plan) below the participant threshold that therefore gets no subsidy."""
    rules = plan.scheme.rules
    facts, pt = registry_facts(plan, decision_lines), rules.participant_threshold
    warnings = []
    for line in decision_lines:
        code, d, f = line.measure.code, declared.get(line.measure.code), facts[line.measure.code]
        if d is not None and f["individual"] and f["registered"] < d:
            text = _("Maatregel %(code)s: u declareert %(d)s deelnemers, in het deelnemersregister staan er %(r)s.") % {
                "code": code, "d": format_int(d), "r": format_int(f["registered"])}
            if rules.registry_caps_declared:
                text += " " + _("De regeling telt ten hoogste het aantal ingeschrevenen.")
            warnings.append({"code": code, "text": text})
        if f["needed"] is not None and (d or 0) < f["needed"]:
            warnings.append({"code": code, "text": _(
                "Maatregel %(code)s: %(d)s van %(p)s geplande deelnemers is minder dan %(pct)s (nodig: %(n)s); "
                "deze maatregel krijgt dan geen subsidie.") % {
                "code": code, "d": format_int(d or 0), "p": format_int(line.planned_participants),
                "pct": format_pct(pt.min_ratio), "n": format_int(f["needed"])}})
    if pt.level == "plan":
        with_target = [line for line in decision_lines if line.planned_participants]
        planned = sum(line.planned_participants for line in with_target)
        realised = sum(declared.get(line.measure.code) or 0 for line in with_target)
        if planned and realised < needed(planned, pt.min_ratio):
            warnings.append({"code": "", "text": _(
                "Het plan haalt met %(d)s van %(p)s geplande deelnemers de deelnemersdrempel van %(pct)s niet; "
                "de maatregelen met een deelnemersdoel krijgen dan geen subsidie.") % {
                "d": format_int(realised), "p": format_int(planned), "pct": format_pct(pt.min_ratio)}})
    return warnings


def settlement_participants(plan, settlement_lines) -> list[dict]:
    """Per settled measure: planned, needed, declared, registered, counted and the threshold's outcome."""
    rules, declared, registered = plan.scheme.rules, declared_participants(plan), registered_counts(plan)
    rows = []
    for line in settlement_lines:
        code = line.measure.code
        d, r = declared.get(code), registered.get(code, 0)
        rows.append({"code": code, "label": measure_label(rules, line.measure_type),
                     "planned": line.planned_participants, "declared": d, "registered": r,
                     "counted": line.realised_participants,
                     "status": label_of("settlement_line_status", line.status),
                     "needed": needed(line.planned_participants, rules.participant_threshold.min_ratio)
                     if rules.participant_threshold.level == "measure" else None,
                     "more_declared": d is not None and line.measure.individual_registration and r < d,
                     "subsidy": line.subsidy_eur, "gross": line.gross_subsidy_eur})
    return rows
