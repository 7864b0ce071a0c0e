"""``sectorplannen workflow …``: the plan's life from the command line, through the same services
as the portal (``workflow.services``): propose a decision and approve it (four eyes), withdraw,
report the start, find the plans whose grant has lapsed, show the definition and a plan's history,
write a closing letter.

Exit codes: 0 done, 1 refused (the reasons on stderr; also when someone else was first),
2 unusable invocation (unknown plan, user or proposal, bad date). Refusals are turned into exit
code 1 in one place, ``sectorplannen.cli``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.markup import escape
from rich.table import Table

from sectorplannen.common.console import cli_console
from sectorplannen.finance.services import parse_date
from sectorplannen.plans.models import Plan
from sectorplannen.plans.services import find_plan
from sectorplannen.workflow import clock, services
from sectorplannen.workflow.definition import REFUSAL_GROUNDS, STATE_DEADLINES, TRANSITIONS
from sectorplannen.workflow.lapse import lapse_candidates
from sectorplannen.workflow.letters import closing_letter_filename, closing_letter_pdf
from sectorplannen.workflow.models import Proposal, ProposalKind, ProposalStatus

KINDS = [k.value for k in ProposalKind if k != ProposalKind.REVISION]  # a revision starts as the applicant's request


class Command(BaseCommand):
    help = ("De levensloop van plannen: besluiten voorstellen en goedkeuren (vier ogen), intrekken, start melden, "
            "vervallen verleningen vinden, de definitie en het verloop van een plan tonen.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("transitions", help="Alle toestanden en stappen, zoals gedefinieerd.")
        propose = sub.add_parser("propose", help="Een besluit voorbereiden (eerste paar ogen).")
        propose.add_argument("kind", choices=KINDS, help="grant, refusal, settlement of lapse")
        propose.add_argument("plan", help="id of exacte naam van het plan")
        propose.add_argument("--by", required=True, help="gebruikersnaam van wie het voorbereidt")
        propose.add_argument("--reason", action="append", default=[], metavar="GROND=TEKST",
                             help=f"bij refusal: reden per grond ({', '.join(REFUSAL_GROUNDS)}); herhaalbaar")
        propose.add_argument("--note", default="", help="toelichting (bij settlement op een vastgesteld plan: "
                                                         "de reden van de nieuwe versie)")
        for name, text in (("approve", "Een voorbereid besluit nemen (tweede paar ogen)."),
                           ("send-back", "Een voorbereid besluit terugsturen.")):
            p = sub.add_parser(name, help=text)
            p.add_argument("proposal", type=int, help="nummer van het voorstel")
            p.add_argument("--by", required=True, help="gebruikersnaam van de tweede persoon")
            if name == "send-back":
                p.add_argument("--reason", required=True, help="waarom het voorstel terug gaat")
        sub.add_parser("proposals", help="Voorbereide besluiten die op goedkeuring wachten.")
        for name, text in (("withdraw", "Een aanvraag of lopend plan intrekken (door de hoofdaanvrager)."),
                           ("start", "De start van de uitvoering melden (door de hoofdaanvrager).")):
            p = sub.add_parser(name, help=text)
            p.add_argument("plan", help="id of exacte naam van het plan")
            p.add_argument("--by", required=True, help="gebruikersnaam van de hoofdaanvrager")
            if name == "withdraw":
                p.add_argument("--reason", default="", help="toelichting voor de brief")
        lapse = sub.add_parser("lapse-candidates", help="Verleende plannen waarvan de verlening is vervallen.")
        lapse.add_argument("--date", help="peildatum, JJJJ-MM-DD of DD-MM-JJJJ (standaard: vandaag)")
        history = sub.add_parser("history", help="Het verloop van de status van een plan.")
        history.add_argument("plan", help="id of exacte naam van het plan")
        letter = sub.add_parser("letter", help="De brief van een afwijzing, intrekking of vervallen (PDF).")
        letter.add_argument("plan", help="id of exacte naam van het plan")
        letter.add_argument("--out", default=".", help="map voor de PDF (standaard: de huidige map)")

    def handle(self, *args, action, **options):
        self.console = cli_console(self.stdout._out)
        getattr(self, "_" + action.replace("-", "_"))(**options)

    # -- reading ---------------------------------------------------------------------------------------

    def _transitions(self, **_):
        for t in TRANSITIONS.values():
            target = t.target.value if t.target else "(blijft)"
            parts = [f"{t.name}: {', '.join(s.value for s in t.sources)} → {target}",
                     "wie: " + ("systeem" if t.system_only else t.permission.__name__),
                     f"vier ogen: {t.four_eyes}" if t.four_eyes else "", f"brief: {t.letter}" if t.letter else "",
                     f"audit: {t.audit_event}", f"start termijn: {t.starts.label}" if t.starts else "",
                     "legt vast: " + "; ".join(t.records)]
            self.console.print(escape(" | ".join(p for p in parts if p)))
        self.console.print("Termijnen per toestand: " + "; ".join(
            f"{state.value}: {deadline.label}" for state, deadline in STATE_DEADLINES.items()))

    def _proposals(self, **_):
        table = Table(title="Voorbereide besluiten")
        for column in ("Nr", "Soort", "Plan", "Voorbereid door", "Op"):
            table.add_column(column)
        for p in Proposal.objects.filter(status=ProposalStatus.PROPOSED).select_related("plan", "drafted_by"):
            table.add_row(str(p.pk), p.get_kind_display(), p.plan.name, p.drafted_by.username,
                          f"{p.drafted_at:%d-%m-%Y}")
        self.console.print(table)

    def _lapse_candidates(self, date=None, **_):
        on = _date(date) if date else clock.today()
        found = lapse_candidates(on)
        for plan, ground in found:
            self.console.print(escape(f"{plan.pk}\t{plan.name}\t[{ground.code}] {ground.message}"))
        self.console.print(f"{len(found)} plan(nen) met een vervallen verlening op {on:%d-%m-%Y}.")

    def _history(self, plan, **_):
        plan = _plan(plan)
        for h in plan.history.select_related("history_user").order_by("history_date", "history_id"):
            who = h.history_user.username if h.history_user else "systeem"
            self.console.print(f"{h.history_date:%d-%m-%Y %H:%M}\t{h.get_status_display()}\t"
                               f"{h.history_change_reason or ''}\t{who}")

    def _letter(self, plan, out, **_):
        plan = _plan(plan)
        closing = getattr(plan, "closing_decision", None)
        if closing is None:
            raise CommandError(f"Plan {plan.name!r} is niet afgewezen, ingetrokken of vervallen.", returncode=1)
        path = Path(out) / closing_letter_filename(closing)
        path.write_bytes(closing_letter_pdf(closing))
        self.console.print(f"Brief {closing.reference}: {path}")

    # -- steps -----------------------------------------------------------------------------------------

    def _propose(self, kind, plan, by, reason, note, **_):
        plan, user = _plan(plan), _user(by)
        payload = {}
        if kind == ProposalKind.REFUSAL:
            payload["reasons"] = [_ground(r) for r in reason]
        proposal = services.propose(plan, kind, payload, user, note=note)
        self.console.print(f"Voorstel {proposal.pk} ({proposal.get_kind_display()}) voor {plan.name} wacht op "
                           "goedkeuring door een tweede persoon.")

    def _approve(self, proposal, by, **_):
        taken = services.approve(_proposal(proposal), _user(by))
        self.console.print(f"Besluit genomen: {taken}" + (f" (kenmerk {taken.reference})"
                                                          if getattr(taken, "reference", "") else ""))

    def _send_back(self, proposal, by, reason, **_):
        services.send_back(_proposal(proposal), _user(by), reason)
        self.console.print(f"Voorstel {proposal} is teruggestuurd.")

    def _withdraw(self, plan, by, reason, **_):
        closing = services.transition(_plan(plan), "withdraw", _user(by), reason=reason)
        self.console.print(f"Ingetrokken (kenmerk {closing.reference}); teruggevorderd: {closing.reclaimed_eur}.")

    def _start(self, plan, by, **_):
        plan = _plan(plan)
        services.transition(plan, "start", _user(by))
        self.console.print(f"De uitvoering van {plan.name} is gestart.")


def _plan(ref: str) -> Plan:
    try:
        return find_plan(ref)
    except Plan.DoesNotExist as exc:
        raise CommandError(str(exc), returncode=2) from exc


def _user(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Geen actieve gebruiker {username!r}.", returncode=2)
    return user


def _proposal(number: int) -> Proposal:
    proposal = Proposal.objects.filter(pk=number).first()
    if proposal is None:
        raise CommandError(f"Geen voorstel met nummer {number}.", returncode=2)
    return proposal


def _ground(text: str) -> dict:
    ground, sep, reason = text.partition("=")
    if not sep or ground not in REFUSAL_GROUNDS or not reason.strip():
        raise CommandError(f"--reason {text!r}: verwacht GROND=TEKST met GROND een van "
                           f"{', '.join(REFUSAL_GROUNDS)}.", returncode=2)
    return {"ground": ground, "label": REFUSAL_GROUNDS[ground], "text": reason.strip()}


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise CommandError(f"--date: {exc}", returncode=2) from exc
