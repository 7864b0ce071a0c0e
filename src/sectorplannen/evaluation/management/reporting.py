"""What `evaluate` and `effects` print after a run (both commands, one place)."""

from __future__ import annotations

from django.core.management.base import CommandError


def report(command, result, what: str) -> None:
    """The summary on stdout; with rejected rows the first examples on stderr and exit code 1.

    `what` names the outputs in the closing sentence ("de uitkomsten", "de effecten")."""
    for line in result.summary_lines():
        command.stdout.write(line)
    if result.exit_code != 1:
        return
    for file, row, column, code, message in result.rejection_examples:
        where = f"{file} regel {row}" + (f", kolom {column}" if column else "")
        command.stderr.write(f"{where}: {code} ({message})")
    if result.rejected > len(result.rejection_examples):
        command.stderr.write(f"... en nog {result.rejected - len(result.rejection_examples)}; "
                             f"zie {result.out_dir / 'rejected_rows.csv'}")
    raise CommandError(f"{result.rejected} afwijzingen in de invoer; {what} zijn berekend uit de goedgekeurde regels",
                       returncode=1)
