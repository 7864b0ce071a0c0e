"""The evaluation's own main-text tables, in its numbering and layout (pure functions, no I/O).

S.1 and 10.1 (key figures, tranche 1–2 beside tranche 3), 2.1 (measures per type), 3.1 and 3.2
(participants and budget per theme, with the youth shares), 3.3 (government and sector contribution
including overhead), 4.1 (BSN-registered participants by target group × theme), 6.1–6.3 (tranche 3
per trajectory and per plan) and 7.1 (tranche 3, sectoral against regional plans). The appendix
tables A.1–A.13 are in ``appendix.py``. Row and column labels are those printed in the evaluation
(``docs/monitoring.md`` says where each figure comes from).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .facts import DocumentedTotal, MeasureFacts, PlanFacts
from .tables import TRAJECTORIES, TYPE_CATEGORIES, ZERO, Column, Settings, Table, ratio

# The labels as printed in the evaluation (they differ a little from table to table).
THEME_LABELS = {"mobility": "Arbeidsmobiliteit", "career_check": "Loopbaancheck en -advies",
                "training": "Om- en bijscholing", "work_placements": "Leerwerkplekken", "health": "Gezondheid",
                "other": "Overige maatregelen"}
TRAJECTORY_LABELS = {
    "6.1": ("Vanuit werk naar hetzelfde beroep", "Vanuit werk naar ander beroep",
            "Vanuit WW-uitkering naar hetzelfde of ander beroep", "Vanuit overig naar hetzelfde of ander beroep"),
    "6.2": ("Vanuit werk naar hetzelfde beroep", "Vanuit werk naar een ander beroep",
            "Vanuit een WW-uitkering naar hetzelfde of een ander beroep",
            "Vanuit een andere situatie naar hetzelfde of een ander beroep"),
    "7.1": ("Vanuit werk naar hetzelfde beroep (uitstroom én instroom)",
            "Vanuit werk naar ander beroep (uitstroom én instroom)", "Vanuit WW-uitkering naar baan (instroom)",
            "Vanuit overig naar baan (instroom)"),
}
TARGET_GROUP_LABELS = {"working_in_sector": "Werkenden sector", "working_other_sector": "Werkenden andere sectoren",
                       "student": "Studenten", "not_working": "Niet-werkend"}
TRANCHE_GROUPS = (("1-2", "Tranche 1 en 2"), ("3", "Tranche 3"))
SOURCE_DECLARATIONS = "Bron: beschikkingen en einddeclaraties sectorplannen."
SOURCE_BSN = "Bron: bsn-geregistreerde deelnemers volgens de einddeclaraties en de deelnemersregistratie."


def tranche_group(p: PlanFacts) -> str:
    return "3" if p.tranche == "3" else "1-2"


def split_tranches(plans: list[PlanFacts]) -> dict[str, list[PlanFacts]]:
    """Plans of tranches 1–2 and of tranche 3, each in alphabetical order as the evaluation prints them."""
    groups: dict[str, list[PlanFacts]] = {"1-2": [], "3": []}
    for p in sorted(plans, key=lambda p: (p.name.casefold(), p.name)):
        groups[tranche_group(p)].append(p)
    return groups


def _n(v) -> int:
    return v or 0


def realised_costs(m: MeasureFacts) -> Decimal:
    return m.realised_costs_eur if m.realised_costs_eur is not None else ZERO


def documented(totals: list[DocumentedTotal], tranche: str, key: str) -> DocumentedTotal | None:
    return next((t for t in totals if t.tranche == tranche and t.key == key), None)


def youth_of(m: MeasureFacts) -> tuple[int, int] | None:
    """(youth, persons) in the participant registry, the population the evaluation's shares rest on."""
    if m.registered_participants:
        return _n(m.registered_youth_participants), m.registered_participants
    return None


