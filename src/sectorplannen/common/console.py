"""A rich console for the CLI that stays readable when output is piped (CI logs, files)."""

from __future__ import annotations

from rich.console import Console


def cli_console(stream) -> Console:
    """Wide enough for our tables when not attached to a terminal, where rich would assume 80."""
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    return Console(file=stream, highlight=False, soft_wrap=True, width=None if is_tty else 140)
