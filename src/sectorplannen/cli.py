"""The ``sectorplannen`` command: a thin front over Django's management commands."""

from __future__ import annotations

import os
import sys


def protect_streams() -> None:
    """No BSN on the command's stderr, whatever writes there (a library, a traceback); see docs/privacy.md."""
    from sectorplannen.common.logsetup import protect_stderr

    protect_stderr()


def main(argv: list[str] | None = None) -> None:
    protect_streams()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "sectorplannen"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
