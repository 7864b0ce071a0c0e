"""The evaluation's appendix tables A.1–A.13 as printed: one row per plan, a column per theme
(tranches 1–2) or trajectory (tranche 3), the plan's total last, and the Totaal row last.

An empty cell means the plan has no measure of that theme or trajectory, or the figure is empty in
the data (nothing planned, nothing realised); realisation percentages are 0 % where something was
planned and nothing realised, and empty where nothing was planned.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .facts import MeasureFacts, PlanFacts
from .published import SOURCE_BSN, THEME_LABELS, realised_costs, split_tranches
from .tables import TRAJECTORIES, TYPE_CATEGORIES, Column, Table, ratio

APPENDIX_THEME_LABELS = {**THEME_LABELS, "other": "Overig"}  # A.8 prints "Overige maatregelen"
APPENDIX_TRAJECTORY_LABELS = {
    "work_same_occupation": "Vanuit werk naar hetzelfde beroep",
    "work_other_occupation": "Vanuit werk naar ander beroep",
    "ww_to_work": "Vanuit WW-uitkering naar baan", "other_to_work": "Vanuit overig naar baan",
}
SOURCE = "Bron: einddeclaraties sectorplannen."

Getter = Callable[[MeasureFacts], int | Decimal | None]


def _sum(measures: list[MeasureFacts], get: Getter):
    values = [get(m) for m in measures]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def _count_table(table_id: str, title: str, plans: list[PlanFacts], order: tuple[str, ...], get: Getter,
                 kind: str, *, labels: dict[str, str], notes: tuple[str, ...] = (SOURCE,)) -> Table:
    """A plan × category table of a count or an amount, with the plan's total and the Totaal row."""
    rows = []
    for p in plans:
        by_cat = {c: [m for m in p.measures if m.category == c] for c in order}
        cells = [_sum(by_cat[c], get) if by_cat[c] else None for c in order]
        rows.append((p.name, *cells, _sum([m for m in p.measures if m.category in order], get)))
    totals = []
    for i in range(1, len(order) + 2):
        values = [r[i] for r in rows if r[i] is not None]
        totals.append(sum(values) if values else None)
    rows.append(("Totaal", *totals))
    return Table(table_id, title, (Column("Plan", "text"), *(Column(labels[c], kind) for c in order),
                                   Column("Totaal", kind)), tuple(rows), notes)


def _ratio_table(table_id: str, title: str, plans: list[PlanFacts], order: tuple[str, ...], part: Getter,
                 whole: Getter, *, labels: dict[str, str]) -> Table:
    """A plan × category table of realisation: part ÷ whole, 0 % where nothing was realised."""

    def rate(ms: list[MeasureFacts]):
        planned = sum((whole(m) or 0 for m in ms), 0)
        if not planned:
            return None
        return ratio(sum((part(m) or 0 for m in ms), 0), planned)

    rows = []
    everything: list[MeasureFacts] = []
    per_cat: dict[str, list[MeasureFacts]] = {c: [] for c in order}
    for p in plans:
        ms = [m for m in p.measures if m.category in order]
        everything += ms
        for m in ms:
            per_cat[m.category].append(m)
        rows.append((p.name, *(rate([m for m in ms if m.category == c]) for c in order), rate(ms)))
    rows.append(("Totaal", *(rate(per_cat[c]) for c in order), rate(everything)))
    return Table(table_id, title, (Column("Plan", "text"), *(Column(labels[c], "pct0") for c in order),
                                   Column("Totaal", "pct0")), tuple(rows),
                 (SOURCE, "0 %: gepland maar niets gerealiseerd; leeg: niets gepland."))


def _measures(m: MeasureFacts) -> int | None:
    return m.counted_measures if m.counted_measures_known else None


def _planned_participants(m: MeasureFacts) -> int | None:
    return m.planned_participants


def _realised_participants(m: MeasureFacts) -> int | None:
    return m.realised_participants


def _planned_costs(m: MeasureFacts) -> Decimal | None:
    return m.planned_costs_eur if m.planned_costs_eur else None


def _realised_costs(m: MeasureFacts) -> Decimal | None:
    costs = realised_costs(m)
    return costs if costs else None


def _bsn(m: MeasureFacts) -> int | None:
    return m.declared_bsn_participants


def appendix_tables(plans: list[PlanFacts]) -> list[Table]:
    groups = split_tranches(plans)
    t12, t3 = groups["1-2"], groups["3"]
    th, tr = APPENDIX_THEME_LABELS, APPENDIX_TRAJECTORY_LABELS
    k_note = (SOURCE, "In duizenden euro's, exclusief overhead.")
    with_bsn = [p for p in t3 if any(m.declared_bsn_participants is not None for m in p.measures)]
    return [
        _count_table("A.1", "Maatregelen per thema per sectorplan", t12, TYPE_CATEGORIES, _measures, "int", labels=th,
                     notes=(SOURCE, "Leeg: de gepubliceerde cijfers noemen geen aantal maatregelen.")),
        _count_table("A.2", "Gepland aantal deelnemers per plan naar thema", t12, TYPE_CATEGORIES,
                     _planned_participants, "int", labels=th),
        _count_table("A.3", "Aantal gerealiseerde deelnemers per thema", t12, TYPE_CATEGORIES,
                     _realised_participants, "int", labels=th),
        _ratio_table("A.4", "Realisatiegraad aantal deelnemers per plan en thema", t12, TYPE_CATEGORIES,
                     _realised_participants, _planned_participants, labels=th),
        _count_table("A.5", "Gepland budget per plan en thema (in duizenden euro’s)", t12, TYPE_CATEGORIES,
                     _planned_costs, "k_eur", labels=th, notes=k_note),
        _count_table("A.6", "Totaal besteed budget per plan en thema (in duizenden euro’s)", t12, TYPE_CATEGORIES,
                     _realised_costs, "k_eur", labels=th, notes=k_note),
        _ratio_table("A.7", "Percentage besteed budget per sectorplan en thema", t12, TYPE_CATEGORIES,
                     _realised_costs, _planned_costs, labels=th),
        _count_table("A.8", "Aantal unieke deelnemers tranche 1 en 2 met bsn-registratie, per sectorplan en thema",
                     t12, TYPE_CATEGORIES, _bsn, "int", labels={**th, "other": "Overige maatregelen"},
                     notes=(SOURCE_BSN,)),
        _count_table("A.9", "Gerealiseerd aantal deelnemers per plan per type traject (tranche 3)", t3, TRAJECTORIES,
                     _realised_participants, "int", labels=tr),
        _count_table("A.10", "Gepland aantal deelnemers per plan per type traject (tranche 3)", t3, TRAJECTORIES,
                     _planned_participants, "int", labels=tr),
        _count_table("A.11", "Gepland budget per plan per type traject (tranche 3)", t3, TRAJECTORIES,
                     _planned_costs, "eur", labels=tr),
        _count_table("A.12", "Besteed budget per plan per type traject (tranche 3)", t3, TRAJECTORIES,
                     _realised_costs, "eur", labels=tr),
        _count_table("A.13", "Aantal unieke deelnemers tranche 3 met bsn-registratie, per sectorplan en doel(groep)",
                     with_bsn, TRAJECTORIES, _bsn, "int", labels=tr, notes=(SOURCE_BSN,)),
    ]

