"""The roles of the system (domain.md), kept as Django groups named by their code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

APPLICANT = "applicant"
ASSESSOR = "assessor"
POLICY_OFFICER = "policy_officer"
LINKAGE_OFFICER = "linkage_officer"
EVALUATOR = "evaluator"
ADMINISTRATOR = "administrator"
EMPLOYER = "employer"  # an employer in a plan: acts only in the plans it was invited to (partnership app)

ROLE_LABELS = {
    APPLICANT: _("Aanvrager"),
    ASSESSOR: _("Beoordelaar"),
    POLICY_OFFICER: _("Beleidsmedewerker"),
    LINKAGE_OFFICER: _("Koppelfunctionaris"),
    EVALUATOR: _("Evaluator"),
    ADMINISTRATOR: _("Functioneel beheerder"),
    EMPLOYER: _("Werkgever"),
}
ROLES = tuple(ROLE_LABELS)
# Staff of the agency and the ministry: these may enrol a second factor (TOTP).
AGENCY_ROLES = (ASSESSOR, POLICY_OFFICER, LINKAGE_OFFICER, ADMINISTRATOR)
DESK_ROLES = (ASSESSOR, POLICY_OFFICER)


def roles_of(user) -> frozenset[str]:
    """The role codes of ``user`` (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._role_cache = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))
