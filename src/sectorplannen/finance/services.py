"""Public interface of the finance app: the settlement calculator, advances, progress reports, the
final declaration, settling a plan and its ledger.

Other apps (portal, API, CLI) call these functions; they never write finance models themselves.
Every booking goes through ``_book``, which refuses anything that breaks a sum rule of
``finance.ledger``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from sectorplannen.audit.services import record
from sectorplannen.common.money import CENT, ZERO, format_eur, is_cents
from sectorplannen.plans.models import DecisionLine, GrantDecision, Plan, PlanStatus
from sectorplannen.schemes.rules import RulesError, SchemeRules
from sectorplannen.schemes.services import UnknownScheme, rules_for

from . import ledger
from .advances import ScheduledAdvance, advance_schedule, due_by
from .deadlines import progress_reports_due
from .declarations import DECLARATION_PRECONDITIONS, ParticipantExcess, participant_excess
from .ledger import Booking, LedgerBalance, ledger_balance, ledger_violations
from .models import (
    DeclarationLine,
    FinalDeclaration,
    LedgerEntry,
    ProgressReport,
    ProgressReportLine,
    Settlement,
    SettlementLine,
    validate_pdf,
)
from .settlement import MeasureInput, SettlementInput, SettlementResult, settle


class Refused(Exception):
    """The request cannot be carried out; ``problems`` are Dutch sentences saying why."""

    def __init__(self, problems: Iterable[str]):
        self.problems = tuple(problems)
        super().__init__(" ".join(self.problems))


# -- the settlement calculator (formats.md §7) ----------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A rejected part of an input document: ``path`` points into it (e.g. ``measures[2].type``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidSettlementDocument(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def calculate_settlement(document: Any) -> SettlementResult:
    """Settle a what-if document (formats.md §7) or raise ``InvalidSettlementDocument`` listing every
    problem with its path. Nothing is stored."""
    if not isinstance(document, dict):
        raise InvalidSettlementDocument([Problem("(document)", "verwacht een JSON-object met de invoer")])
    problems: list[Problem] = []
    rules = _scheme(document, problems)
    max_subsidy = _amount(document, "max_subsidy_eur", "max_subsidy_eur", problems, nullable=True)
    advances = _amount(document, "advances_paid_eur", "advances_paid_eur", problems)
    tiers_on = _optional_date(document, "settled_on", problems)
    measures, types = _measures(document, problems)
    if rules is not None:
        _unknown_types(rules, types, problems)
    if problems:
        raise InvalidSettlementDocument(problems)
    return settle(SettlementInput(tuple(measures), max_subsidy, advances, tiers_on=tiers_on), rules)


def _scheme(doc: dict, problems: list[Problem]) -> SchemeRules | None:
    code = doc.get("scheme")
    if "scheme" not in doc:
        problems.append(Problem("scheme", "ontbreekt"))
    elif not isinstance(code, str) or not code:
        problems.append(Problem("scheme", "moet de code van een regelingsversie zijn, bijv. 'sectorplannen-2015'"))
    else:
        try:
            return rules_for(code)
        except UnknownScheme as exc:
            problems.append(Problem("scheme", str(exc)))
    return None


def _amount(obj: dict, key: str, path: str, problems: list[Problem], *, nullable: bool = False) -> Decimal | None:
    if key not in obj:
        problems.append(Problem(path, "ontbreekt" + (" (gebruik null voor 'geen')" if nullable else "")))
        return None
    value = obj[key]
    if value is None:
        if not nullable:
            problems.append(Problem(path, "mag niet leeg zijn"))
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            raise InvalidOperation
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        problems.append(Problem(path, f"{_shown(value)} is geen bedrag"))
        return None
    if not amount.is_finite():
        problems.append(Problem(path, f"{_shown(value)} is geen bedrag"))
    elif amount < 0:
        problems.append(Problem(path, f"mag niet negatief zijn ({value})"))
    elif not is_cents(amount):
        problems.append(Problem(path, f"heeft meer dan twee decimalen ({value})"))
    else:
        return amount
    return None


def _count(obj: dict, key: str, path: str, problems: list[Problem], *, required: bool) -> int | None:
    value = obj.get(key)
    if value is None:
        if required:
            problems.append(Problem(path, "ontbreekt (verplicht als planned_participants is ingevuld)"))
        return None
    try:
        whole = isinstance(value, int | Decimal | float) and not isinstance(value, bool) and value == int(value)
    except (ValueError, OverflowError):  # NaN, Infinity
        whole = False
    if not whole:
        problems.append(Problem(path, f"{_shown(value)} is geen geheel aantal"))
        return None
    if value < 0:
        problems.append(Problem(path, f"mag niet negatief zijn ({value})"))
        return None
    return int(value)


def _shown(value: Any) -> str:
    """A value as it was written in the JSON document."""
    return str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str)


def parse_date(text: str) -> dt.date:
    """An input date: ISO ``YYYY-MM-DD`` or Dutch ``DD-MM-YYYY`` (formats.md)."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)")


