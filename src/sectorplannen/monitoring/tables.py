"""The table model the report shares (Column, Table, Settings) and the own tables per category:
M.3/M.4 participants and budget against the latest decision and the ambition, M.5 distribution of
realisation, M.6 youth, M.7 funding per settled plan, M.8 measures per category (pure functions).
The rest of our own tables is in ``own_tables.py``, the evaluation's in ``published.py`` and
``appendix.py``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .facts import MeasureFacts, PlanFacts

TYPE_CATEGORIES = ("mobility", "career_check", "training", "work_placements", "health", "other")
TRAJECTORIES = ("work_same_occupation", "work_other_occupation", "ww_to_work", "other_to_work")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Column:
    title: str
    kind: str  # "text", "int", "eur", "pct", "pct0", "k_eur", "k_persons", "m_eur", "mixed"
    missing: str = "–"  # what an empty cell says ("onbekend" where a figure is not known)


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    notes: tuple[str, ...] = ()
    row_kinds: tuple[str, ...] = ()  # for "mixed" columns: the kind of each row's values

    def column(self, title: str) -> list:
        i = [c.title for c in self.columns].index(title)
        return [row[i] for row in self.rows]

    def row(self, first_cell) -> tuple:
        return next(r for r in self.rows if r[0] == first_cell)


@dataclass(frozen=True)
class Settings:
    """The scheme numbers the tables report against (from SchemeRules) and the category labels."""

    labels: Mapping[str, str]
    youth_target_share: Decimal
    target_reached_ratio: Decimal
    participant_threshold: Decimal


def ratio(part, whole) -> Decimal | None:
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


def _n(value) -> int:
    return value or 0


def _realised_costs(m: MeasureFacts) -> Decimal:
    return m.realised_costs_eur if m.realised_costs_eur is not None else ZERO


@dataclass
class _Sums:
    measures: int = 0
    initial_participants: int = 0
    planned_participants: int = 0
    realised_participants: int = 0
    initial_costs: Decimal = ZERO
    planned_costs: Decimal = ZERO
    realised_costs: Decimal = ZERO
    ambition_unknown: bool = False

    def add(self, m: MeasureFacts) -> None:
        self.ambition_unknown = self.ambition_unknown or not m.ambition_known
        self.measures += m.counted_measures
        self.initial_participants += _n(m.initial_participants)
        self.planned_participants += _n(m.planned_participants)
        self.realised_participants += _n(m.realised_participants)
        self.initial_costs += m.initial_costs_eur
        self.planned_costs += m.planned_costs_eur
        self.realised_costs += _realised_costs(m)


def _by(plans: Iterable[PlanFacts], key) -> dict[str, _Sums]:
    sums: dict[str, _Sums] = defaultdict(_Sums)
    for p in plans:
        for m in p.measures:
            sums[key(p, m)].add(m)
    return sums


def _total(plans: Iterable[PlanFacts]) -> _Sums:
    total = _Sums()
    for p in plans:
        for m in p.measures:
            total.add(m)
    return total


def _ambition(x: _Sums, value):
    """The initial-ambition figure of a group, or None ("onbekend") when a plan's ambition is not known."""
    return None if x.ambition_unknown else value


def _categories(plans: list[PlanFacts], order: tuple[str, ...]) -> list[str]:
    present = {m.category for p in plans for m in p.measures}
    return [c for c in order if c in present]


def _label(s: Settings, code: str) -> str:
    return s.labels.get(code, code)


def participants_by_category(plans: list[PlanFacts], s: Settings, *, order=TYPE_CATEGORIES, table_id="M.3") -> Table:
    sums = _by(plans, lambda p, m: m.category)
    cats = _categories(plans, order)
    total = _Sums()
    for code in cats:
        for f in ("measures", "initial_participants", "planned_participants", "realised_participants"):
            setattr(total, f, getattr(total, f) + getattr(sums[code], f))
        total.ambition_unknown = total.ambition_unknown or sums[code].ambition_unknown
    rows = [
        (_label(s, code) if code else "Totaal", x.measures, x.planned_participants, x.realised_participants,
         ratio(x.realised_participants, x.planned_participants), _ambition(x, x.initial_participants),
         _ambition(x, ratio(x.realised_participants, x.initial_participants)))
        for code, x in [*((c, sums[c]) for c in cats), (None, total)]
    ]
    return Table(
        table_id, "Geplande en gerealiseerde deelnemers per thema",
        (Column("Thema", "text"), Column("Maatregelen", "int"), Column("Gepland (laatste beschikking)", "int"),
         Column("Gerealiseerd", "int"), Column("Realisatie", "pct"),
         Column("Oorspronkelijke ambitie", "int", missing="onbekend"),
         Column("Realisatie t.o.v. ambitie", "pct", missing="onbekend")),
        tuple(rows),
        ("Gepland: de laatste (herziene) beschikking; ambitie: de eerste beschikking.",
         "Deelnemers tellen per maatregel; iemand in twee thema's telt twee keer."),
    )