def _youth_shares(measures: list[tuple[MeasureFacts, Decimal]]) -> tuple[Decimal | None, ...]:
    """Shares of youth in persons, in realised budget and in government money (budget × rate),
    a measure's budget attributed to youth pro rata to its registered youth."""
    young = persons = 0
    budget = budget_young = gov = gov_young = ZERO
    for m, rate in measures:
        y = youth_of(m)
        if y is None:
            continue
        share = Decimal(y[0]) / Decimal(y[1])
        young, persons = young + y[0], persons + y[1]
        cost = realised_costs(m)
        budget, budget_young = budget + cost, budget_young + cost * share
        gov, gov_young = gov + cost * rate, gov_young + cost * rate * share
    return ratio(young, persons), ratio(budget_young, budget), ratio(gov_young, gov)


def contributions(plans: list[PlanFacts], totals: list[DocumentedTotal], tranche: str):
    """(government, sector, total) of a tranche, or Nones: from the documented tranche totals
    including overhead where the evaluation gives them (3.3), else from the published government
    contribution of every plan beside its realised budget excluding overhead (6.3)."""
    gov_total = documented(totals, tranche, "government_incl_overhead")
    all_total = documented(totals, tranche, "total_incl_overhead")
    if gov_total and all_total:
        return gov_total.value, all_total.value - gov_total.value, all_total.value
    govs = [p.published_value("government_excl_overhead") for p in plans]
    if not plans or any(g is None for g in govs):
        return None, None, None
    total = sum((realised_costs(m) for p in plans for m in p.measures), ZERO)
    government = sum(govs, ZERO)
    return government, total - government, total


def key_figures(plans: list[PlanFacts], totals: list[DocumentedTotal], *, with_youth: bool) -> Table:
    """Tabel S.1 (``with_youth`` False) or 10.1: the key figures, tranche 1–2 beside tranche 3."""
    groups = split_tranches(plans)
    cols: dict[str, list] = {}
    for code, _ in TRANCHE_GROUPS:
        ps = groups[code]
        ms = [m for p in ps for m in p.measures]
        realised = sum(_n(m.realised_participants) for m in ms)
        budget = sum((realised_costs(m) for m in ms), ZERO)
        amb_p = documented(totals, code, "initial_ambition_participants")
        amb_b = documented(totals, code, "initial_ambition_budget")
        incl = documented(totals, code, "total_incl_overhead")
        gov, sector, _ = contributions(ps, totals, code)
        youth = _youth_shares([(m, m.rate) for m in ms])
        cols[code] = [realised, youth[0], ratio(realised, amb_p.value) if amb_p else None, budget,
                      incl.value if incl else None, ratio(budget, amb_b.value) if amb_b else None, sector, gov,
                      youth[1], youth[2]]
    labels = (("Aantal bereikte deelnemers", "k_persons", True),
              ("Aandeel deelnemers onder 27 jaar", "pct0", False),
              ("Aantal bereikte deelnemers t.o.v. initiële ambitie", "pct0", True),
              ("Totaal budget exclusief overhead", "m_eur", True),
              ("Totaal budget inclusief overhead", "m_eur", True),
              ("Aantal totaal budget t.o.v. initiële ambitie", "pct0", True),
              ("Eigen financiering vanuit sectoren/regio’s/individuele werkgevers", "m_eur", True),
              ("Cofinanciering vanuit Rijksoverheid", "m_eur", True),
              ("Aandeel totaal budget voor jongeren onder 27 jaar", "pct0", False),
              ("Aandeel cofinanciering voor jongeren onder 27 jaar", "pct0", False))
    rows, kinds = [], []
    for i, (label, kind, in_s1) in enumerate(labels):
        if with_youth or in_s1:
            rows.append((label, cols["1-2"][i], cols["3"][i]))
            kinds.append(kind)
    notes = [SOURCE_DECLARATIONS, "Onbekend: niet uit de gegevens af te leiden."]
    for t in totals:
        qualifier = {"almost": " (bijna; een bovengrens)", "over": " (ruim; een ondergrens)",
                     "millions": " (afgerond op miljoenen)"}.get(t.precision, "")
        notes.append(f"Tranche {t.tranche}, {t.key.replace('_', ' ')}: {t.value:,.0f}{qualifier}; {t.source}.")
    return Table(
        "10.1" if with_youth else "S.1", "Overzicht kerncijfers uitvoering sectorplannen",
        (Column("Kerncijfer", "text"), *(Column(title, "mixed", missing="onbekend") for _, title in TRANCHE_GROUPS)),
        tuple(rows), tuple(notes), row_kinds=tuple(kinds),
    )


