"""Disclosure control of the outcome tables (formats.md §6), as pure functions over plain values.

The rules of §6, per group (one row of a table: a dimension value at a measurement date):

1. a group whose total is below the threshold (10) is suppressed entirely (`small_group`);
2. a cell with 0 < n < 10 is suppressed (`small_cell`);
3. if a group has exactly one suppressed cell, its next-smallest non-zero cell is suppressed too
   (`secondary`), so that the cell cannot be found as the group total minus the other cells.

Rules 1–3 protect a group on its own, but a table publishes more than one group: the groups of
every dimension add up to the total, a category adds up over its category × target group groups,
a category over its measure types, and so on. A suppressed cell can then still be recovered by
subtraction. `recoverable_cells` finds every suppressed cell whose value follows from the table's
published cells and totals, and `protect` suppresses further cells (`complementary`) until none
is left.

What a reader knows of a table: every unsuppressed cell; the size of every group that shows a
non-zero cell (n / share gives it; the report prints it); and what other tables of the same date
give away about it: the employed cells of `income_status` add up to the group's size in `contract`
and `hours`, and the job changers of `employer_mobility` to the size in `contract_job_changers`
(definitions.TABLE_LINKS). The check is linear (adding and subtracting published figures); bounds
that follow from counts being non-negative are not used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .definitions import DIMENSIONS, DISCLOSURE_THRESHOLD, TABLE_BY_NAME, TABLE_LINKS
from .disclosure_system import (
    Atoms,
    Cell,
    CellKey,
    DisclosureError,
    Links,
    _Block,
    _by_table,
    _groups,
    _Knowledge,
    _knowledge,
    _System,
)

__all__ = ["REASONS", "Cell", "DisclosureError", "apply_group_rules", "protect", "recoverable_cells"]

REASONS = {
    "small_group": "groep kleiner dan 10: de hele groep is onderdrukt",
    "small_cell": "cel met 1 tot en met 9 eenheden",
    "secondary": "enige onderdrukte cel van de groep: de kleinste andere niet-lege cel is ook onderdrukt",
    "complementary": "zonder deze onderdrukking is een andere onderdrukte cel terug te rekenen "
                     "uit de overige cellen en totalen",
}

def apply_group_rules(cells: Sequence[Cell], threshold: int = DISCLOSURE_THRESHOLD,
                      suppressed: dict[CellKey, str] | None = None) -> dict[CellKey, str]:
    """Rules 1–3 of §6 for every group; returns {cell key: reason}, extending `suppressed` if given.

    With `suppressed` already filled (by complementary suppression), rule 3 is applied again to the
    groups that now have exactly one suppressed cell.
    """
    result = dict(suppressed or {})
    for members in _groups(cells).values():
        total = sum(c.n for c in members)
        if total < threshold:
            for c in members:
                result.setdefault(c.key, "small_group")
            continue
        for c in members:
            if 0 < c.n < threshold:
                result.setdefault(c.key, "small_cell")
        hidden = [c for c in members if c.key in result]
        if len(hidden) == 1:
            candidates = [c for c in members if c.key not in result and c.n > 0]
            if candidates:
                partner = min(candidates, key=lambda c: c.n)  # ties: first in outcome order
                result[partner.key] = "secondary"
    return result


def recoverable_cells(cells: Sequence[Cell], suppressed: dict[CellKey, str] | set[CellKey],
                      atoms: Atoms, links: Links = TABLE_LINKS) -> list[CellKey]:
    """Suppressed cells of one measurement date whose value follows from what is published.

    `atoms` lists per table the combinations of unit attributes (definitions.ATOM_ATTRIBUTES) in
    its population; it decides how the groups of different dimensions add up.
    """
    tables = _by_table(cells)
    hidden = set(suppressed)
    found: list[CellKey] = []
    for table, table_cells in tables.items():
        system = _System(table_cells, atoms.get(table, ()), _knowledge(table, tables, hidden, links))
        for v in system.exposed(system.unknowns(hidden & set(system.var_of_cell))):
            found.extend(system.members[v])
    return sorted(found)


def protect(cells: Sequence[Cell], atoms: Atoms, threshold: int = DISCLOSURE_THRESHOLD,
            links: Links = TABLE_LINKS) -> dict[CellKey, str]:
    """All suppressions for the tables of one measurement date: {cell key: reason}.

    Tables are protected one by one. What another table gives away is taken from its final state
    when it was protected before, else from its state after rules 1–3 (it can only hide more later,
    which gives away less, so the protection stays valid).
    """
    tables = _by_table(cells)
    state = apply_group_rules(cells, threshold)
    order = [t.name for t in TABLE_BY_NAME.values()]
    for table in sorted(tables, key=lambda t: order.index(t) if t in order else len(order)):
        knowledge = _knowledge(table, tables, state, links)
        own = {k: r for k, r in state.items() if k[0] == table}
        state.update(_protect_table(tables[table], atoms.get(table, ()), knowledge, threshold, own))
    return state


def _protect_table(cells: list[Cell], atoms: Sequence[tuple[str, ...]], knowledge: _Knowledge,
                   threshold: int, suppressed: dict[CellKey, str]) -> dict[CellKey, str]:
    """Complementary suppression in one table until no suppressed cell can be recovered.

    - Recovered by plain subtraction (a relation in which it is the only unknown): suppress the
      smallest non-zero published cell of that relation (a zero cell if there is no other).
    - Recovered by a combination of relations: suppress the smallest published cell whose hiding
      makes it undetermined, or else the smallest cell its recovery uses.
    - A recovery that uses only group sizes: hide the smallest such group's shown cells.
    Rule 3 is applied again after every round; twins (groups with the same units) stay identical.
    """
    system = _System(cells, atoms, knowledge)
    names = system.names
    dim_order = {d: i for i, d in enumerate(DIMENSIONS)}

    def cost(v: int) -> tuple:
        name = names[v]
        return (not system.is_cell(v), system.n.get(v, 0) == 0, system.n.get(v, 0),
                dim_order.get(name[2], 99) if len(name) > 2 else 99, str(name[1:]))

    def hide(v: int, unknown: set[int], added: set[int]) -> None:
        if system.is_cell(v):
            for key in system.members[v]:
                suppressed.setdefault(key, "complementary")
            added.add(v)
        elif v in system.group_cells:  # a group size: hide the group's shown non-zero cells
            for c in system.group_cells[v]:
                if system.n[c] > 0 and c not in unknown:
                    hide(c, unknown, added)
            added.add(v)
        else:
            raise DisclosureError(f"{names[v]} is published elsewhere and cannot be hidden here")

    for _ in range(4 * len(cells) + 10):
        suppressed = _mirror(system, suppressed)
        unknown = system.unknowns(set(suppressed))
        added: set[int] = set()
        single = {v: r for v, r in system.singletons(unknown).items() if system.is_cell(v)}
        if single:
            for v, r in sorted(single.items()):
                row = system.rows[r]
                if added & row.keys():
                    continue
                options = [w for w in row if w != v and w not in unknown and names[w][0] != "subtotal"]
                if not options:
                    raise DisclosureError(f"cell {names[v]} cannot be protected")
                hide(min(options, key=cost), unknown, added)
            suppressed = apply_group_rules(cells, threshold, suppressed)
            continue
        exposed_any = False
        for members, rows in system.blocks(unknown):
            block = _Block(system, members, rows)
            targets = [v for v in block.determined if system.is_cell(v)]
            if not targets:
                continue
            exposed_any = True
            candidates = sorted({w for r in rows for w in system.rows[r] if w not in unknown and system.is_cell(w)},
                                key=cost)
            good = block.breakers(targets, candidates) if candidates else np.zeros((len(targets), 0), bool)
            for t_index, target in enumerate(targets):
                if any(good[t_index, j] for j, w in enumerate(candidates) if w in added):
                    continue
                choice = next((w for j, w in enumerate(candidates) if good[t_index, j]), None)
                if choice is None:
                    weights = block.attack(target)
                    used = {w for i, r in enumerate(rows) if abs(weights[i]) > 1e-9 for w in system.rows[r]
                            if w not in unknown and names[w][0] != "subtotal"}
                    if not used:
                        raise DisclosureError(f"cell {names[target]} cannot be protected")
                    choice = min(used, key=cost)
                hide(choice, unknown, added)
        if not exposed_any:
            return suppressed
        suppressed = apply_group_rules(cells, threshold, suppressed)
    raise DisclosureError("complementary suppression did not converge")


def _mirror(system: _System, suppressed: dict[CellKey, str]) -> dict[CellKey, str]:
    """Twins (groups with exactly the same units) show the same figures, so hide the same cells."""
    out = dict(suppressed)
    for key, reason in suppressed.items():
        if key in system.var_of_cell:
            for twin in system.members[system.var_of_cell[key]]:
                out.setdefault(twin, reason)
    return out