def budget_by_category(plans: list[PlanFacts], s: Settings, *, order=TYPE_CATEGORIES, table_id="M.4") -> Table:
    sums = _by(plans, lambda p, m: m.category)
    cats = _categories(plans, order)
    rows = []
    total = _Sums()
    for code in cats:
        x = sums[code]
        total.initial_costs += x.initial_costs
        total.planned_costs += x.planned_costs
        total.realised_costs += x.realised_costs
        total.ambition_unknown = total.ambition_unknown or x.ambition_unknown
        rows.append((_label(s, code), x.planned_costs, x.realised_costs, ratio(x.realised_costs, x.planned_costs),
                     _ambition(x, x.initial_costs), _ambition(x, ratio(x.realised_costs, x.initial_costs))))
    rows.append(("Totaal", total.planned_costs, total.realised_costs,
                 ratio(total.realised_costs, total.planned_costs), _ambition(total, total.initial_costs),
                 _ambition(total, ratio(total.realised_costs, total.initial_costs))))
    return Table(
        table_id, "Gepland en gerealiseerd budget per thema (totale kosten, exclusief overhead)",
        (Column("Thema", "text"), Column("Gepland (laatste beschikking)", "eur"), Column("Gerealiseerd", "eur"),
         Column("Realisatie", "pct"), Column("Oorspronkelijke ambitie", "eur", missing="onbekend"),
         Column("Realisatie t.o.v. ambitie", "pct", missing="onbekend")),
        tuple(rows),
        ("Budget: kosten van sector en overheid samen, zonder overheadvergoeding.",),
    )


def plan_realisation(p: PlanFacts) -> tuple[Decimal | None, Decimal | None]:
    """A plan's realisation of participants and of budget against its latest decision."""
    planned = sum(_n(m.planned_participants) for m in p.measures)
    realised = sum(_n(m.realised_participants) for m in p.measures)
    planned_costs = sum((m.planned_costs_eur for m in p.measures), ZERO)
    realised_costs = sum((_realised_costs(m) for m in p.measures), ZERO)
    return ratio(realised, planned), ratio(realised_costs, planned_costs)


def realisation_bins(s: Settings) -> list[tuple[str, Decimal, Decimal | None]]:
    """Bands for the distribution: below the participant threshold, three steps, and the target."""
    low, target = s.participant_threshold, s.target_reached_ratio
    mid1, mid2 = Decimal("0.80"), Decimal("0.90")
    return [
        (f"minder dan {int(low * 100)} %", ZERO, low),
        (f"{int(low * 100)} tot {int(mid1 * 100)} %", low, mid1),
        (f"{int(mid1 * 100)} tot {int(mid2 * 100)} %", mid1, mid2),
        (f"{int(mid2 * 100)} tot {int(target * 100)} %", mid2, target),
        (f"{int(target * 100)} % of meer (doel bereikt)", target, None),
    ]


def _inside(r: Decimal | None, lo: Decimal, hi: Decimal | None) -> bool:
    return r is not None and r >= lo and (hi is None or r < hi)


def realisation_distribution(plans: list[PlanFacts], s: Settings) -> Table:
    declared = [p for p in plans if p.declared]
    rates = [plan_realisation(p) for p in declared]
    rows = []
    for label, lo, hi in realisation_bins(s):
        n_part = sum(1 for r, _ in rates if _inside(r, lo, hi))
        n_budget = sum(1 for _, r in rates if _inside(r, lo, hi))
        rows.append((label, n_part, ratio(n_part, len(declared)), n_budget, ratio(n_budget, len(declared))))
    no_target = sum(1 for r, _ in rates if r is None)
    rows.append(("geen deelnemersdoel", no_target, ratio(no_target, len(declared)), 0, ratio(0, len(declared))))
    rows.append(("Totaal", len(declared), ratio(len(declared), len(declared)),
                 len(declared), ratio(len(declared), len(declared))))
    return Table(
        "M.5", "Verdeling van plannen naar realisatiegraad (t.o.v. de laatste beschikking)",
        (Column("Realisatiegraad", "text"), Column("Plannen (deelnemers)", "int"), Column("Aandeel", "pct"),
         Column("Plannen (budget)", "int"), Column("Aandeel (budget)", "pct")),
        tuple(rows),
        (f"Een plan met {int(s.target_reached_ratio * 100)} % of meer van de geplande deelnemers heeft zijn doel "
         "bereikt.", "Alleen plannen met een einddeclaratie."),
    )


