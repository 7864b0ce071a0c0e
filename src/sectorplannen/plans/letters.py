"""The grant decision's letter as PDF (WeasyPrint), rendered from a template so the text stays reviewable.

Shared by the portal and the API; the template (with the portal's ``nl`` filters) is the portal's
``portal/letters/decision.html``.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from sectorplannen.common.labels import PLAN_KINDS, label

from .models import GrantDecision
from .services import version_diff


def decision_letter_html(decision: GrantDecision) -> str:
    plan = decision.plan
    main = next((p for p in plan.partners.select_related("organisation") if "main_applicant" in p.roles), None)
    rows = version_diff(plan, decision.version - 1, decision.version) if decision.version > 1 else []
    return render_to_string("portal/letters/decision.html", {
        "decision": decision, "plan": plan, "main": main, "lines": decision.lines.select_related("measure"),
        "diff": rows, "kind_label": label(PLAN_KINDS, plan.kind),
    })


def decision_letter_pdf(decision: GrantDecision) -> bytes:
    return html_to_pdf(decision_letter_html(decision))


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html).write_pdf()
