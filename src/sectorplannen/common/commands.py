"""The shared base of the data commands (``sectorplannen participants|linkage|keys|synth …``).

Exit codes are the project's (README): 0 done, 1 input rejected with reasons, 2 unusable
invocation or input. A command signals 1 or 2 with ``CommandError(message, returncode=…)``; Django
prints the message on stderr and exits with that code, never with a traceback."""

from django.core.management.base import BaseCommand

__all__ = ["DataCommand"]


class DataCommand(BaseCommand):
    """A command that reads or writes data. Django's system checks cost about 2 s of CPU per start
    (every app, URL and template), which a data command does not need on every run; `sectorplannen
    check` and `migrate` run them."""

    requires_system_checks: list[str] = []
