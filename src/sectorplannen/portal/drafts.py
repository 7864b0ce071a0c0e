"""Application drafts: the document of formats §1 built step by step, checked on every save.

A draft is plain JSON (the same document the CLI and the API take), so the portal adds no rules of
its own: the checks are ``plans.application.assess`` and submitting is ``submit_application``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sectorplannen.audit.services import record
from sectorplannen.plans.application import assess, submit_application
from sectorplannen.plans.checks import Finding
from sectorplannen.schemes.models import Tranche
from sectorplannen.workflow import clock

from .models import PlanDraft


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


STEPS = (
    Step("algemeen", _("Algemeen")),
    Step("samenwerking", _("Samenwerkingsverband")),
    Step("analyse", _("Arbeidsmarktanalyse")),
    Step("maatregelen", _("Maatregelen")),
    Step("financiering", _("Financiering")),
    Step("indienen", _("Controleren en indienen")),
)
STEP_SLUGS = tuple(s.slug for s in STEPS)
_FUNDING = re.compile(r"^measures\[\d+\]\.(own_funding|other_public_funding)")


def step_of(path: str) -> str:
    """Which step a finding's document path belongs to."""
    if path.startswith("partners"):
        return "samenwerking"
    if path.startswith("labour_market_analysis"):
        return "analyse"
    if _FUNDING.match(path):
        return "financiering"
    if path.startswith("measures"):
        return "maatregelen"
    return "algemeen"


def as_number(value: Decimal | int | None):
    """JSON numbers in the document: whole euros as int, cents as float (exact for these sizes)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def new_draft(user, organisation) -> PlanDraft:
    """A draft with the user's organisation as main applicant."""
    doc = {
        "partners": [{"name": organisation.name, "kind": organisation.kind, "roles": ["main_applicant"]}],
        "measures": [],
    }
    draft = PlanDraft.objects.create(organisation=organisation, created_by=user, document=doc,
                                     saved_on=clock.today())
    record("draft_created", actor=user, draft=draft.pk)
    return draft


def document_for_check(draft: PlanDraft) -> dict:
    """The document as it would be submitted today."""
    return {**draft.document, "submitted_on": clock.today().isoformat()}


def findings(draft: PlanDraft) -> list[Finding]:
    return list(assess(document_for_check(draft)).findings)


def findings_by_step(draft: PlanDraft) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {slug: [] for slug in STEP_SLUGS}
    for finding in findings(draft):
        grouped[step_of(finding.path)].append(finding)
    return grouped


def requested_subsidy(draft: PlanDraft) -> Decimal | None:
    return assess(document_for_check(draft)).requested_subsidy_eur


def rules_of(draft: PlanDraft):
    number = draft.document.get("tranche")
    tranche = Tranche.objects.select_related("scheme").filter(number=number).first() if number else None
    return tranche.scheme.rules if tranche else None


def save(draft: PlanDraft, document: dict) -> None:
    draft.document = document
    draft.saved_on = clock.today()  # the business date, which the pages show (not the wall clock)
    draft.save(update_fields=["document", "saved_on", "updated_at"])


@transaction.atomic
def submit(draft: PlanDraft, user):
    """Submit the draft; raises ``plans.application.ApplicationRefused`` with the findings."""
    plan = submit_application(document_for_check(draft), actor=user)
    draft.plan = plan
    draft.save(update_fields=["plan", "updated_at"])
    return plan
