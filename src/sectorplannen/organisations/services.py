"""Public interface of the organisations app."""

from .models import Organisation


def get_or_create_organisation(name: str, kind: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return org
