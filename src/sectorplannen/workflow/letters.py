"""The letters of the decisions that end a plan without a settlement (refusal, withdrawal, lapse):
Dutch, rendered from a template to PDF (WeasyPrint), from the stored decision row only."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from .definition import REFUSAL_GROUNDS
from .models import AdvanceDecision, ClosingDecision


def _addressee(closing: ClosingDecision | AdvanceDecision) -> str:
    for partner in closing.plan.partners.select_related("organisation"):
        if "main_applicant" in partner.roles:
            return str(partner.organisation)
    return f"De hoofdaanvrager van {closing.plan}"


def closing_letter_html(closing: ClosingDecision) -> str:
    reasons = [{"label": r.get("label") or REFUSAL_GROUNDS.get(r.get("ground"), ""), "text": r["text"]}
               for r in closing.reasons]
    with translation.override("nl"):
        return render_to_string("workflow/closing_letter.html", {
            "c": closing, "plan": closing.plan, "addressee": _addressee(closing), "reasons": reasons,
            "granted": closing.granted_eur > 0, "reclaim": closing.reclaimed_eur > 0,
        })


def closing_letter_pdf(closing: ClosingDecision) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs about a second

    return HTML(string=closing_letter_html(closing)).write_pdf()


def closing_letter_filename(closing: ClosingDecision) -> str:
    return f"{slugify(closing.get_kind_display())}-{slugify(closing.plan.name) or closing.plan_id}.pdf"


def advance_letter_html(decision: AdvanceDecision) -> str:
    """The letter of an advance decision, with the calculation from the scheme's rule it was taken on."""
    with translation.override("nl"):
        return render_to_string("workflow/advance_letter.html", {
            "d": decision, "plan": decision.plan, "addressee": _addressee(decision),
        })


def advance_letter_pdf(decision: AdvanceDecision) -> bytes:
    from weasyprint import HTML

    return HTML(string=advance_letter_html(decision)).write_pdf()
