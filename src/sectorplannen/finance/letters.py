"""The settlement letter (vaststellingsbrief): Dutch, rendered from a template to PDF (WeasyPrint).

The letter shows every line of the settlement's explanation and the amounts as they were stored
with the settlement version, so a letter printed later says exactly what was decided.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from .models import Settlement


def _addressee(settlement: Settlement) -> str:
    for partner in settlement.plan.partners.select_related("organisation"):
        if "main_applicant" in partner.roles:
            return str(partner.organisation)
    return f"De hoofdaanvrager van {settlement.plan}"


def settlement_letter_html(settlement: Settlement) -> str:
    rules = settlement.plan.scheme.rules
    lines = [
        {"line": line, "label": rules.type_info(line.measure_type).label
         if rules.knows_type(line.measure_type) else line.measure_type}
        for line in settlement.lines.select_related("measure")
    ]
    with translation.override("nl"):
        return render_to_string("finance/settlement_letter.html", {
            "s": settlement, "plan": settlement.plan, "addressee": _addressee(settlement), "lines": lines,
            "explanation": [e["text"] for e in settlement.explanation],
            "payout": settlement.balance_eur > 0, "reclaim": settlement.balance_eur < 0,
            "reclaim_eur": -settlement.balance_eur,
        })


def settlement_letter_pdf(settlement: Settlement) -> bytes:
    from weasyprint import HTML  # imported here: loading it costs about a second

    return HTML(string=settlement_letter_html(settlement)).write_pdf()


def letter_filename(settlement: Settlement) -> str:
    return f"vaststelling-{slugify(settlement.plan.name) or settlement.plan_id}-v{settlement.version}.pdf"


def write_settlement_letter(settlement: Settlement, directory: Path | str) -> Path:
    """Write the letter as PDF into ``directory`` and return its path."""
    path = Path(directory) / letter_filename(settlement)
    path.write_bytes(settlement_letter_pdf(settlement))
    return path