def _optional_date(doc: dict, key: str, problems: list[Problem]) -> dt.date | None:
    value = doc.get(key)
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError(f"{_shown(value)} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)")
        return parse_date(value)
    except ValueError as exc:
        problems.append(Problem(key, str(exc)))
        return None


def _measures(doc: dict, problems: list[Problem]) -> tuple[list[MeasureInput], dict[str, str]]:
    raw = doc.get("measures")
    if not isinstance(raw, list) or not raw:
        problems.append(Problem("measures", "moet een lijst met minstens één maatregel zijn"))
        return [], {}
    measures, types, seen = [], {}, {}
    for i, m in enumerate(raw):
        path = f"measures[{i}]"
        if not isinstance(m, dict):
            problems.append(Problem(path, "moet een object zijn"))
            continue
        before = len(problems)
        code, mtype = m.get("code"), m.get("type")
        if not isinstance(code, str) or not code.strip():
            problems.append(Problem(f"{path}.code", "ontbreekt of is leeg"))
        elif code in seen:
            problems.append(Problem(f"{path}.code", f"{_shown(code)} komt al voor in {seen[code]}"))
        else:
            seen[code] = path
        if not isinstance(mtype, str) or not mtype.strip():
            problems.append(Problem(f"{path}.type", "ontbreekt of is leeg"))
        else:
            types.setdefault(mtype, f"{path}.type")
        planned_p = _count(m, "planned_participants", f"{path}.planned_participants", problems, required=False)
        realised_p = _count(m, "realised_participants", f"{path}.realised_participants", problems,
                            required=planned_p is not None)
        planned = _amount(m, "planned_costs_eur", f"{path}.planned_costs_eur", problems)
        eligible = _amount(m, "eligible_costs_eur", f"{path}.eligible_costs_eur", problems)
        if len(problems) == before:
            measures.append(MeasureInput(code, mtype, planned_p, realised_p, planned, eligible))
    return measures, types


def _unknown_types(rules: SchemeRules, types: dict[str, str], problems: list[Problem]) -> None:
    for mtype, path in types.items():
        if not rules.knows_type(mtype):
            problems.append(Problem(path, f"onbekend maatregeltype {_shown(mtype)} in regeling {rules.code}"))


# -- the ledger -------------------------------------------------------------------------------------


def _bookings(plan: Plan) -> list[Booking]:
    return [Booking(kind, amount) for kind, amount in
            LedgerEntry.objects.filter(plan=plan).order_by("id").values_list("kind", "amount_eur")]


def _check(plan: Plan, existing: list[Booking], entries: list[LedgerEntry]) -> None:
    """The one place where the sum rules are enforced: refuse new bookings that would break one."""
    problems = ledger_violations(existing + [Booking(e.kind, e.amount_eur) for e in entries],
                                 plan.scheme.rules.advance_max_cumulative_share)
    if problems:
        raise Refused(problems)


def _book(plan: Plan, entries: list[LedgerEntry]) -> None:
    _check(plan, _bookings(plan), entries)
    LedgerEntry.objects.bulk_create(entries)


