"""Public interface of the schemes app."""

from __future__ import annotations

from .models import SchemeVersion, Tranche
from .rules import SchemeRules


class UnknownScheme(LookupError):
    pass


def rules_for(code: str) -> SchemeRules:
    try:
        return SchemeVersion.objects.get(code=code).rules
    except SchemeVersion.DoesNotExist as exc:
        known = ", ".join(SchemeVersion.objects.values_list("code", flat=True))
        raise UnknownScheme(f"onbekende regeling {code!r} (bekend: {known})") from exc


def tranche(number: int) -> Tranche:
    return Tranche.objects.select_related("scheme").get(number=number)
