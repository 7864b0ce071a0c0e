"""The ``sectorplannen`` command: a thin front over Django's management commands.

The domain's refusals (``common.errors.Refused``, ``Conflict`` among them) become exit code 1 here,
once for every command, with their reasons on stderr and never a traceback.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.dev")
    from django.core.management import execute_from_command_line

    from sectorplannen.common.errors import Conflict, Refused

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "sectorplannen"
    try:
        execute_from_command_line(argv)
    except Refused as refused:
        prefix = "Iemand anders was eerst: " if isinstance(refused, Conflict) else "Geweigerd: "
        for reason in refused.reasons:
            sys.stderr.write(f"{prefix}{reason.message} [{reason.code}]\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