def plan_ledger(plan: Plan) -> LedgerBalance:
    """Granted, advanced, settled, paid and reclaimed so far."""
    return ledger_balance(_bookings(plan))


def check_plan_ledger(plan: Plan) -> list[str]:
    """The sum rules the plan's ledger breaks (empty when consistent)."""
    return ledger_violations(_bookings(plan), plan.scheme.rules.advance_max_cumulative_share)


def _grant_entries(plan: Plan, decisions: list[GrantDecision], booked: set[int], granted: Decimal,
                   actor) -> list[LedgerEntry]:
    """Bookings for the decision versions not yet on the ledger: each the change it made to the
    maximum subsidy (``granted`` is the sum booked so far)."""
    entries = []
    for d in sorted(decisions, key=lambda d: d.version):
        if d.pk in booked:
            continue
        entries.append(LedgerEntry(plan=plan, kind=ledger.GRANTED, amount_eur=d.max_subsidy_eur - granted,
                                   booked_on=d.decided_on, decision=d, reference=f"beschikking v{d.version}",
                                   booked_by=actor, booked_by_label=_label(actor)))
        granted = d.max_subsidy_eur
    return entries


def sync_grants(plan: Plan, actor=None) -> None:
    """Book every decision version not yet on the ledger (idempotent; the plans app may call it after
    each decision, and advances and settlements call it anyway)."""
    booked = set(LedgerEntry.objects.filter(plan=plan, kind=ledger.GRANTED).values_list("decision_id", flat=True))
    entries = _grant_entries(plan, list(plan.decisions.all()), booked, plan_ledger(plan).granted_eur, actor)
    if entries:
        _book(plan, entries)


def _label(actor) -> str:
    return "" if actor is not None else "systeem"


# -- advances -------------------------------------------------------------------------------------


def advance_schedule_for(plan: Plan) -> tuple[ScheduledAdvance, ...]:
    """The advance schedule of the plan's latest decision (counted from the grant date)."""
    first, latest = plan.initial_decision(), plan.latest_decision()
    if latest is None:
        return ()
    return advance_schedule(latest.max_subsidy_eur, first.decided_on, latest.end_date, plan.scheme.rules)


