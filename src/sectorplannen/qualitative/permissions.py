"""Who may fill in, read and tabulate the qualitative evidence (answers as ``(bool, reason)``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.roles import APPLICANT, EVALUATOR, POLICY_OFFICER, has_role


def can_fill_final_report(user, plan) -> tuple[bool, str]:
    """The main applicant, while the final declaration can still be made."""
    return perm.can_declare(user, plan)


def can_view_final_report(user, plan) -> tuple[bool, str]:
    """A plan looks at its own report only: the main applicant; the evaluator sees answers pooled."""
    if has_role(user, APPLICANT) and perm.is_main_applicant(user, plan):
        return True, ""
    return False, _("Alleen de hoofdaanvrager van dit plan kan de eindrapportage inzien.")


def can_view_tabulations(user, obj=None) -> tuple[bool, str]:
    if has_role(user, EVALUATOR, POLICY_OFFICER):
        return True, ""
    return False, _("De tabellen van de eindrapportages zijn er voor de evaluator en het ministerie.")


def can_read_free_text(user, obj=None) -> tuple[bool, str]:
    """Free-text answers can name people and firms: the evaluator only."""
    if has_role(user, EVALUATOR):
        return True, ""
    return False, _("Toelichtingen in eigen woorden zijn alleen zichtbaar voor de evaluator.")


def can_code_interviews(user, obj=None) -> tuple[bool, str]:
    """Interview notes (stakeholders, project leaders, group discussions) and their coding: the evaluator."""
    if has_role(user, EVALUATOR):
        return True, ""
    return False, _("Interviewverslagen en hun codering zijn er alleen voor de evaluator.")
