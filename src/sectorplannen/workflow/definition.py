"""The life of a plan, declared once: its states and every transition between them.

Each transition says where it may start from, where it ends, who may take it (a permission
function of ``accounts.permissions``; four-eyes transitions also name who approves), what must hold
first (checks), what it does and records (``effect`` and ``records``), which letter goes out, the
audit event, and the deadline it starts. ``services.transition`` is the only code that reads this
table to change a plan's status; nothing else writes ``Plan.status``.

The periods of the deadlines are scheme parameters (``SchemeRules``); nothing here holds a number
of weeks or months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sectorplannen.accounts import permissions as perm
from sectorplannen.common.dates import add_months
from sectorplannen.common.errors import Reason
from sectorplannen.finance.deadlines import declaration_due_on
from sectorplannen.plans.models import Plan, PlanStatus
from sectorplannen.qualitative.goals import revision_goal_reasons
from sectorplannen.qualitative.services import final_report_complete

from . import advances, effects
from .models import ProposalKind

S = PlanStatus

#: The states of a plan. A plan is created ``submitted`` (from an application) or ``draft`` (the
#: reference import, which moves it on at once); the last four are final.
STATES: tuple[PlanStatus, ...] = tuple(PlanStatus)
FINAL_STATES = (S.SETTLED, S.REFUSED, S.WITHDRAWN, S.LAPSED)


@dataclass(frozen=True)
class Deadline:
    """A date by which the next step is due, computed from the plan and its scheme's periods."""

    name: str
    label: str
    due_on: Callable[[Plan], dt.date | None]


def _decision_due(plan: Plan) -> dt.date | None:
    if plan.submitted_on is None:
        return None
    return plan.submitted_on + dt.timedelta(weeks=plan.scheme.rules.decision_weeks)


def start_due_on(plan: Plan) -> dt.date | None:
    """Work must start within a period after the grant; the longer work-placement period applies
    when the plan has a work-placement measure."""
    first = plan.initial_decision()
    if first is None:
        return None
    rules = plan.scheme.rules
    types = {m.measure_type for m in plan.measures.all()}  # prefetched by the lists of many plans
    months = (rules.work_placement_start_within_months if types & set(rules.work_placement_types)
              else rules.start_within_months)
    return add_months(first.decided_on, months)


def final_declaration_due_on(plan: Plan) -> dt.date | None:
    latest = plan.latest_decision()
    return declaration_due_on(latest.end_date, plan.scheme.rules) if latest is not None else None


def _settlement_due(plan: Plan) -> dt.date | None:
    declaration = getattr(plan, "final_declaration", None)
    if declaration is None:
        return None
    return declaration.submitted_on + dt.timedelta(weeks=plan.scheme.rules.settlement_weeks)


DECISION_DEADLINE = Deadline("decision", "Besluit op de aanvraag", _decision_due)
START_DEADLINE = Deadline("start", "Start van de uitvoering", start_due_on)
DECLARATION_DEADLINE = Deadline("declaration", "Einddeclaratie", final_declaration_due_on)
SETTLEMENT_DEADLINE = Deadline("settlement", "Vaststelling", _settlement_due)

#: The deadline that runs while a plan is in a state (started by the transition into it).
STATE_DEADLINES = {
    S.SUBMITTED: DECISION_DEADLINE,
    S.GRANTED: START_DEADLINE,
    S.RUNNING: DECLARATION_DEADLINE,
    S.DECLARED: SETTLEMENT_DEADLINE,
}

#: The grounds an application is refused on; the assessor gives a reason at each that applies.
REFUSAL_GROUNDS = {
    "ceiling": "Het subsidieplafond van de tranche is bereikt",
    "eligibility": "De maatregelen voldoen niet aan de voorwaarden van de regeling",
    "cofinancing": "De eigen bijdrage (cofinanciering) is onvoldoende",
    "analysis": "De arbeidsmarktanalyse onderbouwt de knelpunten onvoldoende",
    "partnership": "Het samenwerkingsverband voldoet niet aan de eisen van de regeling",
    "other": "Andere grond",
}

Check = Callable[[Plan, dict], list[Reason]]


