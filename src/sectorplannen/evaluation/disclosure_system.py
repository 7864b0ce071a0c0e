"""The linear system behind the subtraction check of the outcome tables (see disclosure.py).

A table's published cells, group sizes and the subtotals other tables give away become variables
with linear relations; a suppressed cell is recoverable when it is determined by them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .definitions import DIMENSIONS, TABLE_BY_NAME, group_of

#: (table, dimension, group, outcome)
CellKey = tuple[str, str, str, str]
#: (table, dimension, group)
GroupKey = tuple[str, str, str]
Links = Sequence[tuple[str, Sequence[str], str]]
Atoms = dict[str, Sequence[tuple[str, ...]]]


class DisclosureError(RuntimeError):
    """The tables cannot be protected (a bug, never expected with real tables)."""


@dataclass(frozen=True)
class Cell:
    table: str
    dimension: str
    group: str
    outcome: str
    n: int

    @property
    def key(self) -> CellKey:
        return (self.table, self.dimension, self.group, self.outcome)

    @property
    def group_key(self) -> GroupKey:
        return (self.table, self.dimension, self.group)


def _groups(cells: Iterable[Cell]) -> dict[GroupKey, list[Cell]]:
    """Cells per group, in the table's outcome order."""
    out: dict[GroupKey, list[Cell]] = defaultdict(list)
    for cell in cells:
        out[cell.group_key].append(cell)
    for key, members in out.items():
        order = TABLE_BY_NAME[key[0]].outcomes if key[0] in TABLE_BY_NAME else ()
        members.sort(key=lambda c: order.index(c.outcome) if c.outcome in order else len(order))
    return out



# ------------------------------------------------------------------------------------------------
# The relations a reader can use


def _group_relations(groups: Sequence[GroupKey], atoms: Sequence[tuple[str, ...]]) -> list[dict[GroupKey, float]]:
    """Linear relations among the groups of one table, from how they share unit types (atoms).

    For every pair of dimensions, groups that share units form connected blocks whose sums are
    equal: a category is the sum of its category × target group groups, a category the sum of its
    measure types when they belong to it alone, every dimension adds up to the total.
    """
    atoms = list(dict.fromkeys(tuple(a) for a in atoms))
    if not atoms or not groups:
        return []
    present = set(groups)
    by_dim: dict[str, list[GroupKey]] = defaultdict(list)
    for g in groups:
        by_dim[g[1]].append(g)
    table = groups[0][0] if groups else ""
    membership = {
        a: {d: (table, d, group_of(d, a)) for d in DIMENSIONS if (table, d, group_of(d, a)) in present}
        for a in atoms
    }
    relations: list[dict[GroupKey, float]] = []
    dims = [d for d in DIMENSIONS if d in by_dim]
    for i, dim_a in enumerate(dims):
        for dim_b in dims[i + 1:]:
            parent: dict[GroupKey, GroupKey] = {g: g for g in by_dim[dim_a] + by_dim[dim_b]}

            def find(g: GroupKey, parent=parent) -> GroupKey:
                while parent[g] != g:
                    parent[g] = parent[parent[g]]
                    g = parent[g]
                return g

            for a in atoms:
                ga, gb = membership[a].get(dim_a), membership[a].get(dim_b)
                if ga and gb:
                    ra, rb = find(ga), find(gb)
                    if ra != rb:
                        parent[ra] = rb
            blocks: dict[GroupKey, dict[GroupKey, float]] = defaultdict(dict)
            for g in by_dim[dim_a]:
                blocks[find(g)][g] = 1.0
            for g in by_dim[dim_b]:
                blocks[find(g)][g] = -1.0
            for block in blocks.values():
                if any(v > 0 for v in block.values()) and any(v < 0 for v in block.values()):
                    relations.append(block)
    return relations


def _twins(groups: Sequence[GroupKey], atoms: Sequence[tuple[str, ...]]) -> dict[GroupKey, GroupKey]:
    """Each group's representative: groups of one table with exactly the same units are one group
    (e.g. a category with a single measure type), so their cells are one figure."""
    present = set(groups)
    members: dict[GroupKey, set] = defaultdict(set)
    for a in dict.fromkeys(tuple(a) for a in atoms):
        for d in DIMENSIONS:
            g = (groups[0][0], d, group_of(d, a)) if groups else None
            if g in present:
                members[g].add(a)
    first: dict[frozenset, GroupKey] = {}
    rep = {}
    for g in groups:  # `groups` is in dimension order: the earliest dimension represents
        key = frozenset(members.get(g, {g}))
        rep[g] = first.setdefault(key, g) if g in members else g
    return rep


@dataclass
class _Knowledge:
    """What other tables give away about one table (see the module docstring)."""

    totals: set[GroupKey]  # group sizes known from elsewhere
    subtotals: list[tuple[tuple[str, ...], dict[tuple[str, str], bool]]]  # (outcomes, {(dim, group): known})