@transaction.atomic
def record_advance(
    plan: Plan, amount_eur: Decimal, paid_on: dt.date, *, actor=None, reference: str = ""
) -> LedgerEntry:
    """Record an advance paid; refused when it runs ahead of the schedule or past the maximum share."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    decision = plan.latest_decision()
    if decision is None:
        raise Refused(["Er is nog geen beschikking: een voorschot kan pas na de verlening."])
    if plan.settlements.exists():
        raise Refused(["Het plan is al vastgesteld: er worden geen voorschotten meer betaald."])
    if not isinstance(amount_eur, Decimal) or not is_cents(amount_eur) or amount_eur <= 0:
        raise Refused([f"Het voorschot moet een positief bedrag in centen zijn, niet {amount_eur}."])
    sync_grants(plan, actor)
    advanced = plan_ledger(plan).advanced_eur
    allowed = due_by(advance_schedule_for(plan), paid_on)
    if advanced + amount_eur > allowed:
        raise Refused([
            f"Volgens het voorschotschema mag op {paid_on:%d-%m-%Y} ten hoogste {format_eur(allowed)} aan voorschotten "
            f"zijn betaald; al betaald {format_eur(advanced)}, nu gevraagd {format_eur(amount_eur)}."
        ])
    number = plan.ledger_entries.filter(kind=ledger.ADVANCED).count() + 1
    entry = LedgerEntry(plan=plan, kind=ledger.ADVANCED, amount_eur=amount_eur, booked_on=paid_on, decision=decision,
                        reference=reference or f"voorschot {number}", booked_by=actor, booked_by_label=_label(actor))
    _book(plan, [entry])
    record("advance_paid", actor=actor, plan=plan, amount_eur=str(amount_eur), paid_on=paid_on.isoformat())
    return entry


# -- progress reports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RealisedSoFar:
    participants: int | None
    costs_eur: Decimal


@dataclass(frozen=True)
class OverdueProgressReport:
    plan: Plan
    month: int
    due_on: dt.date
    days_overdue: int

    @property
    def message(self) -> str:
        return (f"{self.plan}: voortgangsrapportage na {self.month} maanden had uiterlijk {self.due_on:%d-%m-%Y} "
                f"binnen moeten zijn ({self.days_overdue} dagen te laat).")


def _lines_of(decision: GrantDecision):
    return {line.measure.code: line for line in decision.lines.select_related("measure")}


@transaction.atomic
def submit_progress_report(
    plan: Plan, month: int, submitted_on: dt.date, lines: Mapping[str, RealisedSoFar], *, actor=None
) -> ProgressReport:
    """Store a progress report covering every measure of the latest decision."""
    decision = plan.latest_decision()
    if decision is None:
        raise Refused(["Er is nog geen beschikking: er valt niets te rapporteren."])
    due = {d.month: d for d in progress_reports_due(decision.start_date, decision.end_date, plan.scheme.rules)}
    problems = []
    if month not in due:
        expected = ", ".join(str(m) for m in due) or "geen"
        problems.append(f"Na {month} maanden is geen voortgangsrapportage voorzien (wel na: {expected}).")
    elif plan.progress_reports.filter(month=month).exists():
        problems.append(f"De voortgangsrapportage na {month} maanden is al ingediend.")
    granted = _lines_of(decision)
    problems += _coverage_problems(granted, lines)
    for code, r in lines.items():
        if r.participants is not None and r.participants < 0:
            problems.append(f"Maatregel {code}: het aantal deelnemers mag niet negatief zijn.")
        if not is_cents(r.costs_eur) or r.costs_eur < 0:
            problems.append(f"Maatregel {code}: de kosten moeten een niet-negatief bedrag in centen zijn.")
    if problems:
        raise Refused(problems)
    report = ProgressReport.objects.create(plan=plan, month=month, period_end=due[month].period_end,
                                           due_on=due[month].due_on, submitted_on=submitted_on, submitted_by=actor)
    ProgressReportLine.objects.bulk_create([
        ProgressReportLine(report=report, measure=granted[code].measure, realised_participants=r.participants,
                           realised_costs_eur=r.costs_eur)
        for code, r in lines.items()
    ])
    record("progress_report_submitted", actor=actor, plan=plan, month=month, late=report.is_late)
    return report


def _coverage_problems(granted: Mapping[str, Any], lines: Mapping[str, Any]) -> list[str]:
    problems = [f"Maatregel {code} staat niet in de laatste beschikking." for code in sorted(set(lines) - set(granted))]
    problems += [f"Maatregel {code} ontbreekt." for code in sorted(set(granted) - set(lines))]
    return problems


def overdue_progress_reports(today: dt.date) -> list[OverdueProgressReport]:
    """Progress reports of running plans whose deadline has passed without a report, oldest first."""
    overdue = []
    plans = (Plan.objects.filter(status__in=[PlanStatus.GRANTED, PlanStatus.RUNNING])
             .select_related("scheme").prefetch_related("decisions", "progress_reports"))
    for plan in plans:
        decisions = sorted(plan.decisions.all(), key=lambda d: d.version)
        if not decisions:
            continue
        latest = decisions[-1]
        submitted = {r.month for r in plan.progress_reports.all()}
        for due in progress_reports_due(latest.start_date, latest.end_date, plan.scheme.rules):
            if due.due_on < today and due.month not in submitted:
                overdue.append(OverdueProgressReport(plan, due.month, due.due_on, (today - due.due_on).days))
    return sorted(overdue, key=lambda o: (o.due_on, o.plan.name))


# -- final declaration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclaredMeasure:
    realised_participants: int | None
    eligible_costs_eur: Decimal
    realised_youth_participants: int | None = None
    own_funding: Mapping[str, Decimal] = field(default_factory=dict)


@transaction.atomic
def submit_final_declaration(
    plan: Plan, submitted_on: dt.date, lines: Mapping[str, DeclaredMeasure], auditor_statement: File | None,
    *, actor=None,
) -> FinalDeclaration:
    """Store the final declaration with the auditor's statement (a PDF). A late declaration is
    accepted and flagged (``is_late``, audit event); the assessor decides what follows."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    decision = plan.latest_decision()
    if decision is None:
        raise Refused(["Er is geen beschikking: er valt niets te declareren."])
    if FinalDeclaration.objects.filter(plan=plan).exists():
        raise Refused(["Voor dit plan is al een einddeclaratie ingediend."])
    problems = [reason for ok, reason in (check(plan) for check in DECLARATION_PRECONDITIONS) if not ok]
    if auditor_statement is None:
        problems.append("De accountantsverklaring ontbreekt.")
    else:
        try:
            validate_pdf(auditor_statement)
        except ValidationError as exc:
            problems += exc.messages
    granted = _lines_of(decision)
    problems += _coverage_problems(granted, lines)
    sources = plan.scheme.rules.own_funding_sources
    for code, d in lines.items():
        problems += _declared_problems(code, d, sources)
    if problems:
        raise Refused(problems)
    declaration = FinalDeclaration(plan=plan, submitted_on=submitted_on, submitted_by=actor)
    declaration.auditor_statement.save(f"accountantsverklaring-plan-{plan.pk}.pdf", auditor_statement, save=False)
    declaration.save()
    DeclarationLine.objects.bulk_create([
        DeclarationLine(
            declaration=declaration, measure=granted[code].measure, realised_participants=d.realised_participants,
            realised_youth_participants=d.realised_youth_participants, eligible_costs_eur=d.eligible_costs_eur,
            own_funding_realised=[{"source": s, "amount_eur": str(a.quantize(CENT))}
                                  for s, a in sorted(d.own_funding.items())],
        )
        for code, d in lines.items()
    ])
    plan.status = PlanStatus.DECLARED
    plan.save(update_fields=["status", "updated_at"])
    record("final_declaration_submitted", actor=actor, plan=plan, late=declaration.is_late,
           due_on=declaration.due_on.isoformat())
    return declaration


