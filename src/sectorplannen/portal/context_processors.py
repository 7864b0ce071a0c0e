"""What the base layout needs on every page: the user's roles and the navigation for them."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.accounts.roles import EMPLOYER, ROLE_LABELS, has_role, roles_of


def portal(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    checks = [
        (perm.can_create_draft, "portal:my_plans", _("Mijn plannen")),
        (perm.can_list_plans, "portal:plan_list", _("Plannen")),
        (perm.can_use_desk, "portal:queue", _("Werkvoorraad")),
        (perm.can_use_desk, "portal:proposals", _("Voorstellen")),
        (perm.can_view_dashboard, "portal:dashboard", _("Realisatie")),
        (perm.can_view_evaluation, "portal:evaluation", _("Evaluatie")),
        (perm.can_use_calculator, "portal:calculator", _("Rekenhulp")),
        (perm.can_simulate, "portal:simulator", _("Simulatie")),
        (perm.can_view_system_audit, "portal:system_audit", _("Logboek")),
        (lambda u: (has_role(u, EMPLOYER), ""), "portal:employer_plans", _("Mijn plannen als werkgever")),
        (perm.can_manage_api_tokens, "api:tokens", _("API-sleutels")),  # issue 16
    ]
    nav = []
    for check, name, label in checks:
        if check(user)[0]:
            url = reverse(name)
            nav.append({"url": url, "label": label, "current": request.path.startswith(url)})
    name = user.get_full_name() or user.get_username()
    # A role already in the name ("Aanvrager (demo)") is not said twice.
    roles = [str(ROLE_LABELS[r]) for r in sorted(roles_of(user))]
    return {"nav": nav, "user_name": name,
            "role_labels": [r for r in roles if r.lower() not in name.lower()]}
