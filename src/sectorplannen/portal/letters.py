"""Decision letters as PDF: the one function lives in ``plans.letters`` (the API prints them too)."""

from sectorplannen.plans.letters import decision_letter_pdf

__all__ = ["decision_letter_pdf"]
