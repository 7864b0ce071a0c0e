"""The evaluation's figures that carry numbers, in its numbering, drawn from the same tables.

Figuur 3.1 (participants per theme, planned and realised), 3.2 and 6.1 (realised participants per
plan, stacked by theme or trajectory), 3.3 and 6.2 (spent budget per plan), A.2 and A.7 (realisation
of participants and budget per plan, tranches 1–2 and tranche 3) and A.1/A.5 (distribution of the
realisation of plan × theme or trajectory cells). Every chart has a title, axis labels and an alt
text that states its numbers.
"""

from __future__ import annotations

from decimal import Decimal

from .charts import PLANNED, REALISED, Chart, _int_axis, _millions_axis, _png, plt
from .numbers import nl_int
from .tables import Table

PALETTE = ("#154273", "#39870c", "#e17000", "#a90061", "#8fcae7", "#ffb612")
BINS = ((0, Decimal("0.5")), (Decimal("0.5"), Decimal("0.7")), (Decimal("0.7"), Decimal("0.9")),
        (Decimal("0.9"), Decimal("1.1")), (Decimal("1.1"), None))
BIN_LABELS = ("< 50 %", "50–70 %", "70–90 %", "90–110 %", "110 % en hoger")


def _figure_id(number: str) -> str:
    return "figuur-" + number.replace(".", "-")


def planned_realised_per_theme(t31: Table) -> Chart:
    rows = [r for r in t31.rows if r[0] != "Totaal"]
    fig, ax = plt.subplots(figsize=(8, 4))
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], [r[1] for r in rows], width=0.4, label="Gepland", color=PLANNED)
    ax.bar([i + 0.2 for i in x], [r[2] for r in rows], width=0.4, label="Gerealiseerd", color=REALISED)
    ax.set_xticks(list(x), [r[0] for r in rows], rotation=20, ha="right")
    ax.set_ylabel("Aantal deelnemers")
    _int_axis(ax)
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    title = "Figuur 3.1 Geplande en gerealiseerde deelnemers per thema"
    ax.set_title(title, loc="left")
    alt = f"Staafdiagram. {title}: " + "; ".join(f"{r[0]} gepland {nl_int(r[1])}, gerealiseerd {nl_int(r[2])}"
                                                 for r in rows) + "."
    return Chart(_figure_id("3.1"), title, alt, _png(fig))


def stacked_per_plan(table: Table, number: str, title: str, *, money: bool, top: int | None = None) -> Chart | None:
    """Plans of an appendix table (A.3/A.6/A.9/A.12), largest first, stacked by its columns."""
    parts = [c.title for c in table.columns[1:-1]]
    rows = sorted((r for r in table.rows if r[0] != "Totaal"), key=lambda r: -(r[-1] or 0))[:top]
    if not rows:
        return None
    rows = rows[::-1]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(rows) + 1)))
    left = [0.0] * len(rows)
    for j, part in enumerate(parts):
        values = [float(r[1 + j] or 0) for r in rows]
        ax.barh([r[0] for r in rows], values, left=left, label=part, color=PALETTE[j % len(PALETTE)])
        left = [a + b for a, b in zip(left, values, strict=True)]
    (_millions_axis if money else _int_axis)(ax, "x")
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(frameon=False, fontsize=7, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    full = f"Figuur {number} {title}"
    ax.set_title(full, loc="left", fontsize=10)
    fmt = (lambda v: f"€ {nl_int(v / 1_000_000)} mln") if money else nl_int
    alt = f"Liggend gestapeld staafdiagram. {full}: " + "; ".join(
        f"{r[0]} {fmt(r[-1] or 0)}" for r in rows[::-1]) + "."
    return Chart(_figure_id(number), full, alt, _png(fig))


def realisation_per_plan(table: Table, number: str, title: str) -> Chart | None:
    """A.4/A.7 Totaal column: one bar per plan, sorted, with the 100 % line."""
    rows = sorted(((r[0], r[-1]) for r in table.rows if r[0] != "Totaal" and r[-1] is not None), key=lambda r: r[1])
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.2 * len(rows) + 1)))
    ax.barh([r[0] for r in rows], [float(r[1]) * 100 for r in rows], color=REALISED)
    ax.axvline(100, color="#d52b1e", linestyle="--")
    ax.set_xlabel("Percentage van gepland (%)")
    ax.tick_params(axis="y", labelsize=6)
    ax.spines[["top", "right"]].set_visible(False)
    full = f"Figuur {number} {title}"
    ax.set_title(full, loc="left", fontsize=10)
    alt = (f"Liggend staafdiagram. {full}: van {nl_int(rows[0][1] * 100)} % ({rows[0][0]}) tot "
           f"{nl_int(rows[-1][1] * 100)} % ({rows[-1][0]}); " + "; ".join(f"{n} {nl_int(v * 100)} %" for n, v in rows)
           + ".")
    return Chart(_figure_id(number), full, alt, _png(fig))


def distribution(table: Table, number: str, title: str) -> Chart | None:
    """A.4/A.7 cells per column, counted in realisation bins (A.1, A.3, A.5, A.6 of the evaluation)."""
    parts = [(j, c.title) for j, c in enumerate(table.columns[1:-1], start=1)]
    counts = {label: [sum(1 for r in table.rows if r[0] != "Totaal" and r[j] is not None
                          and r[j] >= lo and (hi is None or r[j] < hi)) for lo, hi in BINS] for j, label in parts}
    if not any(any(v) for v in counts.values()):
        return None
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / len(parts)
    for k, (label, values) in enumerate(counts.items()):
        ax.bar([i + k * width for i in range(len(BINS))], values, width=width, label=label,
               color=PALETTE[k % len(PALETTE)])
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(BINS))], BIN_LABELS)
    ax.set_ylabel("Aantal cellen (plan × thema of traject)")
    ax.legend(frameon=False, fontsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    full = f"Figuur {number} {title}"
    ax.set_title(full, loc="left", fontsize=10)
    alt = f"Staafdiagram. {full}: " + "; ".join(
        f"{label}: " + ", ".join(f"{b} {v}" for b, v in zip(BIN_LABELS, values, strict=True))
        for label, values in counts.items()) + "."
    return Chart(_figure_id(number), full, alt, _png(fig))


def published_charts(tables: dict[str, Table]) -> list[Chart]:
    charts = [
        planned_realised_per_theme(tables["3.1"]),
        stacked_per_plan(tables["A.3"], "3.2", "Gerealiseerde deelnemers per plan (20 grootste), naar thema",
                         money=False, top=20),
        stacked_per_plan(tables["A.6"], "3.3", "Besteed budget per plan (20 grootste), naar thema", money=True,
                         top=20),
        stacked_per_plan(tables["A.9"], "6.1", "Gerealiseerde deelnemers per plan naar type traject (tranche 3)",
                         money=False),
        stacked_per_plan(tables["A.12"], "6.2", "Besteed budget per plan naar type traject (tranche 3)", money=True),
        distribution(tables["A.4"], "A.1", "Verdeling percentage gerealiseerde deelnemers t.o.v. gepland per thema"),
        realisation_per_plan(tables["A.4"], "A.2", "Realisatiegraad deelnemers per sectorplan"),
        distribution(tables["A.7"], "A.3", "Verdeling realisatiegraad besteedbaar budget per type maatregel"),
        realisation_per_plan(tables["A.7"], "A.4", "Percentage besteed budget per sectorplan"),
    ]
    return [c for c in charts if c is not None]
