"""Complete, consistent answers for a final report, for tests that need one."""

from __future__ import annotations

PLAN_ANSWERS = {
    "C": {"C1": "social_partners", "C2": ["union", "employer_assoc"], "C3o": "no", "C4": ["sector_fund"],
          "C5": ["none"], "C6": "good", "C7": "good", "C8": "very_good", "C11a": "agree", "C11c": "neutral",
          "C12": "good", "C13": "yes", "C14": "yes", "C15": "no"},
    "D": {"D1a": "dissatisfied", "D1b": "neutral", "D1c": "satisfied", "D6": "yes", "D8": "both"},
}


def measure_answers(below_plan: bool | None) -> dict:
    answers = {"B1": "as_planned", "B5": ["fit", "approach"], "B7": "lesser", "B8": "part"}
    if below_plan:
        answers["B6"] = ["employer_interest"]
    return answers