def _declared_problems(code: str, d: DeclaredMeasure, sources: tuple[str, ...]) -> list[str]:
    problems = []
    for label, count in (("deelnemers", d.realised_participants), ("jongeren", d.realised_youth_participants)):
        if count is not None and count < 0:
            problems.append(f"Maatregel {code}: het aantal {label} mag niet negatief zijn.")
    if (d.realised_youth_participants or 0) > (d.realised_participants or 0):
        problems.append(f"Maatregel {code}: meer jongeren dan deelnemers gedeclareerd.")
    if not is_cents(d.eligible_costs_eur) or d.eligible_costs_eur < 0:
        problems.append(f"Maatregel {code}: de subsidiabele kosten moeten een niet-negatief bedrag in centen zijn.")
    for source, amount in d.own_funding.items():
        if source not in sources:
            problems.append(f"Maatregel {code}: onbekende bron van eigen financiering {source!r}.")
        if not is_cents(amount) or amount < 0:
            problems.append(f"Maatregel {code}: eigen financiering uit {source} moet een niet-negatief bedrag zijn.")
    return problems


def reconcile_declaration(declaration: FinalDeclaration, registered: Mapping[str, int]) -> list[ParticipantExcess]:
    """Measures (with individual registration) for which more participants were declared than the
    participant registry holds; ``registered`` maps measure code → registered count."""
    declared = {line.measure.code: line.realised_participants
                for line in declaration.lines.select_related("measure") if line.measure.individual_registration}
    return participant_excess(declared, registered)


# -- settlement -----------------------------------------------------------------------------------


@dataclass
class _PlanFacts:
    """What settling one plan reads, loaded for many plans at once (a handful of queries in all)."""

    plan: Plan
    decisions: list[GrantDecision] = field(default_factory=list)
    lines: list = field(default_factory=list)  # DecisionLine of the latest decision, with measure
    declaration: FinalDeclaration | None = None
    declared: dict = field(default_factory=dict)  # measure id → DeclarationLine
    previous: Settlement | None = None
    bookings: list[Booking] = field(default_factory=list)
    booked_decisions: set[int] = field(default_factory=set)


