"""Decision letters as PDF: the functions live in ``plans.letters`` (the API prints them too)."""

from sectorplannen.plans.letters import decision_letter_html, decision_letter_pdf, html_to_pdf

__all__ = ["decision_letter_html", "decision_letter_pdf", "html_to_pdf"]