def _needs_reasons(plan: Plan, data: dict) -> list[Reason]:
    if not [r for r in data.get("reasons") or [] if str(r.get("text", "")).strip()]:
        return [Reason("no_reasons", "Een afwijzing noemt ten minste één reden bij een regel.")]
    return []


def _not_reference(plan: Plan, data: dict) -> list[Reason]:
    if plan.is_reference:
        return [Reason("reference_plan", "Een referentieplan uit de gepubliceerde cijfers wordt niet gewijzigd.")]
    return []


def _final_report(plan: Plan, data: dict) -> list[Reason]:
    """Where the scheme says so, the final report (qualitative evaluation) comes before the declaration."""
    ready, reason = final_report_complete(plan)
    return [] if ready else [Reason("final_report_missing", reason)]


def _revision_goals(plan: Plan, data: dict) -> list[Reason]:
    """The narrow goals a revision names for a measure come from its theme's list (qualitative codebook)."""
    return revision_goal_reasons(plan, list(data.get("changes") or []))


def _lapse_ground(plan: Plan, data: dict) -> list[Reason]:
    from .lapse import lapse_ground  # the candidates' query lives with the lapse rules

    if lapse_ground(plan, data["on"]) is None:
        return [Reason("not_lapsed", "Het plan is niet vervallen: het is op tijd gestart en de termijn voor de "
                                     "einddeclaratie is nog niet verstreken (of de declaratie is binnen).")]
    return []


def _start_in_time(plan: Plan, data: dict) -> list[Reason]:
    due = start_due_on(plan)
    if due is not None and data["on"] > due:
        return [Reason("start_too_late", f"De uitvoering had uiterlijk {due:%d-%m-%Y} moeten starten; het plan "
                                         "kan alleen nog vervallen.")]
    return []


def _has_reason(plan: Plan, data: dict) -> list[Reason]:
    if not str(data.get("reason", "")).strip():
        return [Reason("no_reason", "Een nieuwe vaststelling vraagt een reden.")]
    return []


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # Dutch, for pages, letters and history
    sources: tuple[PlanStatus, ...]
    target: PlanStatus | None  # None: the plan keeps its status (a new version of a decision)
    permission: Callable  # (user, plan) -> (allowed, reason): the one who takes or drafts it
    effect: Callable  # (plan, actor, approved_by, **data) -> what was recorded
    audit_event: str
    records: tuple[str, ...]
    wrong_state_code: str = "wrong_state"
    four_eyes: str | None = None  # the proposal kind whose approver roles give the second pair of eyes
    checks: tuple[Check, ...] = ()
    letter: str | None = None
    starts: Deadline | None = None
    system_only: bool = False  # taken only by the system (imports), never by a person
    effect_audits: bool = False  # the effect's own service records ``audit_event`` (grant, revise, …)
    description: str = field(default="", compare=False)


TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    Transition(
        "grant", "Verlenen", (S.SUBMITTED,), S.GRANTED, perm.can_draft_decision, effects.grant,
        "decision_taken", ("beschikking versie 1", "voorschotschema"), wrong_state_code="not_submitted",
        four_eyes=ProposalKind.GRANT, letter="beschikking", starts=START_DEADLINE,
        checks=(_not_reference,), effect_audits=True),
    Transition(
        "refuse", "Afwijzen", (S.SUBMITTED,), S.REFUSED, perm.can_draft_refusal, effects.refuse,
        "application_refused", ("besluit tot afwijzing met redenen per regel",), wrong_state_code="not_submitted",
        four_eyes=ProposalKind.REFUSAL, checks=(_not_reference, _needs_reasons), letter="afwijzingsbrief"),
    Transition(
        "start", "Start melden", (S.GRANTED,), S.RUNNING, perm.can_report_start, effects.nothing,
        "plan_started", ("startdatum in het logboek",), wrong_state_code="not_granted",
        checks=(_not_reference, _start_in_time), starts=DECLARATION_DEADLINE),
    Transition(
        "revise", "Herzien", (S.GRANTED, S.RUNNING), None, perm.can_draft_revision, effects.revise,
        "decision_revised", ("nieuwe beschikkingsversie",), wrong_state_code="not_running",
        four_eyes=ProposalKind.REVISION, checks=(_not_reference, _revision_goals), letter="beschikking",
        effect_audits=True),
    Transition(
        "declare", "Einddeclaratie indienen", (S.GRANTED, S.RUNNING), S.DECLARED, perm.can_declare,
        effects.declare, "final_declaration_submitted", ("einddeclaratie met accountantsverklaring",),
        wrong_state_code="not_running", checks=(_not_reference, _final_report), starts=SETTLEMENT_DEADLINE,
        effect_audits=True),
    Transition(
        "settle", "Vaststellen", (S.DECLARED,), S.SETTLED, perm.can_draft_settlement, effects.settle,
        "plan_settled", ("vaststelling versie 1", "grootboek: vastgesteld, betaling of terugvordering"),
        wrong_state_code="not_declared", four_eyes=ProposalKind.SETTLEMENT, checks=(_not_reference,),
        letter="vaststellingsbrief", effect_audits=True),
    Transition(
        "resettle", "Vaststelling herzien", (S.SETTLED,), S.SETTLED, perm.can_draft_resettlement, effects.settle,
        "plan_settled", ("nieuwe vaststellingsversie met reden", "grootboek: het verschil"),
        wrong_state_code="not_settled", four_eyes=ProposalKind.SETTLEMENT, checks=(_not_reference, _has_reason),
        letter="vaststellingsbrief", effect_audits=True),
    Transition(
        "withdraw", "Intrekken", (S.SUBMITTED, S.GRANTED, S.RUNNING), S.WITHDRAWN, perm.can_withdraw,
        effects.withdraw, "plan_withdrawn",
        ("besluit tot intrekking", "na verlening: grootboek vervalt en voorschotten teruggevorderd"),
        wrong_state_code="not_withdrawable", checks=(_not_reference,), letter="intrekkingsbrief"),
    Transition(
        "lapse", "Laten vervallen", (S.GRANTED, S.RUNNING), S.LAPSED, perm.can_draft_lapse, effects.lapse,
        "grant_lapsed", ("besluit tot vervallen", "grootboek: verlening vervalt, voorschotten teruggevorderd"),
        wrong_state_code="not_running", four_eyes=ProposalKind.LAPSE, checks=(_not_reference, _lapse_ground),
        letter="vervalbrief"),
    Transition(
        "request_advance", "Voorschot aanvragen", (S.GRANTED, S.RUNNING), None, perm.can_request_advance,
        advances.request, "advance_requested", ("voorschotverzoek met bedrag en reden",),
        wrong_state_code="advance_not_running", checks=(_not_reference, *advances.request_checks)),
    Transition(
        "grant_advance", "Voorschot verlenen", (S.GRANTED, S.RUNNING), None, perm.can_draft_advance,
        advances.decide, "advance_granted", ("voorschotbesluit met de berekening", "grootboek: voorschot"),
        wrong_state_code="advance_not_running", four_eyes=ProposalKind.ADVANCE,
        checks=(_not_reference, *advances.decision_checks), letter="voorschotbrief"),
    Transition(
        "import_reference", "Referentieplan importeren", (S.DRAFT,), S.DECLARED, perm.nobody, effects.reference,
        "reference_plan_recorded", ("beschikking uit de gepubliceerde cijfers", "einddeclaratie"),
        system_only=True),
)}

#: Which transition a proposal of each kind takes (a settlement proposal on a settled plan resettles).
PROPOSAL_TRANSITIONS = {
    ProposalKind.GRANT: ("grant",), ProposalKind.REFUSAL: ("refuse",), ProposalKind.REVISION: ("revise",),
    ProposalKind.SETTLEMENT: ("settle", "resettle"), ProposalKind.LAPSE: ("lapse",),
    ProposalKind.ADVANCE: ("grant_advance",),
}


def transition_for_proposal(kind: str, plan: Plan) -> Transition:
    names = PROPOSAL_TRANSITIONS[ProposalKind(kind)]
    for name in names:
        if plan.status in TRANSITIONS[name].sources:
            return TRANSITIONS[name]
    return TRANSITIONS[names[0]]


def available(plan: Plan) -> list[Transition]:
    """The transitions that may leave the plan's current state (for pages and ``--help``)."""
    return [t for t in TRANSITIONS.values() if plan.status in t.sources and not t.system_only]
