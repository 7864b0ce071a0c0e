"""Applications: reading a document, checking it against the rules in the database, submitting it.

The rules themselves are in the pure ``checks`` module; this module adds what needs the database:
the rules per tranche, whether the plan name is taken, whether the values fit the columns, and
creating the plan with its partners, analysis and measures in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations

from sectorplannen.audit.services import record
from sectorplannen.common.jsonfile import UnusableJson, read_json
from sectorplannen.common.money import to_cents
from sectorplannen.common.text import MESSAGE, control_character_paths
from sectorplannen.organisations.models import Organisation
from sectorplannen.organisations.services import get_or_create_organisation
from sectorplannen.schemes.models import Tranche

from .checks import (
    ERROR,
    ApplicationData,
    Assessment,
    Finding,
    Funding,
    GoalLists,
    TrancheRules,
    assess_application,
)
from .models import LabourMarketAnalysis, Measure, Plan, PlanPartner, PlanStatus


class ApplicationUnreadable(Exception):
    """The file cannot be read as a JSON document (exit code 2: nothing was judged)."""


class ApplicationRefused(Exception):
    """The application was not submitted; ``findings`` says why (errors and any warnings)."""

    def __init__(self, findings: list[Finding] | tuple[Finding, ...]):
        self.findings = tuple(findings)
        errors = [f for f in self.findings if f.severity == ERROR]
        super().__init__(f"Aanvraag niet ingediend: {len(errors)} fout(en); " + "; ".join(
            f"{f.path or 'document'}: {f.message}" for f in errors))


def load_document(path: str | Path) -> Any:
    """The JSON value in ``path`` (UTF-8, a byte-order mark allowed), within the limits of
    common/jsonfile.py: NaN, Infinity, deep nesting and numbers of too many digits make it unreadable,
    like any syntax error."""
    try:
        return read_json(path, decimals=False)
    except UnusableJson as exc:
        raise ApplicationUnreadable(f"{path} is geen geldig JSON-document: {exc}.") from None


_goal_lists: Callable[[], GoalLists | None] | None = None


def set_goal_lists(provider: Callable[[], GoalLists | None]) -> None:
    """Where the narrow goals per theme come from (the qualitative app's current codebook; it
    registers itself when Django starts). Without a provider the goals are not checked."""
    global _goal_lists
    _goal_lists = provider


def goal_lists() -> GoalLists | None:
    return _goal_lists() if _goal_lists is not None else None


def rules_by_tranche() -> dict[int, TrancheRules]:
    """The window, ceiling and scheme rules of every tranche in the database."""
    return {
        t.number: TrancheRules(t.number, t.window_start, t.window_end, t.budget_ceiling_eur, t.scheme.rules)
        for t in Tranche.objects.select_related("scheme")
    }


def assess(doc: Any) -> Assessment:
    """The checks of ``checks.assess_application`` with the database's rules, plus whether every
    value fits its column (a name of 300 characters is refused here, not by the database)."""
    assessment = assess_application(doc, rules_by_tranche(), goal_lists())
    control = tuple(Finding("control_character", ERROR, path, f"De tekst {MESSAGE}.")
                    for path in control_character_paths(doc))
    if control:
        assessment = replace(assessment, findings=assessment.findings + control)
    if assessment.application is None or not assessment.valid:
        return assessment
    return replace(assessment, findings=assessment.findings + _storage_findings(doc, assessment.application))


def submit_application(doc: Any, *, actor=None) -> Plan:
    """Create the submitted plan from a document without errors; raises ``ApplicationRefused``
    (with the findings) for an invalid document or a plan name that already exists."""
    assessment = assess(doc)
    app = assessment.application
    if not assessment.valid or app is None:
        raise ApplicationRefused(assessment.findings)
    assert app.name is not None  # a valid document has a name
    if Plan.objects.filter(name=app.name).exists():
        raise ApplicationRefused([*assessment.findings, _plan_exists(app.name)])
    try:
        with transaction.atomic():
            plan = _create_plan(doc, app, goal_lists())
            record("plan_submitted", actor=actor, plan=plan, measures=len(app.measures))
    except IntegrityError as exc:  # submitted at the same moment by someone else
        if Plan.objects.filter(name=app.name).exists():
            raise ApplicationRefused([*assessment.findings, _plan_exists(app.name)]) from exc
        raise
    return plan


def _create_plan(doc: dict, app: ApplicationData, goals: GoalLists | None) -> Plan:
    tranche = Tranche.objects.select_related("scheme").get(number=app.tranche)
    plan = Plan.objects.create(
        name=app.name,
        tranche=tranche,
        tranche_label=str(tranche.number),
        scheme=tranche.scheme,
        kind=app.kind,
        sectors=list(app.sectors),
        regions=list(app.regions),
        start_date=app.start_date,
        end_date=app.end_date,
        submitted_on=app.submitted_on,
        status=PlanStatus.SUBMITTED,
        application=doc,
    )
    for p in app.partners:
        PlanPartner.objects.create(
            plan=plan,
            organisation=get_or_create_organisation(p.name, p.kind),
            kind=p.kind,
            roles=list(p.roles),
            cao_party=p.cao_party,
            equity_eur=_cents(p.equity_eur),
        )
    if app.analysis is not None:
        LabourMarketAnalysis.objects.create(plan=plan, date=app.analysis.date,
                                            bottlenecks=list(app.analysis.bottlenecks),
                                            summary=app.analysis.summary)
    Measure.objects.bulk_create(
        Measure(
            plan=plan,
            code=m.code,
            category=m.category,
            measure_type=m.measure_type,
            activities=list(m.activities),
            description=m.description,
            target_groups=list(m.target_groups),
            bottlenecks=list(m.bottlenecks),
            planned_participants=m.planned_participants,
            planned_youth_participants=m.planned_youth_participants,
            planned_costs_eur=_cents(m.planned_costs_eur),
            own_funding=_funding_json(m.own_funding),
            other_public_funding=_funding_json(m.other_public_funding),
            individual_registration=m.individual_registration,
            goals=list(m.goals),
            mechanism=m.mechanism or "",
            goals_codebook=goals.version if goals is not None and (m.goals or m.mechanism) else None,
        )
        for m in app.measures
    )
    return plan


def _storage_findings(doc: dict, app: ApplicationData) -> tuple[Finding, ...]:
    """``invalid_value`` for values that the database columns cannot hold, with the same paths."""
    out: list[Finding] = []

    def bad(path: str, message: str) -> None:
        out.append(Finding("invalid_value", ERROR, path, message))

    def fits(model: type[models.Model], field_name: str, value: Any, path: str) -> None:
        field = model._meta.get_field(field_name)
        if isinstance(field, models.CharField) and value is not None and len(value) > field.max_length:
            bad(path, f"Te lang: ten hoogste {field.max_length} tekens.")
        elif isinstance(field, models.DecimalField) and value is not None:
            limit = Decimal(10) ** (field.max_digits - field.decimal_places)
            if to_cents(value) >= limit:
                bad(path, f"Bedrag te groot: het moet kleiner zijn dan {limit} euro.")
        elif isinstance(field, models.IntegerField) and value is not None:
            # the portable range, so that SQLite in development and PostgreSQL agree
            high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()][1]
            if value > high:
                bad(path, f"Aantal te groot: ten hoogste {high}.")

    fits(Plan, "name", app.name, "name")
    for i, p in enumerate(app.partners):
        fits(Organisation, "name", p.name, f"partners[{i}].name")
        fits(PlanPartner, "equity_eur", p.equity_eur, f"partners[{i}].equity_eur")
    for i, m in enumerate(app.measures):
        at = f"measures[{i}]"
        fits(Measure, "code", m.code, f"{at}.code")
        fits(Measure, "category", m.category, f"{at}.category")
        fits(Measure, "planned_participants", m.planned_participants, f"{at}.planned_participants")
        fits(Measure, "planned_youth_participants", m.planned_youth_participants,
             f"{at}.planned_youth_participants")
        fits(Measure, "planned_costs_eur", m.planned_costs_eur, f"{at}.planned_costs_eur")
    try:
        json.dumps(doc, allow_nan=False)
    except ValueError:
        bad("", "Het document bevat NaN of oneindig; dat is geen JSON.")
    return tuple(out)


def _plan_exists(name: str) -> Finding:
    return Finding("plan_exists", ERROR, "name", f"Er bestaat al een plan met de naam '{name}'.")


def _cents(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else to_cents(amount)


def _funding_json(funding: tuple[Funding, ...]) -> list[dict[str, str | None]]:
    """Funding as stored on the measure: amounts as decimal strings, never floats."""
    return [{"source": f.source, "amount_eur": str(_cents(f.amount_eur))} for f in funding]

