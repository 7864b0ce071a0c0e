"""Everything about a plan on one page (issue 18, point 5): what was granted beside what was asked,
the labour-market analysis, the funding per measure, the equity (guarantee) test and the outcome of
the application checks on the submitted document."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sectorplannen.common.labels import BOTTLENECKS, FUNDING_SOURCES, label
from sectorplannen.plans.application import assess
from sectorplannen.plans.document import MONEY

from .participant_check import measure_label


@dataclass
class Dossier:
    granted: list = field(default_factory=list)  # per measure: granted (latest decision) and requested
    decision: object = None
    analyses: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    equity: dict | None = None
    findings: list | None = None  # None: not checked (a reference plan has no application document)


def _float_eur(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def granted_rows(plan, decision) -> list[dict]:
    rules = plan.scheme.rules
    lines = {line.measure_id: line for line in decision.lines.all()} if decision else {}
    rows = []
    for m in plan.measures.all():
        line = lines.get(m.pk)
        rows.append({"code": m.code, "label": measure_label(rules, m.measure_type),
                     "requested_participants": m.planned_participants, "requested_costs": m.planned_costs_eur,
                     "line": line})
    return rows


def equity_test(plan) -> dict | None:
    """The guarantee test of the application: the main applicant's equity against the share of the
    requested subsidy the rules ask, or a guarantor among the partners."""
    rules = plan.scheme.rules
    partners = list(plan.partners.select_related("organisation"))
    main = next((p for p in partners if "main_applicant" in p.roles), None)
    if main is None:
        return None
    requested = sum((rules.line_subsidy(m.measure_type, m.planned_costs_eur) for m in plan.measures.all()
                     if rules.knows_type(m.measure_type)), Decimal("0.00"))
    needed = MONEY.multiply(rules.guarantee_equity_ratio, requested)
    guarantors = [p.organisation.name for p in partners if "guarantor" in p.roles and p is not main]
    equity = main.equity_eur
    return {"main": main.organisation.name, "equity": equity, "requested": requested, "needed": needed,
            "ratio": rules.guarantee_equity_ratio, "guarantors": guarantors,
            "met": (equity is not None and equity >= needed) or bool(guarantors)}


def dossier(plan, *, with_checks: bool) -> Dossier:
    decision = plan.latest_decision()
    d = Dossier(granted=granted_rows(plan, decision), decision=decision)
    d.analyses = [{"date": a.date, "bottlenecks": ", ".join(label(BOTTLENECKS, b) for b in a.bottlenecks),
                   "summary": a.summary} for a in plan.analyses.order_by("-date")]
    for m in plan.measures.all():
        for kind, entries in (("own", m.own_funding), ("public", m.other_public_funding)):
            for e in entries or []:
                d.funding.append({"code": m.code, "kind": kind, "source": label(FUNDING_SOURCES, e.get("source")),
                                  "amount": _float_eur(e.get("amount_eur"))})
    if not plan.is_reference:
        d.equity = equity_test(plan)
        if with_checks and plan.application:
            d.findings = list(assess(plan.application).findings)
    return d