def measures_per_type(plans: list[PlanFacts], s: Settings) -> Table:
    """Tabel 2.1: completed measures by theme and measure type (tranches 1–2)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for p in split_tranches(plans)["1-2"]:
        for m in p.measures:
            if m.category in TYPE_CATEGORIES and m.counted_measures_known:
                counts[(m.category, m.measure_type)] += m.counted_measures
    rows = []
    for cat in TYPE_CATEGORIES:
        for (c, mtype), n in sorted(counts.items()):
            if c == cat:
                rows.append((THEME_LABELS[cat], s.labels.get(mtype, mtype), n))
    rows.append(("Totaal", "", sum(counts.values())))
    return Table("2.1", "De meeste genomen maatregelen betreffen scholingsmaatregelen",
                 (Column("Thema", "text"), Column("Maatregel", "text"), Column("Totaal afgerond", "int")),
                 tuple(rows), ("Bron: beschikkingen sectorplannen.", "Referentieplannen staan per thema onder het "
                               "standaardtype van het thema: de gepubliceerde cijfers zijn per thema."))


def _per_category(plans: list[PlanFacts], order) -> dict[str | None, list[MeasureFacts]]:
    out: dict[str | None, list[MeasureFacts]] = defaultdict(list)
    for p in plans:
        for m in p.measures:
            if m.category in order:
                out[m.category].append(m)
                out[None].append(m)
    return out


def participants_per_theme(plans: list[PlanFacts]) -> Table:
    """Tabel 3.1."""
    cats = _per_category(split_tranches(plans)["1-2"], TYPE_CATEGORIES)
    rows = []
    for code in (*TYPE_CATEGORIES, None):
        ms = cats.get(code, [])
        planned, realised = sum(_n(m.planned_participants) for m in ms), sum(_n(m.realised_participants) for m in ms)
        rows.append((THEME_LABELS[code] if code else "Totaal", planned, realised, ratio(realised, planned),
                     _youth_shares([(m, m.rate) for m in ms])[0]))
    return Table(
        "3.1", "Met leerwerkplekken is procentueel de grootste groep deelnemers bereikt, waaronder voornamelijk "
        "jongeren",
        (Column("Thema", "text"), Column("Gepland aantal deelnemers", "int"),
         Column("Gerealiseerd aantal deelnemers", "int"), Column("Percentage bereikt", "pct0"),
         Column("Aandeel jongeren (tot en met 26)", "pct0")),
        tuple(rows), (SOURCE_DECLARATIONS, "Aandeel jongeren: van de geregistreerde deelnemers (bsn).",),
    )


def budget_per_theme(plans: list[PlanFacts]) -> Table:
    """Tabel 3.2 (budget excluding overhead)."""
    cats = _per_category(split_tranches(plans)["1-2"], TYPE_CATEGORIES)
    rows = []
    for code in (*TYPE_CATEGORIES, None):
        ms = cats.get(code, [])
        planned = sum((m.planned_costs_eur for m in ms), ZERO)
        realised = sum((realised_costs(m) for m in ms), ZERO)
        rows.append((THEME_LABELS[code] if code else "Totaal", planned, realised, ratio(realised, planned),
                     _youth_shares([(m, m.rate) for m in ms])[1]))
    return Table(
        "3.2", "Gepland en gerealiseerd budget per thema",
        (Column("Thema", "text"), Column("Gepland budget", "eur"), Column("Gerealiseerd budget", "eur"),
         Column("Percentage bereikt", "pct0"), Column("Aandeel budget jongeren", "pct0")),
        tuple(rows), (SOURCE_DECLARATIONS, "Budget exclusief overhead; het budget van een thema telt voor "
                      "jongeren naar rato van de geregistreerde jongeren per plan en thema."),
    )


def financing_largest_plans(plans: list[PlanFacts], totals: list[DocumentedTotal]) -> Table:
    """Tabel 3.3: the plans whose contribution including overhead the evaluation published, largest
    first, and the total over all plans of tranches 1–2."""
    rows = []
    for p in split_tranches(plans)["1-2"]:
        gov, total = p.published_value("government_incl_overhead"), p.published_value("total_incl_overhead")
        if gov is not None and total is not None:
            rows.append((p.name, gov, total - gov, total, ratio(total - gov, total)))
    rows.sort(key=lambda r: -r[3])
    gov, sector, total = contributions([], totals, "1-2")
    rows.append(("Totaal (over alle plannen)", gov, sector, total, ratio(sector, total) if total else None))
    return Table(
        "3.3", "Metaal heeft hoogste eigen bijdrage aan een sectorplan, door het grote aandeel leerwerkplekken (20 "
        "procent cofinanciering rijksoverheid), bedragen zijn inclusief overheadkosten",
        (Column("Plan", "text"), Column("Rijksoverheid", "eur", missing="onbekend"),
         Column("Sector", "eur", missing="onbekend"), Column("Totaal", "eur", missing="onbekend"),
         Column("Aandeel sector", "pct0", missing="onbekend")),
        tuple(rows), ("Bron: einddeclaraties sectorplannen; de gepubliceerde bijdragen inclusief overhead "
                      "(gepubliceerde gegevens bij de referentieplannen).",),
    )


def bsn_by_target_group(plans: list[PlanFacts]) -> Table:
    """Tabel 4.1: BSN-registered participants by target group at start × theme."""
    groups: dict[tuple[str, str | None], int] = defaultdict(int)
    declared: dict[str | None, int] = defaultdict(int)
    registry = False
    for p in split_tranches(plans)["1-2"]:
        for m in p.measures:
            if m.category not in TYPE_CATEGORIES:
                continue
            for group, n in m.registered_by_target_group:
                registry = True
                for key in (m.category, None):
                    groups[(group, key)] += n
            for key in (m.category, None):
                declared[key] += _n(m.declared_bsn_participants)
    rows = [(label, *((groups[(g, c)] if registry else None) for c in (*TYPE_CATEGORIES, None)))
            for g, label in TARGET_GROUP_LABELS.items()]
    rows.append(("Totaal", *(declared[c] for c in (*TYPE_CATEGORIES, None))))
    return Table(
        "4.1", "Deelnemers waren vooral werkenden in de sector(en) van het sectorplan",
        (Column("Doelgroep vooraf", "text"), *(Column(THEME_LABELS[c], "int") for c in TYPE_CATEGORIES),
         Column("Totaal", "int")),
        tuple(rows), (SOURCE_BSN, "Totaal: bsn-geregistreerde deelnemers volgens de einddeclaraties; de uitsplitsing "
                      "naar doelgroep komt uit de deelnemersregistratie (unieke personen per plan en thema).",),
    )


def participants_per_trajectory(plans: list[PlanFacts]) -> Table:
    """Tabel 6.1 (tranche 3)."""
    cats = _per_category(split_tranches(plans)["3"], TRAJECTORIES)
    realised_total = sum(_n(m.realised_participants) for m in cats.get(None, []))
    rows = []
    for code, label in (*zip(TRAJECTORIES, TRAJECTORY_LABELS["6.1"], strict=True), (None, "Totaal")):
        ms = cats.get(code, [])
        planned, realised = sum(_n(m.planned_participants) for m in ms), sum(_n(m.realised_participants) for m in ms)
        rows.append((label, planned, realised, ratio(realised, planned), ratio(realised, realised_total)))
    return Table(
        "6.1", "Meeste trajecten gericht op instroom vanuit uitkering",
        (Column("Type traject", "text"), Column("Gepland aantal deelnemers", "int"),
         Column("Gerealiseerd aantal deelnemers", "int"), Column("Percentage bereikt", "pct0"),
         Column("Percentage gerealiseerde deelnemers van totaal deelnemers", "pct0")),
        tuple(rows), ("Bron: einddeclaraties sectorplannen.",),
    )


def budget_per_trajectory(plans: list[PlanFacts]) -> Table:
    """Tabel 6.2 (tranche 3, excluding overhead)."""
    cats = _per_category(split_tranches(plans)["3"], TRAJECTORIES)
    rows = []
    for code, label in (*zip(TRAJECTORIES, TRAJECTORY_LABELS["6.2"], strict=True), (None, "Totaal")):
        ms = cats.get(code, [])
        planned = sum((m.planned_costs_eur for m in ms), ZERO)
        realised = sum((realised_costs(m) for m in ms), ZERO)
        rows.append((label, planned, realised, ratio(realised, planned)))
    return Table(
        "6.2", "Gepland en gerealiseerd budget per type traject",
        (Column("Type traject", "text"), Column("Gepland budget", "eur"), Column("Gerealiseerd budget", "eur"),
         Column("Percentage bereikt", "pct0")),
        tuple(rows), ("Bron: einddeclaraties sectorplannen. Budget exclusief overhead.",),
    )


def financing_per_plan_t3(plans: list[PlanFacts]) -> Table:
    """Tabel 6.3: per tranche-3 plan the published government contribution beside its realised
    budget (excluding overhead); the sector paid the rest."""
    rows = []
    sums = [ZERO, ZERO, ZERO]
    known = True
    for p in split_tranches(plans)["3"]:
        total = sum((realised_costs(m) for m in p.measures), ZERO)
        gov = p.published_value("government_excl_overhead") or Decimal(1)
        sector = None if gov is None else total - gov
        known = known and gov is not None
        rows.append((p.name, gov, sector, total, ratio(sector, total) if sector is not None else None))
        sums = [sums[0] + (gov or ZERO), sums[1] + (sector or ZERO), sums[2] + total]
    rows.append(("Totaal", sums[0] if known else None, sums[1] if known else None, sums[2],
                 ratio(sums[1], sums[2]) if known else None))
    return Table(
        "6.3", "Vrijwel alle plannen dragen zelf de helft van de kosten bij",
        (Column("Plan", "text"), Column("Rijksoverheid", "eur", missing="onbekend"),
         Column("Sector", "eur", missing="onbekend"), Column("Totaal", "eur"),
         Column("Aandeel sector", "pct0", missing="onbekend")),
        tuple(rows), ("Bron: einddeclaraties sectorplannen. Bedragen exclusief overhead; Rijksoverheid: de "
                      "gepubliceerde bijdrage bij het referentieplan, Totaal: het gerealiseerde budget.",),
    )


def bsn_sectoral_regional(plans: list[PlanFacts]) -> Table:
    """Tabel 7.1: BSN-registered tranche-3 participants per trajectory, sectoral against regional
    plans (plans without BSN registration are left out, as in the evaluation)."""
    ps = [p for p in split_tranches(plans)["3"] if any(m.declared_bsn_participants is not None for m in p.measures)]
    n_plans = {k: sum(1 for p in ps if p.kind == k) for k in ("sectoral", "regional")}
    cells: dict[tuple[str | None, str | None], int] = defaultdict(int)
    for p in ps:
        for m in p.measures:
            for c in (m.category, None):
                for k in (p.kind, None):
                    cells[(c, k)] += _n(m.declared_bsn_participants)
    rows = [(label, cells[(c, "sectoral")], cells[(c, "regional")], cells[(c, None)])
            for c, label in (*zip(TRAJECTORIES, TRAJECTORY_LABELS["7.1"], strict=True), (None, "Totaal"))]
    return Table(
        "7.1", "Meeste deelnemers in trajecten gericht op instroom in baan vanuit WW-uitkering",
        (Column("Doel(groep)", "text"), Column(f"Sectorale plannen ({n_plans['sectoral']})", "int"),
         Column(f"Regionale plannen ({n_plans['regional']})", "int"), Column(f"Totaal ({len(ps)})", "int")),
        tuple(rows), (SOURCE_BSN,),
    )


def published_main_tables(plans: list[PlanFacts], totals: list[DocumentedTotal], s: Settings) -> list[Table]:
    return [
        key_figures(plans, totals, with_youth=False), measures_per_type(plans, s), participants_per_theme(plans),
        budget_per_theme(plans), financing_largest_plans(plans, totals), bsn_by_target_group(plans),
        participants_per_trajectory(plans), budget_per_trajectory(plans), financing_per_plan_t3(plans),
        bsn_sectoral_regional(plans), key_figures(plans, totals, with_youth=True),
    ]