def _load(plans: list[Plan]) -> dict[int, _PlanFacts]:
    ids = [p.pk for p in plans]
    facts, schemes = {}, {}
    for p in Plan.objects.select_for_update().select_related("scheme").filter(pk__in=ids):
        p.scheme = schemes.setdefault(p.scheme_id, p.scheme)  # parse each scheme version's rules once
        facts[p.pk] = _PlanFacts(p)
    for d in GrantDecision.objects.filter(plan_id__in=ids).order_by("version"):
        facts[d.plan_id].decisions.append(d)
    latest = {f.decisions[-1].pk: f for f in facts.values() if f.decisions}
    for line in DecisionLine.objects.filter(decision_id__in=latest).select_related("measure").order_by("measure__code"):
        latest[line.decision_id].lines.append(line)
    declarations = {d.pk: d for d in FinalDeclaration.objects.filter(plan_id__in=ids)}
    for d in declarations.values():
        facts[d.plan_id].declaration = d
    for line in DeclarationLine.objects.filter(declaration_id__in=declarations).select_related("measure"):
        facts[declarations[line.declaration_id].plan_id].declared[line.measure_id] = line
    for s in Settlement.objects.filter(plan_id__in=ids).order_by("version"):
        facts[s.plan_id].previous = s
    entries = LedgerEntry.objects.filter(plan_id__in=ids).order_by("id")
    for plan_id, kind, amount, decision_id in entries.values_list("plan_id", "kind", "amount_eur", "decision_id"):
        facts[plan_id].bookings.append(Booking(kind, amount))
        if kind == ledger.GRANTED:
            facts[plan_id].booked_decisions.add(decision_id)
    return facts


def _settlement_input(f: _PlanFacts, balance: LedgerBalance, settled_on: dt.date) -> SettlementInput:
    unknown = set(f.declared) - {line.measure_id for line in f.lines}
    if unknown:
        codes = ", ".join(sorted(f.declared[m].measure.code for m in unknown))
        raise Refused([f"Gedeclareerd voor maatregel(en) die niet in de laatste beschikking staan: {codes}."])
    measures = []
    for line in f.lines:
        d = f.declared.get(line.measure_id)
        measures.append(MeasureInput(
            code=line.measure.code, measure_type=line.measure.measure_type,
            planned_participants=line.planned_participants,
            realised_participants=d.realised_participants if d else None,
            planned_costs_eur=line.planned_costs_eur, eligible_costs_eur=d.eligible_costs_eur if d else ZERO,
        ))
    return SettlementInput(tuple(measures), f.decisions[-1].max_subsidy_eur, balance.advanced_eur,
                           balance.earlier_payments_eur, tiers_on=settled_on)


def _basis(inp: SettlementInput, rules: SchemeRules, f: _PlanFacts) -> dict:
    """What the settlement rested on, kept with it: the input and the rules as applied."""
    return {
        "decision_version": f.decisions[-1].version,
        "declaration_id": f.declaration.pk,
        "input": {
            "max_subsidy_eur": str(inp.max_subsidy_eur), "advances_paid_eur": str(inp.advances_paid_eur),
            "earlier_payments_eur": str(inp.earlier_payments_eur),
            "measures": [{"code": m.code, "type": m.measure_type, "planned_participants": m.planned_participants,
                          "realised_participants": m.realised_participants,
                          "planned_costs_eur": str(m.planned_costs_eur),
                          "eligible_costs_eur": str(m.eligible_costs_eur)}
                         for m in inp.measures],
        },
        "rules": {
            "scheme": rules.code,
            "rates": {m.measure_type: str(rules.rate_for(m.measure_type)) for m in inp.measures},
            "participant_threshold": {"level": rules.participant_threshold.level,
                                      "min_ratio": str(rules.participant_threshold.min_ratio)},
            "cost_threshold": {"min_ratio": str(rules.cost_threshold.min_ratio),
                               "consequence": rules.cost_threshold.consequence},
            "overhead_tiers": [{"up_to": None if t.up_to is None else str(t.up_to), "rate": str(t.rate)}
                               for t in rules.overhead_tiers(inp.tiers_on)],
            "overhead_subsidy_rate": str(rules.overhead_subsidy_rate),
        },
    }


