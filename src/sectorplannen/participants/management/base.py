from django.core.management.base import BaseCommand


class DataCommand(BaseCommand):
    """A command that reads or writes data. Django's system checks cost about 2 s of CPU per start
    (every app, URL and template), which a data command does not need on every run; `sectorplannen
    check` and `migrate` run them."""

    requires_system_checks: list[str] = []
