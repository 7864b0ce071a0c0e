"""The demo's printed summary: plans, measures, planned and realised participants and budget."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable

from .numbers import nl_eur, nl_int, nl_pct
from .tables import Table


def print_summary(console: Console, participants: Table, budget: Table, plans: int | None) -> None:
    """``plans`` None: the tranche-3 table (per trajectory) under the one per theme."""
    title = (f"{plans} sectorplannen: gepland (laatste beschikking) en gerealiseerd per thema" if plans is not None
             else "Tranche 3: gepland (laatste beschikking) en gerealiseerd per traject")
    out = RichTable(title=title, title_justify="left")
    for title, justify in (("Thema", "left"), ("Maatregelen", "right"), ("Deelnemers gepland", "right"),
                           ("gerealiseerd", "right"), ("%", "right"), ("Budget gepland", "right"),
                           ("gerealiseerd", "right"), ("%", "right")):
        out.add_column(title, justify=justify)
    budget_rows = {row[0]: row for row in budget.rows}
    for row in participants.rows:
        b = budget_rows.get(row[0], (row[0], None, None, None))
        out.add_row(row[0], nl_int(row[1]), nl_int(row[2]), nl_int(row[3]), nl_pct(row[4]),
                    nl_eur(b[1]), nl_eur(b[2]), nl_pct(b[3]), end_section=row[0] == participants.rows[-2][0])
    console.print(out)
