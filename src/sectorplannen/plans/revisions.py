"""Revisions of a grant decision as a pure calculation.

A revision takes the latest decision (as a ``DecisionState``) and a list of requested changes and
either yields the next state or the reasons it is refused. The rules come from ``SchemeRules``:
no new measures unless allowed, one extension of limited length requested in time, budget moves
only between the plan's own measures, and (by default) no higher maximum subsidy than before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sectorplannen.common.dates import add_months
from sectorplannen.schemes.rules import SchemeRules, line_subsidy

CENT = Decimal("0.01")
ACTIVE, STOPPED = "active", "stopped"


@dataclass(frozen=True)
class LineState:
    code: str
    category: str
    measure_type: str
    status: str
    planned_participants: int | None
    planned_youth_participants: int | None
    planned_costs_eur: Decimal
    rate: Decimal
    note: str = ""
    target_groups: tuple[str, ...] = ()

    @property
    def subsidy_eur(self) -> Decimal:
        return line_subsidy(self.rate, self.planned_costs_eur)


@dataclass(frozen=True)
class DecisionState:
    version: int
    granted_on: dt.date  # the date of version 1: extension deadlines count from it
    decided_on: dt.date
    start_date: dt.date
    end_date: dt.date
    extension_months: int
    extensions_used: int
    max_subsidy_eur: Decimal
    lines: tuple[LineState, ...]

    def line(self, code: str) -> LineState | None:
        return next((line for line in self.lines if line.code == code), None)

    @property
    def granted_subsidy_eur(self) -> Decimal:
        return sum((line.subsidy_eur for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    change: int | None = None  # index into the requested changes


@dataclass(frozen=True)
class RevisionRequest:
    changes: tuple[dict, ...]
    reason: str
    analysis_date: dt.date | None
    requested_on: dt.date
    first_progress_report_on: dt.date | None = None
    previous_analysis_date: dt.date | None = None
    # The subsidy the sending plan of a budget transfer gives up (plans/transfers.py): the receiving
    # plan's maximum subsidy may rise by at most this much, and only then may it take 'transfer_in'.
    incoming_transfer_eur: Decimal = Decimal("0")


@dataclass(frozen=True)
class RevisionOutcome:
    state: DecisionState | None
    refusals: tuple[Refusal, ...]
    new_measures: tuple[LineState, ...] = ()  # lines whose measure must be created (split/merge)

    @property
    def accepted(self) -> bool:
        return not self.refusals


def _amount(change: dict, key: str) -> Decimal:
    try:
        value = Decimal(str(change[key]))
    except (KeyError, InvalidOperation) as exc:
        raise _Bad("invalid_change", f"'{key}' ontbreekt of is geen bedrag") from exc
    if value < 0:
        raise _Bad("invalid_change", f"'{key}' mag niet negatief zijn")
    return value.quantize(CENT, ROUND_HALF_UP)


def _count(change: dict, key: str, default: int | None) -> int | None:
    if key not in change:
        return default
    value = change[key]
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Bad("invalid_change", f"'{key}' moet een geheel getal ≥ 0 zijn")
    return value


class _Bad(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def apply_revision(previous: DecisionState, request: RevisionRequest, rules: SchemeRules) -> RevisionOutcome:
    """Apply every change in order; any refused change refuses the whole revision."""
    refusals: list[Refusal] = []
    if not request.reason.strip():
        refusals.append(Refusal("reason_missing", "Geef de reden van de herziening."))
    if request.analysis_date is None:
        refusals.append(Refusal("analysis_missing", "Een herziening vraagt een geactualiseerde arbeidsmarktanalyse."))
    elif request.previous_analysis_date and request.analysis_date < request.previous_analysis_date:
        refusals.append(Refusal("analysis_outdated", "De arbeidsmarktanalyse is ouder dan de vorige."))
    if not request.changes:
        refusals.append(Refusal("no_changes", "De herziening bevat geen wijzigingen."))
    lines = {line.code: line for line in previous.lines}
    created: dict[str, LineState] = {}
    state = previous
    for index, change in enumerate(request.changes):
        try:
            state = _apply_one(state, lines, created, change, request, rules)
        except _Bad as bad:
            refusals.append(Refusal(bad.code, bad.message, index))
    new_state = replace(
        state, version=previous.version + 1, lines=tuple(lines.values()), decided_on=request.requested_on
    )
    new_state = replace(new_state, max_subsidy_eur=new_state.granted_subsidy_eur)
    if request.incoming_transfer_eur and new_state.max_subsidy_eur > (
            previous.max_subsidy_eur + request.incoming_transfer_eur):
        refusals.append(Refusal(
            "transfer_exceeds_cap",
            f"Het ontvangende plan krijgt er {new_state.max_subsidy_eur - previous.max_subsidy_eur} subsidie bij, "
            f"meer dan het andere plan afstaat ({request.incoming_transfer_eur}).",
        ))
    elif (new_state.max_subsidy_eur > previous.max_subsidy_eur and not rules.revision_may_raise_max_subsidy
          and not request.incoming_transfer_eur):
        refusals.append(Refusal(
            "subsidy_increase",
            f"De herziening verhoogt de maximale subsidie van {previous.max_subsidy_eur} naar "
            f"{new_state.max_subsidy_eur}; budget kan alleen tussen maatregelen van dit plan schuiven.",
        ))
    if refusals:
        return RevisionOutcome(None, tuple(refusals))
    return RevisionOutcome(new_state, (), tuple(created.values()))


def _existing(lines: dict[str, LineState], code: Any) -> LineState:
    line = lines.get(code) if isinstance(code, str) else None
    if line is None:
        raise _Bad("unknown_measure", f"Maatregel {code!r} hoort niet bij deze beschikking.")
    if line.status == STOPPED:
        raise _Bad("measure_stopped", f"Maatregel {code} is gestopt en kan niet meer worden gewijzigd.")
    return line


def _new_code(lines: dict[str, LineState], code: Any) -> str:
    if not isinstance(code, str) or not code.strip():
        raise _Bad("invalid_change", "Een nieuwe maatregel heeft een code nodig.")
    if code in lines:
        raise _Bad("duplicate_measure_code", f"Maatregelcode {code} bestaat al.")
    return code


def _widen_target_group(line: LineState, change: dict, request, rules: SchemeRules) -> dict[str, LineState]:
    """Open a measure to more target groups (never fewer), each one the scheme allows."""
    if not rules.revision_may_widen_target_groups:
        raise _Bad("target_group_change_not_allowed", "Deze regeling staat niet toe de doelgroep te verbreden.")
    added = change.get("add")
    if not isinstance(added, list) or not added or not all(isinstance(g, str) for g in added):
        raise _Bad("invalid_change", "'add' noemt ten minste één doelgroep.")
    allowed = [g for g in rules.target_groups if g not in rules.excluded_target_groups]
    forbidden = [g for g in added if g not in allowed]
    if forbidden:
        raise _Bad("target_group_not_allowed", f"Doelgroep {', '.join(forbidden)} is in deze regeling niet "
                                               f"toegestaan (wel: {', '.join(allowed)}).")
    new = tuple(dict.fromkeys((*line.target_groups, *added)))
    if new == line.target_groups:
        raise _Bad("invalid_change", f"Maatregel {line.code} heeft deze doelgroepen al.")
    return {line.code: replace(line, target_groups=new)}


def _transfer(line: LineState, change: dict, request, rules: SchemeRules) -> dict[str, LineState]:
    """One side of a budget transfer between two plans; plans/transfers.py checks the two plans."""
    if rules.budget_transfer is None:
        raise _Bad("budget_to_other_plan", "Budget kan niet naar een ander plan worden overgeheveld.")
    amount = _amount(change, "amount_eur")
    if change["op"] == "transfer_in":
        if not request.incoming_transfer_eur:
            raise _Bad("transfer_without_sender", "Budget ontvangen kan alleen samen met de herziening van het "
                                                  "plan dat het afstaat.")
        return {line.code: replace(line, planned_costs_eur=line.planned_costs_eur + amount)}
    if not isinstance(change.get("to_plan"), int) or not isinstance(change.get("to_measure"), str):
        raise _Bad("invalid_change", "Een overheveling noemt het ontvangende plan en zijn maatregel.")
    if amount > line.planned_costs_eur:
        raise _Bad("shift_exceeds_budget", f"Maatregel {line.code} heeft maar {line.planned_costs_eur} aan "
                                           "geplande kosten.")
    return {line.code: replace(line, planned_costs_eur=line.planned_costs_eur - amount)}


#: Changes beyond the regulation's text that the scheme allowed in practice (issue 21); their rules are data.
EXTRA_OPS = {"widen_target_group": _widen_target_group, "transfer_out": _transfer, "transfer_in": _transfer}


def _apply_one(state, lines, created, change, request, rules) -> DecisionState:
    if not isinstance(change, dict) or "op" not in change:
        raise _Bad("invalid_change", "Elke wijziging is een object met 'op'.")
    op = change["op"]
    if op == "set":
        line = _existing(lines, change.get("measure"))
        lines[line.code] = replace(
            line,
            planned_participants=_count(change, "planned_participants", line.planned_participants),
            planned_youth_participants=_count(change, "planned_youth_participants", line.planned_youth_participants),
            planned_costs_eur=_amount(change, "planned_costs_eur") if "planned_costs_eur" in change
            else line.planned_costs_eur,
        )
    elif op == "shift_budget":
        if change.get("to_plan") is not None:
            raise _Bad("budget_to_other_plan", "Budget kan niet naar een ander plan worden overgeheveld.")
        source, target = _existing(lines, change.get("from")), _existing(lines, change.get("to"))
        if source.code == target.code:
            raise _Bad("invalid_change", "Van- en naar-maatregel zijn dezelfde.")
        amount = _amount(change, "amount_eur")
        if amount > source.planned_costs_eur:
            raise _Bad("shift_exceeds_budget",
                       f"Maatregel {source.code} heeft maar {source.planned_costs_eur} aan geplande kosten.")
        lines[source.code] = replace(source, planned_costs_eur=source.planned_costs_eur - amount)
        lines[target.code] = replace(target, planned_costs_eur=target.planned_costs_eur + amount)
    elif op == "stop":
        line = _existing(lines, change.get("measure"))
        lines[line.code] = replace(
            line, status=STOPPED,
            planned_participants=_count(change, "planned_participants", line.planned_participants),
            planned_costs_eur=_amount(change, "planned_costs_eur") if "planned_costs_eur" in change
            else line.planned_costs_eur,
            note="gestopt",
        )
    elif op == "split":
        line = _existing(lines, change.get("measure"))
        parts = change.get("into")
        if not isinstance(parts, list) or len(parts) < 2:
            raise _Bad("invalid_change", "Splitsen vraagt ten minste twee delen in 'into'.")
        new_lines = []
        for part in parts:
            if not isinstance(part, dict):
                raise _Bad("invalid_change", "Elk deel is een object.")
            code = part.get("code")
            keep_code = code == line.code
            if not keep_code:
                code = _new_code({**lines, **{n.code: n for n in new_lines}}, code)
            new_lines.append(LineState(
                code=code, category=line.category, measure_type=line.measure_type, status=ACTIVE,
                planned_participants=_count(part, "planned_participants", None),
                planned_youth_participants=_count(part, "planned_youth_participants", None),
                planned_costs_eur=_amount(part, "planned_costs_eur"), rate=line.rate,
                note=f"gesplitst uit {line.code}",
            ))
        names = ", ".join(n.code for n in new_lines)
        if all(n.code != line.code for n in new_lines):
            lines[line.code] = replace(line, status=STOPPED, planned_participants=0, planned_youth_participants=0,
                                       planned_costs_eur=Decimal("0.00"), note=f"gesplitst in {names}")
        for n in new_lines:
            lines[n.code] = n
            if n.code != line.code:
                created[n.code] = n
    elif op == "merge":
        codes = change.get("measures")
        if not isinstance(codes, list) or len(codes) < 2:
            raise _Bad("invalid_change", "Samenvoegen vraagt ten minste twee maatregelen in 'measures'.")
        merged = [_existing(lines, c) for c in codes]
        if len({(m.category, m.measure_type) for m in merged}) != 1:
            raise _Bad("merge_type_mismatch", "Alleen maatregelen van hetzelfde thema en type kunnen samen.")
        into = change.get("into") if isinstance(change.get("into"), dict) else None
        if into is None:
            raise _Bad("invalid_change", "'into' beschrijft de samengevoegde maatregel.")
        code = into.get("code")
        if code not in codes:
            code = _new_code(lines, code)
        result = LineState(
            code=code, category=merged[0].category, measure_type=merged[0].measure_type, status=ACTIVE,
            planned_participants=_count(into, "planned_participants", None),
            planned_youth_participants=_count(into, "planned_youth_participants", None),
            planned_costs_eur=_amount(into, "planned_costs_eur"), rate=merged[0].rate,
            note=f"samengevoegd uit {', '.join(codes)}",
        )
        for m in merged:
            if m.code != code:
                lines[m.code] = replace(m, status=STOPPED, planned_participants=0, planned_youth_participants=0,
                                        planned_costs_eur=Decimal("0.00"), note=f"samengevoegd in {code}")
        lines[code] = result
        if code not in codes:
            created[code] = result
    elif op == "extend":
        months = change.get("months")
        if not isinstance(months, int) or isinstance(months, bool) or months <= 0:
            raise _Bad("invalid_change", "'months' moet een positief geheel getal zijn.")
        if state.extensions_used >= rules.extension_max_count:
            raise _Bad("extension_already_used",
                       f"Een plan kan maar {rules.extension_max_count} keer worden verlengd.")
        if months > rules.extension_max_months:
            raise _Bad("extension_too_long", f"Verlenging is ten hoogste {rules.extension_max_months} maanden.")
        if request.first_progress_report_on is None or request.requested_on < request.first_progress_report_on:
            raise _Bad("extension_before_progress_report",
                       "Verlenging kan pas worden aangevraagd na de eerste voortgangsrapportage.")
        if request.requested_on > add_months(state.granted_on, rules.extension_request_within_months):
            raise _Bad("extension_too_late", f"Verlenging moet binnen {rules.extension_request_within_months} "
                                             "maanden na de verlening worden aangevraagd.")
        state = replace(state, end_date=add_months(state.end_date, months),
                        extension_months=state.extension_months + months, extensions_used=state.extensions_used + 1)
    elif op == "add":
        spec = change.get("measure") if isinstance(change.get("measure"), dict) else {}
        measure_type = spec.get("type")
        if not rules.allow_new_measures_after_grant and measure_type not in rules.revision_addable_types:
            raise _Bad("new_measure_not_allowed", "Na de verlening kunnen geen nieuwe maatregelen worden toegevoegd"
                       + (f" (wel: {', '.join(rules.revision_addable_types)})." if rules.revision_addable_types
                          else "."))
        code = _new_code(lines, spec.get("code"))
        if measure_type not in rules.measure_types:
            raise _Bad("measure_type_not_allowed", f"Onbekend maatregeltype {measure_type!r}.")
        line = LineState(
            code=code, category=rules.category_of(measure_type), measure_type=measure_type, status=ACTIVE,
            planned_participants=_count(spec, "planned_participants", None),
            planned_youth_participants=_count(spec, "planned_youth_participants", None),
            planned_costs_eur=_amount(spec, "planned_costs_eur"), rate=rules.rate_for(measure_type),
            note="toegevoegd bij herziening",
        )
        lines[code] = created[code] = line
    elif op in EXTRA_OPS:
        lines.update(EXTRA_OPS[op](_existing(lines, change.get("measure")), change, request, rules))
    else:
        raise _Bad("invalid_change", f"Onbekende wijziging {op!r}.")
    return state


@dataclass(frozen=True)
class DiffRow:
    measure: str
    field: str
    old: Any
    new: Any


_COMPARED = ("status", "planned_participants", "planned_youth_participants", "planned_costs_eur", "subsidy_eur",
             "target_groups")


def diff(old: DecisionState, new: DecisionState) -> list[DiffRow]:
    """What differs between two versions, per measure and for the plan (``measure`` = '')."""
    rows = [DiffRow("", name, getattr(old, name), getattr(new, name))
            for name in ("start_date", "end_date", "extension_months", "max_subsidy_eur")
            if getattr(old, name) != getattr(new, name)]
    codes = sorted({line.code for line in old.lines} | {line.code for line in new.lines})
    for code in codes:
        a, b = old.line(code), new.line(code)
        for name in _COMPARED:
            before = getattr(a, name) if a else None
            after = getattr(b, name) if b else None
            if before != after:
                rows.append(DiffRow(code, name, before, after))
    return rows
