"""Own funding per source and per employer, and the reconciliations with the final declaration:
own funding recorded against declared, and realisation from complete dossiers against declared."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Sum

from sectorplannen.audit.services import record
from sectorplannen.common.errors import Reason, Refused

from . import dossiers
from .models import Claim, Dossier, OwnFunding, PartnershipSettings, PlanEmployer

ZERO = Decimal("0.00")


def record_own_funding(plan, *, source: str, amount_eur, employer: PlanEmployer | None, actor,
                       on: dt.date) -> OwnFunding:
    """Record part of the plan's own contribution; the source is one of the scheme's own-funding sources."""
    sources = plan.scheme.rules.own_funding_sources
    if source not in sources:
        raise Refused(Reason("own_funding_source_unknown", "Kies een bron van eigen bijdrage die de regeling kent."))
    try:
        amount = Decimal(str(amount_eur).strip().replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise Refused(Reason("own_funding_amount_invalid", "Vul het bedrag in euro's in.")) from None
    if amount <= 0:
        raise Refused(Reason("own_funding_amount_invalid", "Het bedrag moet groter dan nul zijn."))
    if employer is not None and employer.plan_id != plan.pk:
        raise Refused(Reason("own_funding_employer_unknown", "Deze werkgever hoort niet bij dit plan."))
    row = OwnFunding.objects.create(plan=plan, source=source, employer=employer, amount_eur=amount,
                                    recorded_by=actor, recorded_on=on)
    record("own_funding_recorded", actor=actor, plan=plan, source=source, amount_eur=str(amount))
    return row


@dataclass(frozen=True)
class SourceRow:
    source: str
    recorded_eur: Decimal
    declared_eur: Decimal | None  # None: no final declaration yet
    by_employer: tuple[tuple[str, Decimal], ...]

    @property
    def difference_eur(self) -> Decimal | None:
        return None if self.declared_eur is None else self.recorded_eur - self.declared_eur


def _declaration(plan):
    return getattr(plan, "final_declaration", None)


def own_funding_by_source(plan) -> list[SourceRow]:
    """Recorded own funding per source (with its employers) beside what the final declaration says."""
    recorded: dict[str, Decimal] = defaultdict(lambda: ZERO)
    employers: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in OwnFunding.objects.filter(plan=plan).select_related("employer__organisation"):
        recorded[row.source] += row.amount_eur
        if row.employer is not None:
            employers[row.source][row.employer.organisation.name] += row.amount_eur
    declaration = _declaration(plan)
    declared: dict[str, Decimal] | None = None
    if declaration is not None:
        declared = defaultdict(lambda: ZERO)
        for funding in declaration.lines.values_list("own_funding_realised", flat=True):
            for part in funding or []:
                declared[part["source"]] += Decimal(str(part["amount_eur"]))
    sources = sorted(set(recorded) | set(declared or {}))
    return [SourceRow(s, recorded[s], None if declared is None else declared[s],
                      tuple(sorted(employers[s].items()))) for s in sources]


@dataclass(frozen=True)
class MeasureRealisation:
    code: str
    participants: int  # persons with a complete dossier
    costs_eur: Decimal  # the costs claimed on those dossiers
    declared_participants: int | None
    declared_costs_eur: Decimal | None

    @property
    def participant_difference(self) -> int | None:
        return None if self.declared_participants is None else self.participants - self.declared_participants

    @property
    def cost_difference_eur(self) -> Decimal | None:
        return None if self.declared_costs_eur is None else self.costs_eur - self.declared_costs_eur


def declaration_from_dossiers(plan) -> bool:
    """Whether the plan's final declaration draws its realisation from complete dossiers (a plan setting)."""
    settings = PartnershipSettings.objects.filter(plan=plan).first()
    return bool(settings and settings.declaration_from_dossiers)


def dossier_realisation(plan) -> list[MeasureRealisation]:
    """Per measure: participants and costs from complete dossiers, beside the final declaration."""
    complete = {s.dossier.pk for s in dossiers.states(Dossier.objects.filter(registration__plan=plan)) if s.complete}
    persons: dict[str, set[int]] = defaultdict(set)
    for code, person in Dossier.objects.filter(pk__in=complete).values_list("registration__measure__code",
                                                                              "registration__person_id"):
        persons[code].add(person)
    costs = dict(Claim.objects.filter(dossier_id__in=complete).values_list("dossier__registration__measure__code")
                 .annotate(s=Sum("costs_eur")))
    declaration = _declaration(plan)
    declared = {} if declaration is None else {
        code: (n, c) for code, n, c in declaration.lines.values_list("measure__code", "realised_participants",
                                                                      "eligible_costs_eur")}
    rows = []
    for code in plan.measures.order_by("code").values_list("code", flat=True):
        n, c = declared.get(code, (None, None))
        if declaration is not None and code not in declared:
            n, c = 0, ZERO
        rows.append(MeasureRealisation(code, len(persons[code]), costs.get(code) or ZERO, n, c))
    return rows
