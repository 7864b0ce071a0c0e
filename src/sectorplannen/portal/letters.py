"""Decision letters as PDF (WeasyPrint), rendered from a template so the text stays reviewable."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from sectorplannen.common.labels import PLAN_KINDS, label
from sectorplannen.plans.models import GrantDecision
from sectorplannen.plans.services import version_diff


def decision_letter_html(decision: GrantDecision) -> str:
    plan = decision.plan
    main = next((p for p in plan.partners.select_related("organisation") if "main_applicant" in p.roles), None)
    rows = version_diff(plan, decision.version - 1, decision.version) if decision.version > 1 else []
    return render_to_string("portal/letters/decision.html", {
        "decision": decision, "plan": plan, "main": main, "lines": decision.lines.select_related("measure"),
        "diff": rows, "kind_label": label(PLAN_KINDS, plan.kind),
    })


def decision_letter_pdf(decision: GrantDecision) -> bytes:
    return HTML(string=decision_letter_html(decision)).write_pdf()


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf()
