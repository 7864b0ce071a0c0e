"""Agreement between two coders of the same interview notes: Cohen's kappa (no database).

kappa = (p_o − p_e) / (1 − p_e), with p_o the observed agreement and p_e the agreement expected from
each coder's own category shares (Cohen 1960). Written out rather than taken from scikit-learn or
statsmodels: it is six lines, and either library would add numpy/scipy wheels to the web
application for this one function (see docs/qualitative.md). Multi-code answers are judged per
code (present or absent in each note), as is usual for coding frames.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


def cohen_kappa(first: Sequence, second: Sequence) -> Fraction | None:
    """Kappa of two equally long label sequences; None when undefined (no items, or p_e = 1)."""
    if len(first) != len(second):
        raise ValueError("both coders must code the same items")
    n = len(first)
    if n == 0:
        return None
    observed = Fraction(sum(a == b for a, b in zip(first, second, strict=True)), n)
    left, right = Counter(first), Counter(second)
    expected = sum(Fraction(left[c] * right[c], n * n) for c in set(left) | set(right))
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class CodeAgreement:
    code: str
    kappa: Fraction | None
    notes: int
    agreed: int


def per_code(first: Sequence[Sequence[str]], second: Sequence[Sequence[str]], codes: Sequence[str]
             ) -> list[CodeAgreement]:
    """For each code of a multi-code question: kappa of 'coded / not coded' over the notes."""
    out = []
    for code in codes:
        a = [code in x for x in first]
        b = [code in x for x in second]
        out.append(CodeAgreement(code, cohen_kappa(a, b), len(a), sum(x == y for x, y in zip(a, b, strict=True))))
    return out
