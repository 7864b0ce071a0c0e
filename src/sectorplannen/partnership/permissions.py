"""Who may do what in the partnership's administration, as ``can_x(user, obj) -> (allowed, reason)``
like ``accounts.permissions``. An employer acts only for its own organisation in a plan it was
invited to, and only on the registrations and dossiers it made."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.roles import APPLICANT, ASSESSOR, EMPLOYER, has_role
from sectorplannen.plans.models import PlanStatus

from .employers import employer_of

Answer = perm.Answer
YES = perm.YES
RUNNING = (PlanStatus.GRANTED, PlanStatus.RUNNING)


def _running(plan, what: str) -> Answer:
    if plan.is_reference:
        return False, _("Dit is een referentieplan uit de gepubliceerde cijfers; het wordt alleen getoond.")
    if plan.status not in RUNNING:
        return False, what
    return YES


def can_view_partnership(user, plan) -> Answer:
    """The partnership's administration of a plan: its main applicant, and the assessors (reading)."""
    if has_role(user, ASSESSOR) and not plan.is_reference:
        return YES
    if has_role(user, APPLICANT) and not plan.is_reference and perm.is_main_applicant(user, plan):
        return YES
    return False, _("Alleen de hoofdaanvrager ziet de administratie van het samenwerkingsverband.")


def can_manage_partnership(user, plan) -> Answer:
    """Invite employers, pay their claims, record own funding: the plan's main applicant while it runs."""
    if not (has_role(user, APPLICANT) and perm.is_main_applicant(user, plan)):
        return False, _("Alleen de hoofdaanvrager beheert de werkgevers en betaalt hun declaraties.")
    return _running(plan, _("Werkgevers en declaraties beheert u zolang het plan loopt."))


def employer_for(user, plan):
    """The plan's employer the user acts for, or None (only with the employer role)."""
    if not has_role(user, EMPLOYER) or plan.is_reference:
        return None
    return employer_of(user, plan)


def can_act_as_employer(user, plan) -> Answer:
    """Register staff, complete dossiers and claim: an employer invited to this running plan."""
    if employer_for(user, plan) is None:
        return False, _("U bent geen werkgever in dit plan.")
    return _running(plan, _("Werkgevers registreren en declareren zolang het plan loopt."))


def can_view_as_employer(user, plan) -> Answer:
    if employer_for(user, plan) is None:
        return False, _("U bent geen werkgever in dit plan.")
    return YES


def can_view_dossier(user, dossier) -> Answer:
    """The employer that made the registration, the plan's main applicant, the assessors."""
    plan = dossier.registration.plan
    employer = employer_for(user, plan)
    if employer is not None:
        return YES if employer.pk == dossier.employer_id else (False, _("Dit dossier is van een andere werkgever."))
    return can_view_partnership(user, plan)


def can_edit_dossier(user, dossier) -> Answer:
    plan = dossier.registration.plan
    employer = employer_for(user, plan)
    if employer is None or employer.pk != dossier.employer_id:
        return False, _("Alleen de werkgever die deze deelnemer registreerde, vult het dossier aan.")
    return _running(plan, _("Werkgevers registreren en declareren zolang het plan loopt."))


def can_view_dossiers(user, plan) -> Answer:
    """A plan's dossiers and claims: an employer in it (its own only), its main applicant and the assessors."""
    if employer_for(user, plan) is not None:
        return YES
    return can_view_partnership(user, plan)
