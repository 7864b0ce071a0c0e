"""Our own tables (numbered M.1, M.2, … outside the evaluation's series): key figures, plans by
tranche, the plan overview, per measure type, per plan against its ambition, youth per plan,
declared against registered participants, and the list of all own tables (pure functions)."""

from __future__ import annotations

from collections import defaultdict

from sectorplannen.common.labels import label_of

from .facts import PlanFacts
from .tables import (
    TRAJECTORIES,
    TYPE_CATEGORIES,
    ZERO,
    Column,
    Settings,
    Table,
    _ambition,
    _by,
    _label,
    _n,
    _Sums,
    _total,
    _youth,
    budget_by_category,
    funding_per_plan,
    measures_per_category,
    participants_by_category,
    plan_realisation,
    ratio,
    realisation_distribution,
    youth,
)


def key_figures(plans: list[PlanFacts], s: Settings) -> Table:
    total = _total(plans)
    settled = [p.settlement for p in plans if p.settlement]
    government = sum((st.determined_subsidy_eur for st in settled), ZERO)
    reached = sum(1 for p in plans if p.declared and (plan_realisation(p)[0] or ZERO) >= s.target_reached_ratio)
    y = youth(plans, s)
    youth_share = y.row("Totaal")[3] if any(r[0] == "Totaal" for r in y.rows) else None
    rows = (
        ("Sectorplannen", len(plans), "int"),
        ("Maatregelen", total.measures, "int"),
        ("Oorspronkelijk beoogde deelnemers", _ambition(total, total.initial_participants), "int"),
        ("Geplande deelnemers (laatste beschikking)", total.planned_participants, "int"),
        ("Gerealiseerde deelnemers", total.realised_participants, "int"),
        ("Realisatie deelnemers t.o.v. laatste beschikking", ratio(total.realised_participants,
                                                                   total.planned_participants), "pct"),
        ("Realisatie deelnemers t.o.v. ambitie",
         _ambition(total, ratio(total.realised_participants, total.initial_participants)), "pct"),
        ("Gepland budget (laatste beschikking)", total.planned_costs, "eur"),
        ("Gerealiseerd budget", total.realised_costs, "eur"),
        ("Realisatie budget", ratio(total.realised_costs, total.planned_costs), "pct"),
        ("Vastgestelde overheidsbijdrage", government if settled else None, "eur"),
        ("Plannen met doel bereikt", reached, "int"),
        ("Aandeel jongeren in deelnemers", youth_share, "pct"),
    )
    return Table(
        "M.1", "Kerncijfers (alle plannen samen)",
        (Column("Kengetal", "text"), Column("Waarde", "mixed", missing="onbekend")),
        tuple((label, value) for label, value, _ in rows), row_kinds=tuple(kind for *_, kind in rows),
    )


def plans_by_tranche(plans: list[PlanFacts]) -> Table:
    acc: dict[tuple[str, str], _Sums] = defaultdict(_Sums)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for p in plans:
        counts[(p.tranche, p.kind)] += 1
        for m in p.measures:
            acc[(p.tranche, p.kind)].add(m)
    rows = []
    for key in sorted(counts):
        x = acc[key]
        rows.append((key[0], "sectoraal" if key[1] == "sectoral" else "regionaal", counts[key], x.measures,
                     x.planned_participants, x.planned_costs))
    rows.append(("Totaal", "", sum(counts.values()), sum(r[3] for r in rows), sum(r[4] for r in rows),
                 sum((r[5] for r in rows), ZERO)))
    return Table(
        "M.2", "Sectorplannen naar tranche en soort",
        (Column("Tranche", "text"), Column("Soort", "text"), Column("Plannen", "int"), Column("Maatregelen", "int"),
         Column("Geplande deelnemers", "int"), Column("Gepland budget", "eur")),
        tuple(rows),
    )


def plan_overview(plans: list[PlanFacts]) -> Table:
    return Table(
        "M.9", "Overzicht van de plannen",
        (Column("Plan", "text"), Column("Tranche", "text"), Column("Soort", "text"), Column("Sector", "text"),
         Column("Maatregelen", "int"), Column("Beschikkingsversies", "int"), Column("Status", "text")),
        tuple((p.name, p.tranche, "sectoraal" if p.kind == "sectoral" else "regionaal",
               "; ".join(p.sectors) or "sectoroverstijgend", sum(m.counted_measures for m in p.measures),
               p.decision_versions, label_of("plan_status", p.status)) for p in plans),
    )