@dataclass
class _Prepared:
    settlement: Settlement
    result: SettlementResult
    lines: list[MeasureInput]
    entries: list[LedgerEntry]


def _prepare(f: _PlanFacts, settled_on: dt.date, actor, reason: str, approved_by=None) -> _Prepared:
    """Settle one plan in memory: the settlement version, its lines and its ledger bookings, checked."""
    plan = f.plan
    problems = []
    if not f.decisions:
        problems.append("Er is geen beschikking om vast te stellen.")
    if f.declaration is None:
        problems.append("Er is geen einddeclaratie: vaststellen kan pas daarna.")
    if f.previous is not None and not reason.strip():
        problems.append(f"Het plan is al vastgesteld (versie {f.previous.version}); een nieuwe vaststelling vraagt "
                        "een reden.")
    if problems:
        raise Refused(problems)
    entries = _grant_entries(plan, f.decisions, f.booked_decisions, ledger_balance(f.bookings).granted_eur, actor)
    balance = ledger_balance(f.bookings + [Booking(e.kind, e.amount_eur) for e in entries])
    inp = _settlement_input(f, balance, settled_on)
    try:
        rules = plan.scheme.rules
        result = settle(inp, rules)
    except RulesError as exc:
        raise Refused([f"De regeling past niet op dit plan: {exc}."]) from exc
    settlement = Settlement(
        plan=plan, version=f.previous.version + 1 if f.previous else 1, previous=f.previous, reason=reason.strip(),
        decision=f.decisions[-1], declaration=f.declaration, scheme_code=rules.code, settled_on=settled_on,
        settled_by=actor, settled_by_label=_label(actor), approved_by=approved_by,
        eligible_costs_eur=result.eligible_costs_eur, planned_costs_eur=result.planned_costs_eur,
        cost_threshold_met=result.cost_threshold_met, measure_subsidy_eur=result.measure_subsidy_eur,
        max_subsidy_eur=result.max_subsidy_eur, cap_applied=result.cap_applied,
        capped_measure_subsidy_eur=result.capped_measure_subsidy_eur, overhead_base_eur=result.overhead_base_eur,
        overhead_eur=result.overhead_eur, overhead_subsidy_eur=result.overhead_subsidy_eur,
        determined_subsidy_eur=result.determined_subsidy_eur, advances_paid_eur=result.advances_paid_eur,
        earlier_payments_eur=result.earlier_payments_eur, balance_eur=result.balance_eur,
        explanation=[{"rule": e.rule, "measure": e.measure, "text": e.text} for e in result.explanation],
        basis=_basis(inp, rules, f),
    )
    common = {"plan": plan, "booked_on": settled_on, "settlement": settlement, "booked_by": actor,
              "booked_by_label": _label(actor)}
    entries.append(LedgerEntry(kind=ledger.SETTLED, amount_eur=result.determined_subsidy_eur - balance.settled_eur,
                               reference=f"vaststelling v{settlement.version}", **common))
    if result.balance_eur > 0:
        entries.append(LedgerEntry(kind=ledger.PAID, amount_eur=result.balance_eur, reference=settlement.reference,
                                   **common))
    elif result.balance_eur < 0:
        entries.append(LedgerEntry(kind=ledger.RECLAIMED, amount_eur=-result.balance_eur,
                                   reference=settlement.reference, **common))
    _check(plan, f.bookings, entries)
    return _Prepared(settlement, result, list(inp.measures), entries)


@dataclass(frozen=True)
class RunOutcome:
    """What happened to one plan: ``new`` is a settlement made now; otherwise ``settlement`` is the
    existing one, or ``problems`` say why the plan could not be settled (nothing was written for it)."""

    plan: Plan
    settlement: Settlement | None
    new: bool
    problems: tuple[str, ...] = ()


