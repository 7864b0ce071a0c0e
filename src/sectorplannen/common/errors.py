"""The domain's two errors, shared by every app and mapped once by each front end.

``Refused``: the request is not allowed (by a rule, a state or a role); it carries the reasons,
each with a short code and a Dutch sentence. The portal shows it as a 403 page (or at the form
where it was asked), the CLI exits 1.

``Conflict`` (a ``Refused`` too): the request came too late; someone else changed the thing first
(two approvers of one proposal, a plan that moved on). The portal shows a 409 page, the CLI exits 1
as well. Catch ``Conflict`` before ``Refused`` where both are handled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


class Refused(Exception):
    """Not allowed; ``reasons`` (code + Dutch message) say why."""

    def __init__(self, reasons: str | Reason | Iterable[str | Reason], *, code: str = "refused"):
        if isinstance(reasons, str) or hasattr(reasons, "message"):
            reasons = [reasons]
        self.reasons = tuple(r if hasattr(r, "message") else Reason(code, str(r)) for r in reasons)
        super().__init__(" ".join(r.message for r in self.reasons))

    @property
    def refusals(self) -> tuple:
        """The reasons (the name the decision services have always used)."""
        return self.reasons

    @property
    def problems(self) -> tuple[str, ...]:
        """The reasons as sentences only."""
        return tuple(r.message for r in self.reasons)

    @property
    def codes(self) -> set[str]:
        return {r.code for r in self.reasons}


class Conflict(Refused):
    """Too late: someone else was first, or the plan has moved on since the asker looked (two
    approvers of one proposal, a transition from a state the plan has left). A kind of refusal
    with its own answer: 409 instead of 403."""