def _youth(m: MeasureFacts) -> tuple[int, int] | None:
    """(youth, participants) of a measure: the registry first, then the declaration."""
    if m.registered_participants:
        return _n(m.registered_youth_participants), m.registered_participants
    if m.realised_youth_participants is not None and m.realised_participants:
        return m.realised_youth_participants, m.realised_participants
    return None


def youth(plans: list[PlanFacts], s: Settings, *, order=TYPE_CATEGORIES) -> Table:
    """Youth share of participants, of total budget and of the government contribution.

    The budget of a measure is attributed to youth pro rata to its youth participants."""
    acc: dict[str, list] = defaultdict(lambda: [0, 0, ZERO, ZERO, ZERO, ZERO])
    for p in plans:
        for m in p.measures:
            y = _youth(m)
            if y is None:
                continue
            young, total = y
            costs = _realised_costs(m) if m.realised_costs_eur is not None else m.planned_costs_eur
            share = Decimal(young) / Decimal(total)
            for key in (m.category, None):
                a = acc[key]
                a[0] += young
                a[1] += total
                a[2] += costs * share
                a[3] += costs
                a[4] += costs * share * m.rate
                a[5] += costs * m.rate
    rows = []
    for code in [*_categories(plans, order), None]:
        if code not in acc:
            continue
        a = acc[code]
        rows.append((_label(s, code) if code else "Totaal", a[0], a[1], ratio(a[0], a[1]), ratio(a[2], a[3]),
                     ratio(a[4], a[5])))
    return Table(
        "M.6", "Jongeren (≤ 26 jaar bij de start): aandeel in deelnemers, budget en overheidsbijdrage",
        (Column("Thema", "text"), Column("Jongeren", "int"), Column("Deelnemers", "int"),
         Column("Aandeel deelnemers", "pct"), Column("Aandeel budget", "pct"),
         Column("Aandeel overheidsbijdrage", "pct")),
        tuple(rows),
        (f"Doel (motie): ten minste {int(s.youth_target_share * 100)} % van de uitgaven ten goede aan jongeren.",
         "Budget per maatregel naar rato van het aandeel jongeren; bron: deelnemersregistratie, anders declaratie."),
    )


def funding_per_plan(plans: list[PlanFacts], table_id="M.7") -> Table:
    rows = []
    tot = [ZERO, ZERO, ZERO, ZERO]
    for p in plans:
        st = p.settlement
        if st is None:
            continue
        total_costs = st.eligible_costs_eur + st.overhead_eur
        government = st.determined_subsidy_eur
        sector = total_costs - government
        rows.append(
            (p.name, st.eligible_costs_eur, st.overhead_eur, government, sector, ratio(government, total_costs))
        )
        for i, v in enumerate((st.eligible_costs_eur, st.overhead_eur, government, sector)):
            tot[i] += v
    rows.append(("Totaal", *tot, ratio(tot[2], tot[0] + tot[1])))
    return Table(
        table_id, "Financiering per plan: overheid en sector (inclusief overhead, volgens de vaststelling)",
        (Column("Plan", "text"), Column("Subsidiabele kosten", "eur"), Column("Overhead", "eur"),
         Column("Overheid (vastgestelde subsidie)", "eur"), Column("Sector", "eur"),
         Column("Aandeel overheid", "pct")),
        tuple(rows),
        ("Alleen vastgestelde plannen.",),
    )


def measures_per_category(plans: list[PlanFacts], s: Settings, *, order=TYPE_CATEGORIES) -> Table:
    rows = []
    n_plans = len(plans)
    for code in _categories(plans, order):
        with_cat = [p for p in plans if any(m.category == code for m in p.measures)]
        count = sum(m.counted_measures for p in with_cat for m in p.measures if m.category == code)
        rows.append((_label(s, code), count, len(with_cat), ratio(len(with_cat), n_plans)))
    rows.append(("Totaal", sum(r[1] for r in rows), n_plans, ratio(n_plans, n_plans)))
    return Table(
        "M.8", "Aantal maatregelen per thema en aandeel plannen met ten minste één maatregel in het thema",
        (Column("Thema", "text"), Column("Maatregelen", "int"), Column("Plannen", "int"),
         Column("Aandeel plannen", "pct")),
        tuple(rows),
    )