@transaction.atomic
def settle_plans(
    plans: Iterable[Plan], settled_on: dt.date, actor=None, *, reason: str = "", approved_by=None
) -> list[RunOutcome]:
    """Settle each plan from its latest decision, its final declaration and the advances paid, and
    book the balance as a payment or a clawback. An already settled plan gets a new version only with a
    reason (the earlier version stays as it was). Plans that cannot be settled are reported, not
    raised; the others are written together (a few queries for all plans, not per plan)."""
    plans = list(plans)
    facts = _load(plans)
    outcomes, prepared = [], []
    for plan in plans:
        try:
            p = _prepare(facts[plan.pk], settled_on, actor, reason, approved_by)
        except Refused as exc:
            outcomes.append(RunOutcome(plan, None, new=False, problems=exc.problems))
            continue
        prepared.append(p)
        outcomes.append(RunOutcome(facts[plan.pk].plan, p.settlement, new=True))
    if not prepared:
        return outcomes
    Settlement.objects.bulk_create([p.settlement for p in prepared])
    SettlementLine.objects.bulk_create([
        SettlementLine(
            settlement=p.settlement, measure=measure, measure_type=m.measure_type, rate=m.rate,
            planned_participants=m.planned_participants, realised_participants=m.realised_participants,
            planned_costs_eur=m.planned_costs_eur, eligible_costs_eur=m.eligible_costs_eur,
            gross_subsidy_eur=m.gross_subsidy_eur, subsidy_eur=m.subsidy_eur, status=m.status,
            participant_check=m.participant_check,
        )
        for p in prepared
        for m, measure in zip(p.result.measures, [line.measure for line in facts[p.settlement.plan_id].lines],
                              strict=True)
    ])
    LedgerEntry.objects.bulk_create([e for p in prepared for e in p.entries])
    now = timezone.now()
    settled_plans = [p.settlement.plan for p in prepared]
    for plan in settled_plans:
        plan.status, plan.updated_at = PlanStatus.SETTLED, now
    Plan.objects.filter(pk__in=[p.pk for p in settled_plans]).update(status=PlanStatus.SETTLED, updated_at=now)
    Plan.history.bulk_history_create(settled_plans, update=True, default_user=actor,
                                     default_change_reason="vaststelling")
    for p in prepared:
        record("plan_settled", actor=actor, plan=p.settlement.plan, version=p.settlement.version,
               determined_subsidy_eur=str(p.result.determined_subsidy_eur), balance_eur=str(p.result.balance_eur))
    return outcomes


def settle_plan(
    plan: Plan, settled_on: dt.date, actor=None, *, reason: str = "", approved_by=None
) -> Settlement:
    """Settle one plan (see ``settle_plans``); raises ``Refused`` when it cannot be settled.
    ``approved_by`` records the second pair of eyes and must be someone other than ``actor``."""
    if actor is not None and approved_by is not None and actor.pk == approved_by.pk:
        raise Refused(["Wie de vaststelling voorbereidt, kan die niet zelf goedkeuren."])
    outcome = settle_plans([plan], settled_on, actor, reason=reason, approved_by=approved_by)[0]
    if outcome.problems:
        raise Refused(outcome.problems)
    return outcome.settlement


def plans_to_settle():
    """Plans with a final declaration and no settlement yet."""
    return Plan.objects.filter(final_declaration__isnull=False, settlements__isnull=True).order_by("name")


def run_settlements(plans: Iterable[Plan], settled_on: dt.date, actor=None) -> list[RunOutcome]:
    """Settle the plans that have no settlement yet; settled plans are reported as they are (idempotent)."""
    plans = list(plans)
    latest = {s.plan_id: s for s in Settlement.objects.filter(plan__in=plans).order_by("version")}
    todo = iter(settle_plans([p for p in plans if p.pk not in latest], settled_on, actor))
    return [RunOutcome(p, latest[p.pk], new=False) if p.pk in latest else next(todo) for p in plans]