class _System:
    """The published figures of one table at one date as variables, with their linear relations.

    Variables: one per cell, one per group size (total), one per subtotal that another table gives
    away; groups with exactly the same units (twins) are one group. Relations: within a group (the
    cells add up to its size), between dimensions (`_group_relations`, per outcome), subtotals.
    """

    def __init__(self, cells: Sequence[Cell], atoms: Sequence[tuple[str, ...]], knowledge: _Knowledge):
        self.groups = _groups(cells)
        order = {d: i for i, d in enumerate(DIMENSIONS)}
        groups = sorted(self.groups, key=lambda g: order.get(g[1], 99))
        self.rep = _twins(groups, atoms)
        relations = _group_relations(groups, atoms)
        self.index: dict[tuple, int] = {}
        self.var_of_cell: dict[CellKey, int] = {}
        self.n: dict[int, int] = {}
        self.members: dict[int, list[CellKey]] = defaultdict(list)
        for g, cells_g in self.groups.items():
            for c in cells_g:
                v = self.index.setdefault(("cell", *self.rep[g], c.outcome), len(self.index))
                self.var_of_cell[c.key] = v
                self.n[v] = c.n
                self.members[v].append(c.key)
        self.total_var: dict[GroupKey, int] = {}
        self.known_totals: set[int] = set()
        for g, cells_g in self.groups.items():
            v = self.total_var[g] = self.index.setdefault(("total", *self.rep[g]), len(self.index))
            self.n[v] = sum(c.n for c in cells_g)
            if g in knowledge.totals:
                self.known_totals.add(v)
        self.group_cells: dict[int, list[int]] = {
            self.total_var[g]: [self.var_of_cell[c.key] for c in cs] for g, cs in self.groups.items()
        }
        rows: dict[tuple, dict[int, float]] = {}

        def add(row: dict[int, float]) -> None:
            row = {v: c for v, c in row.items() if abs(c) > 1e-12}
            if row:
                rows.setdefault(tuple(sorted((v, round(c, 9)) for v, c in row.items())), row)

        for g, cells_g in self.groups.items():
            row = {self.var_of_cell[c.key]: 1.0 for c in cells_g}
            row[self.total_var[g]] = -1.0
            add(row)
        outcomes = sorted({c.outcome for cs in self.groups.values() for c in cs})
        for relation in relations:
            for outcome in outcomes:
                row: dict[int, float] = defaultdict(float)
                for g, coef in relation.items():
                    v = self.index.get(("cell", *self.rep[g], outcome))
                    if v is not None:
                        row[v] += coef
                add(row)
        self.known_subtotals: set[int] = set()
        for k, (sub_outcomes, known) in enumerate(knowledge.subtotals):
            for g in self.groups:
                v = self.index.setdefault(("subtotal", k, *self.rep[g]), len(self.index))
                row = defaultdict(float)
                for outcome in sub_outcomes:
                    w = self.index.get(("cell", *self.rep[g], outcome))
                    if w is not None:
                        row[w] += 1.0
                row[v] = -1.0
                add(row)
                if known.get((g[1], g[2]), False):
                    self.known_subtotals.add(v)
        self.names = {v: k for k, v in self.index.items()}
        self.rows = list(rows.values())
        self.rows_of: dict[int, list[int]] = defaultdict(list)
        for i, row in enumerate(self.rows):
            for v in row:
                self.rows_of[v].append(i)

    def unknowns(self, hidden: set[CellKey]) -> set[int]:
        """Suppressed cells; sizes of groups that show no non-zero cell and are not known elsewhere;
        subtotals that no other table gives away."""
        unknown = {self.var_of_cell[k] for k in hidden}
        for total, cells in self.group_cells.items():
            if total not in self.known_totals and not any(self.n[v] > 0 and v not in unknown for v in cells):
                unknown.add(total)
        unknown.update(v for v, name in self.names.items()
                       if name[0] == "subtotal" and v not in self.known_subtotals)
        return unknown

    def is_cell(self, v: int) -> bool:
        return self.names[v][0] == "cell"

    def singletons(self, unknown: set[int]) -> dict[int, int]:
        """Plain subtraction: unknowns that are the only unknown in some relation -> that relation."""
        found: dict[int, int] = {}
        for i, row in enumerate(self.rows):
            vs = [v for v in row if v in unknown]
            if len(vs) == 1:
                found.setdefault(vs[0], i)
        return found

    def blocks(self, unknown: set[int]) -> list[tuple[list[int], list[int]]]:
        """Connected blocks of unknowns: (unknown variables, relations that involve them)."""
        parent = {v: v for v in unknown}

        def find(v: int) -> int:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        involved = []
        for i, row in enumerate(self.rows):
            vs = [v for v in row if v in unknown]
            if vs:
                involved.append((i, vs[0]))
                root = find(vs[0])
                for v in vs[1:]:
                    other = find(v)
                    if other != root:
                        parent[other] = root
        members: dict[int, list[int]] = defaultdict(list)
        for v in unknown:
            members[find(v)].append(v)
        rows: dict[int, list[int]] = defaultdict(list)
        for i, v in involved:
            rows[find(v)].append(i)
        return [(sorted(vs), rows[root]) for root, vs in members.items() if rows.get(root)]

    def exposed(self, unknown: set[int]) -> set[int]:
        """Every unknown cell that follows from the known figures."""
        found = {v for v in self.singletons(unknown) if self.is_cell(v)}
        for members, rows in self.blocks(unknown):
            found.update(v for v in _Block(self, members, rows).determined if self.is_cell(v))
        return found