def by_measure_type(plans: list[PlanFacts], s: Settings) -> Table:
    sums = _by(plans, lambda p, m: (m.category, m.measure_type))
    rows = []
    for (category, mtype), x in sorted(sums.items()):
        rows.append((_label(s, category), _label(s, mtype), x.measures, x.planned_participants,
                     x.realised_participants, x.planned_costs, x.realised_costs))
    return Table(
        "M.10", "Per maatregeltype",
        (Column("Thema", "text"), Column("Maatregeltype", "text"), Column("Maatregelen", "int"),
         Column("Geplande deelnemers", "int"), Column("Gerealiseerde deelnemers", "int"),
         Column("Gepland budget", "eur"), Column("Gerealiseerd budget", "eur")),
        tuple(rows),
        ("Referentieplannen zijn per thema gepubliceerd en staan onder het standaardtype van het thema.",),
    )


def realisation_initial_vs_latest(plans: list[PlanFacts]) -> Table:
    rows = []
    for p in plans:
        x = _Sums()
        for m in p.measures:
            x.add(m)
        rows.append((p.name, p.decision_versions, _ambition(x, x.initial_participants), x.planned_participants,
                     x.realised_participants, _ambition(x, ratio(x.realised_participants, x.initial_participants)),
                     ratio(x.realised_participants, x.planned_participants)))
    return Table(
        "M.11", "Per plan: realisatie t.o.v. ambitie en t.o.v. laatste beschikking",
        (Column("Plan", "text"), Column("Versies", "int"), Column("Ambitie", "int", missing="onbekend"),
         Column("Laatste beschikking", "int"), Column("Gerealiseerd", "int"),
         Column("Realisatie t.o.v. ambitie", "pct", missing="onbekend"), Column("Realisatie t.o.v. laatste", "pct")),
        tuple(rows),
    )


def youth_per_plan(plans: list[PlanFacts]) -> Table:
    rows = []
    for p in plans:
        young = total = 0
        for m in p.measures:
            y = _youth(m)
            if y:
                young += y[0]
                total += y[1]
        if total:
            rows.append((p.name, young, total, ratio(young, total)))
    return Table(
        "M.12", "Per plan: jongeren",
        (Column("Plan", "text"), Column("Jongeren", "int"), Column("Deelnemers", "int"), Column("Aandeel", "pct")),
        tuple(rows),
    )


def registry_vs_declared(plans: list[PlanFacts]) -> Table:
    rows = []
    for p in plans:
        declared = sum(_n(m.realised_participants) for m in p.measures)
        registered = sum(_n(m.registered_participants) for m in p.measures)
        rows.append((p.name, declared, registered, registered - declared, ratio(registered, declared)))
    return Table(
        "M.13", "Per plan: gedeclareerde en geregistreerde deelnemers (BSN)",
        (Column("Plan", "text"), Column("Gedeclareerd", "int"), Column("Geregistreerd", "int"),
         Column("Verschil", "int"), Column("Dekking", "pct")),
        tuple(rows),
        ("Geregistreerd: unieke personen per maatregel in de deelnemersregistratie.",),
    )


def own_tables(plans: list[PlanFacts], s: Settings) -> list[Table]:
    """The tables the evaluation did not have, numbered outside its series (M.1, M.2, …)."""
    type_plans = [p for p in plans if any(m.category in TYPE_CATEGORIES for m in p.measures)]
    t3_plans = [p for p in plans if any(m.category in TRAJECTORIES for m in p.measures)]
    tables = [
        key_figures(plans, s),
        plans_by_tranche(plans),
        participants_by_category(type_plans, s),
        budget_by_category(type_plans, s),
        realisation_distribution(plans, s),
        youth(plans, s),
        funding_per_plan(plans),
        measures_per_category(plans, s),
        plan_overview(plans),
        by_measure_type(plans, s),
        realisation_initial_vs_latest(plans),
        youth_per_plan(plans),
        registry_vs_declared(plans),
    ]
    if t3_plans:
        tables += [
            participants_by_category(t3_plans, s, order=TRAJECTORIES, table_id="M.3b"),
            budget_by_category(t3_plans, s, order=TRAJECTORIES, table_id="M.4b"),
        ]
    return tables
