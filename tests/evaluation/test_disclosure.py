"""Disclosure control (§6): the three rules, the subtraction check and complementary suppression."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from sectorplannen.evaluation.definitions import DIMENSIONS, TABLE_BY_NAME, group_of
from sectorplannen.evaluation.disclosure import Cell, apply_group_rules, protect, recoverable_cells

INCOME = TABLE_BY_NAME["income_status"].outcomes


def group(table: str, values: dict[str, int], dimension: str = "total", name: str = "total") -> list[Cell]:
    outcomes = TABLE_BY_NAME[table].outcomes
    return [Cell(table, dimension, name, o, values.get(o, 0)) for o in outcomes]


def tables_from_units(units: dict[tuple, dict[str, int]], table: str = "income_status"):
    """Cells of every dimension from counts per atom (tranche, category, measure_type, target_group,
    plan_kind) and outcome, the way the pipeline aggregates them; and the atoms."""
    sums: dict[tuple, int] = defaultdict(int)
    for atom, outcomes in units.items():
        for d in DIMENSIONS:
            for o, n in outcomes.items():
                sums[(d, group_of(d, atom), o)] += n
    groups = sorted({(d, g) for d, g, _ in sums}, key=lambda x: (DIMENSIONS.index(x[0]), x[1]))
    cells = [Cell(table, d, g, o, sums.get((d, g, o), 0)) for d, g in groups for o in TABLE_BY_NAME[table].outcomes]
    return cells, {table: list(units)}


def atom(category="training", target_group="working_in_sector", tranche="1-2", measure_type=None, kind="sectoral"):
    return (tranche, category, measure_type or category, target_group, kind)


# ------------------------------------------------------------------------------------------------
# Rules 1-3


def test_group_with_one_small_cell_also_loses_its_next_smallest_non_zero_cell():
    cells = group("income_status", {"werknemer": 50, "werknemer_ww": 3, "overig": 20, "ww": 0})
    result = apply_group_rules(cells)
    assert result == {
        ("income_status", "total", "total", "werknemer_ww"): "small_cell",
        ("income_status", "total", "total", "overig"): "secondary",
    }


def test_next_smallest_tie_takes_the_first_in_outcome_order():
    cells = group("hours", {"geen_vaste_uren": 4, "2_3_dagen": 20, "4_dagen": 20, "voltijd": 30})
    result = apply_group_rules(cells)
    assert result[("hours", "total", "total", "2_3_dagen")] == "secondary"
    assert ("hours", "total", "total", "4_dagen") not in result


def test_two_small_cells_need_no_secondary_and_zero_cells_are_never_suppressed_by_the_rules():
    cells = group("income_status", {"werknemer": 50, "ww": 4, "overig": 9})
    result = apply_group_rules(cells)
    assert set(result.values()) == {"small_cell"}
    assert {k[3] for k in result} == {"ww", "overig"}


def test_group_below_ten_is_suppressed_entirely():
    cells = group("contract", {"vast": 6, "flexibel": 3})
    assert apply_group_rules(cells) == {k.key: "small_group" for k in cells}
    zeros = group("contract", {"vast": 9})
    assert apply_group_rules(zeros) == {k.key: "small_group" for k in zeros}  # zeros too


def test_group_of_exactly_ten():
    assert apply_group_rules(group("contract", {"vast": 10})) == {}
    result = apply_group_rules(group("contract", {"vast": 9, "flexibel": 1}))
    assert set(result.values()) == {"small_cell"} and len(result) == 2


# ------------------------------------------------------------------------------------------------
# The subtraction check


def test_rules_alone_leave_a_cell_recoverable_from_the_total_and_protect_fixes_it():
    units = {atom("training"): {"werknemer": 50, "ww": 5, "overig": 20},
             atom("health"): {"werknemer": 40, "ww": 30, "overig": 30}}
    cells, atoms = tables_from_units(units)
    rules = apply_group_rules(cells)
    assert ("income_status", "category", "training", "ww") in rules
    # training ww = total ww (35) - health ww (30)
    exposed = recoverable_cells(cells, rules, atoms)
    assert ("income_status", "category", "training", "ww") in exposed
    protected = protect(cells, atoms)
    assert recoverable_cells(cells, protected, atoms) == []
    assert set(rules) <= set(protected)
    assert "complementary" in protected.values()
    assert independent_recoverable(cells, protected, atoms) == set()


def test_a_small_group_cannot_be_recovered_from_the_total():
    units = {atom(target_group="working_in_sector"): {"werknemer": 40, "ww": 12, "overig": 18},
             atom(target_group="student"): {"werknemer": 5, "overig": 2}}
    cells, atoms = tables_from_units(units)
    rules = apply_group_rules(cells)
    student = [c.key for c in cells if c.group == "student"]
    assert all(rules[k] == "small_group" for k in student)
    assert ("income_status", "target_group", "student", "werknemer") in recoverable_cells(cells, rules, atoms)
    protected = protect(cells, atoms)
    assert recoverable_cells(cells, protected, atoms) == []
    assert independent_recoverable(cells, protected, atoms) == set()
    # the partner cells are in the other target group (or the total), never published as they were
    assert any(k[2] == "working_in_sector" and r == "complementary" for k, r in protected.items())


def test_cells_of_twin_groups_are_suppressed_alike():
    # one measure type per category: the measure_type groups equal the category groups
    units = {atom("training"): {"werknemer": 50, "ww": 4, "overig": 20},
             atom("health"): {"werknemer": 40, "ww": 20, "overig": 30}}
    cells, atoms = tables_from_units(units)
    protected = protect(cells, atoms)
    for c in cells:
        if c.dimension == "category":
            twin = ("income_status", "measure_type", c.group, c.outcome)
            assert (c.key in protected) == (twin in protected)


def test_subtraction_across_tables_employed_units_are_the_contract_population():
    income = group("income_status", {"werknemer": 85, "werknemer_ww": 5, "ww": 6, "overig": 4})
    contract = group("contract", {"vast": 60, "flexibel": 30})  # 90 employed: its size is published
    cells = income + contract
    atoms = {"income_status": [atom()], "contract": [atom()]}
    rules = apply_group_rules(cells)
    assert ("income_status", "total", "total", "werknemer_ww") in rules
    assert ("income_status", "total", "total", "werknemer") not in rules
    # werknemer_ww = 90 (contract) - 85 (werknemer) - 0
    assert ("income_status", "total", "total", "werknemer_ww") in recoverable_cells(cells, rules, atoms)
    protected = protect(cells, atoms)
    assert recoverable_cells(cells, protected, atoms) == []
    assert protected[("income_status", "total", "total", "werknemer")] == "complementary"


def test_subtraction_across_tables_job_changers():
    mobility = group("employer_mobility", {"zelfde_werkgever": 4, "andere_werkgever_zelfde_sector": 30,
                                           "andere_sector": 20})
    changers = group("contract_job_changers", {"vast": 35, "flexibel": 15})
    cells = mobility + changers
    atoms = {"employer_mobility": [atom()], "contract_job_changers": [atom()]}
    protected = protect(cells, atoms)
    assert recoverable_cells(cells, protected, atoms) == []
    # zelfde_werkgever = 54 - 50 unless one of the job-changer cells is hidden as well
    hidden = {k[3] for k in protected if k[0] == "employer_mobility"}
    assert hidden >= {"zelfde_werkgever"} and hidden & {"andere_werkgever_zelfde_sector", "andere_sector"}


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(
    st.tuples(st.sampled_from(["training", "health", "mobility"]), st.sampled_from(["working_in_sector", "student"]),
              st.sampled_from(["1-2", "3"])),
    st.lists(st.integers(0, 30), min_size=6, max_size=6), min_size=1, max_size=6))
def test_protect_always_leaves_nothing_recoverable(data):
    units = {atom(c, t, tr, kind="sectoral" if tr == "1-2" else "regional"): dict(zip(INCOME, v, strict=True))
             for (c, t, tr), v in data.items()}
    cells, atoms = tables_from_units(units)
    protected = protect(cells, atoms)
    assert set(apply_group_rules(cells)) <= set(protected)
    assert recoverable_cells(cells, protected, atoms) == []
    assert independent_recoverable(cells, protected, atoms) == set()


# ------------------------------------------------------------------------------------------------
# An independent check with exact fractions, for one table: relations within each group (its size is
# known when it shows a non-zero cell) and, per outcome, between any two dimensions whose groups
# nest (each group of one lies within a group of the other): the parent is the sum of its children.


def independent_recoverable(cells: list[Cell], suppressed, atoms) -> set[tuple]:
    table = cells[0].table
    groups = defaultdict(list)
    for c in cells:
        groups[(c.dimension, c.group)].append(c)
    members = {g: {a for a in atoms[table] if group_of(g[0], a) == g[1]} for g in groups}
    variables = {}

    def var(name):
        return variables.setdefault(name, len(variables))

    known = {}
    for c in cells:
        if c.key not in suppressed:
            known[("cell", c.dimension, c.group, c.outcome)] = c.n
    for g, cs in groups.items():
        if any(c.n > 0 and c.key not in suppressed for c in cs):
            known[("total", *g)] = sum(c.n for c in cs)
    equations = []
    for g, cs in groups.items():
        equations.append({("cell", g[0], g[1], c.outcome): 1 for c in cs} | {("total", *g): -1})
    for parent, pm in members.items():
        for d in DIMENSIONS:
            children = [g for g in groups if g[0] == d and g != parent and members[g] and members[g] <= pm]
            if children and set().union(*(members[g] for g in children)) == pm and d != parent[0]:
                for o in TABLE_BY_NAME[table].outcomes:
                    eq = {("cell", *parent, o): -1}
                    for ch in children:
                        eq[("cell", *ch, o)] = 1
                    equations.append(eq)
    unknown = sorted({n for eq in equations for n in eq if n not in known})
    index = {n: i for i, n in enumerate(unknown)}
    rows = []
    for eq in equations:
        row = [Fraction(0)] * (len(unknown) + 1)
        for n, coef in eq.items():
            if n in index:
                row[index[n]] += coef
            else:
                row[-1] -= coef * known[n]
        if any(row[:-1]):
            rows.append(row)
    # reduced row echelon form
    pivots, r = [], 0
    for col in range(len(unknown)):
        p = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        rows[r] = [x / rows[r][col] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append((r, col))
        r += 1
    determined = set()
    for row_i, col in pivots:
        if all(rows[row_i][j] == 0 for j in range(len(unknown)) if j != col):
            determined.add(unknown[col])
    return {(table, n[1], n[2], n[3]) for n in determined if n[0] == "cell"}


def test_the_independent_check_finds_plain_subtraction():
    units = {atom("training"): {"werknemer": 50, "ww": 5, "overig": 20},
             atom("health"): {"werknemer": 40, "ww": 30, "overig": 30}}
    cells, atoms = tables_from_units(units)
    rules = apply_group_rules(cells)
    assert ("income_status", "category", "training", "ww") in independent_recoverable(cells, rules, atoms)