class _Block:
    """Linear algebra for one connected block of unknowns (dense, via the Gram matrix)."""

    def __init__(self, system: _System, members: list[int], rows: list[int]):
        self.system = system
        self.members = members
        self.rows = rows
        self.col = {v: i for i, v in enumerate(members)}
        self.row_pos = {r: i for i, r in enumerate(rows)}
        matrix = np.zeros((len(rows), len(members)))
        for i, r in enumerate(rows):
            for v, coef in system.rows[r].items():
                j = self.col.get(v)
                if j is not None:
                    matrix[i, j] = coef
        self.matrix = matrix
        values, vectors = np.linalg.eigh(matrix.T @ matrix)
        zero = values <= max(values[-1], 1.0) * 1e-10
        null = vectors[:, zero]
        norms = np.linalg.norm(null, axis=1) if null.size else np.zeros(len(members))
        self.determined = [v for v, j in self.col.items() if norms[j] < 1e-6]
        keep = ~zero
        self.gram_pinv = (vectors[:, keep] / values[keep]) @ vectors[:, keep].T

    def attack(self, v: int) -> np.ndarray:
        """Weights per relation of the minimum-norm combination that gives unknown `v`."""
        return self.matrix @ self.gram_pinv[:, self.col[v]]

    def known_column(self, v: int) -> np.ndarray:
        column = np.zeros(len(self.rows))
        for r in self.system.rows_of[v]:
            i = self.row_pos.get(r)
            if i is not None:
                column[i] = self.system.rows[r][v]
        return column

    def breakers(self, targets: list[int], candidates: list[int]) -> np.ndarray:
        """For each target (rows) and candidate (columns): does hiding the candidate make the target
        undetermined, within this block's relations? True when the candidate's column lies in the
        span of the unknowns' columns and the target's recovery uses it."""
        columns = np.column_stack([self.known_column(c) for c in candidates])
        projected = self.matrix @ (self.gram_pinv @ (self.matrix.T @ columns))
        residual = np.linalg.norm(columns - projected, axis=0)
        in_span = residual <= 1e-8 * np.maximum(np.linalg.norm(columns, axis=0), 1.0)
        uses = np.column_stack([self.attack(t) for t in targets]).T @ columns
        return in_span[None, :] & (np.abs(uses) > 1e-9)


def _by_table(cells: Sequence[Cell]) -> dict[str, list[Cell]]:
    out: dict[str, list[Cell]] = defaultdict(list)
    for c in cells:
        out[c.table].append(c)
    return out


def _shows_size(cells: Sequence[Cell], hidden: set[CellKey] | dict) -> set[tuple[str, str]]:
    """(dimension, group) of the groups of one table that show a non-zero cell."""
    return {(c.dimension, c.group) for c in cells if c.n > 0 and c.key not in hidden}


def _knowledge(table: str, tables: dict[str, list[Cell]], hidden: dict[CellKey, str] | set[CellKey],
               links: Links) -> _Knowledge:
    """What the other tables (in the state `hidden`) give away about `table`."""
    totals: set[GroupKey] = set()
    subtotals = []
    for source, outcomes, population in links:
        if source == table:
            shows = _shows_size(tables.get(population, []), hidden)
            present = {(c.dimension, c.group) for c in tables.get(population, [])}
            groups = {(c.dimension, c.group) for c in tables[table]}
            # A group missing from the population table has an empty subtotal: that is known too.
            subtotals.append((tuple(outcomes), {g: g in shows or g not in present for g in groups}))
        if population == table:
            visible: dict[tuple[str, str], bool] = {}
            for c in tables.get(source, []):
                if c.outcome in outcomes:
                    g = (c.dimension, c.group)
                    visible[g] = visible.get(g, True) and c.key not in hidden
            known = {g for g, ok in visible.items() if ok}
            for other_source, other_outcomes, other_population in links:
                if (other_source, tuple(other_outcomes)) == (source, tuple(outcomes)) and other_population != table:
                    known |= _shows_size(tables.get(other_population, []), hidden)
            totals |= {(table, d, g) for d, g in known}
    return _Knowledge(totals=totals, subtotals=subtotals)
