"""The fixed vocabulary of the labour-market outcomes (formats.md §5 and §6).

Everything that the contract with the evaluator names lives here once: the outcome codes of every
table, the dimensions, the input code lists and the disclosure parameters. The pipeline, the
disclosure control and the outputs all read these; no other module spells a code list out.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Disclosure control (§6): cells with 0 < n < THRESHOLD are suppressed; groups with a total below
#: THRESHOLD are suppressed entirely.
DISCLOSURE_THRESHOLD = 10
#: Dominance (§6): share of a group's units delivered by its TOP largest plans; above LIMIT flagged.
DOMINANCE_TOP_PLANS = 3
DOMINANCE_LIMIT = 0.5

CONTRACTS = ("vast", "tijdelijk", "oproep", "uitzend")
BENEFIT_TYPES = ("WW", "bijstand", "AO", "overig")

#: Group label used when a dimension value is empty in the participants file (e.g. the target group
#: of a tranche-3 registration, where the trajectory decides).
UNKNOWN_GROUP = "onbekend"

#: Dimensions in output order. Each is an expression over the unit's attributes (see pipeline.py).
DIMENSIONS = (
    "total",
    "tranche",
    "category",
    "measure_type",
    "target_group",
    "plan_kind",
    "category_x_target_group",
)
#: Unit attributes from which every dimension is built (the "atoms" of the disclosure check).
ATOM_ATTRIBUTES = ("tranche", "category", "measure_type", "target_group", "plan_kind")


@dataclass(frozen=True)
class TableSpec:
    """One outcome table: its file, its outcomes (in output order) and Dutch labels for the report."""

    name: str
    title: str
    outcomes: tuple[str, ...]
    labels: tuple[str, ...]
    population: str

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def label(self, outcome: str) -> str:
        return self.labels[self.outcomes.index(outcome)]


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "income_status",
        "Inkomenspositie",
        ("werknemer", "werknemer_ww", "werknemer_overige_uitkering", "ww", "overige_uitkering", "overig"),
        ("Werknemer", "Werknemer met WW", "Werknemer met andere uitkering", "WW-uitkering",
         "Andere uitkering", "Geen baan, geen uitkering"),
        "alle deelnemers",
    ),
    TableSpec(
        "employer_mobility",
        "Werkgeversmobiliteit",
        ("zelfde_werkgever", "andere_werkgever_zelfde_sector", "andere_sector"),
        ("Zelfde werkgever", "Andere werkgever, zelfde sector", "Andere sector"),
        "deelnemers met een hoofdbaan bij de start en op het meetmoment (plannen met sector)",
    ),
    TableSpec(
        "plan_sector",
        "Werkzaam in de sector van het plan",
        ("sector_van_plan", "andere_sector"),
        ("Sector van het plan", "Andere sector"),
        "werkende deelnemers van plannen met sector",
    ),
    TableSpec(
        "contract",
        "Contractvorm (alle werkenden)",
        ("vast", "flexibel"),
        ("Vast", "Flexibel"),
        "werkende deelnemers",
    ),
    TableSpec(
        "contract_job_changers",
        "Contractvorm (van baan gewisseld)",
        ("vast", "flexibel"),
        ("Vast", "Flexibel"),
        "werkende deelnemers met een andere werkgever dan bij de start",
    ),
    TableSpec(
        "hours",
        "Arbeidsduur",
        ("geen_vaste_uren", "minder_dan_12_uur", "2_3_dagen", "4_dagen", "voltijd"),
        ("Geen vaste uren", "Minder dan 12 uur", "2-3 dagen (12-28 uur)", "4 dagen (28-35 uur)",
         "Voltijd (35 uur of meer)"),
        "werkende deelnemers",
    ),
)
TABLE_BY_NAME = {t.name: t for t in TABLES}
EMPLOYED_STATUSES = ("werknemer", "werknemer_ww", "werknemer_overige_uitkering")
JOB_CHANGER_MOBILITY = ("andere_werkgever_zelfde_sector", "andere_sector")

#: The columns of every outcome table (§6); extra columns may only follow these.
OUTPUT_COLUMNS = ("measurement_date", "dimension", "group", "outcome", "n", "share", "suppressed")

DIMENSION_LABELS = {
    "total": "Totaal",
    "tranche": "Tranche",
    "category": "Thema / traject",
    "measure_type": "Type maatregel",
    "target_group": "Doelgroep bij de start",
    "plan_kind": "Soort plan",
    "category_x_target_group": "Thema × doelgroep",
}
GROUP_LABELS = {
    "total": "Totaal",
    "mobility": "Mobiliteit",
    "career_check": "Loopbaanscan",
    "training": "Scholing",
    "work_placements": "Leerwerkplekken",
    "health": "Gezondheid",
    "other": "Overig",
    "work_same_occupation": "Werk naar werk (zelfde beroep)",
    "work_other_occupation": "Werk naar werk (ander beroep)",
    "ww_to_work": "WW naar werk",
    "other_to_work": "Overige situatie naar werk",
    "working_in_sector": "Werkend in de sector",
    "working_other_sector": "Werkend in andere sector",
    "student": "Student",
    "not_working": "Niet werkend",
    "social_assistance": "Bijstand",
    "occupational_disability": "Arbeidsongeschikt",
    "sectoral": "Sectoraal",
    "regional": "Regionaal",
    UNKNOWN_GROUP: "Onbekend",
}


def group_label(group: str) -> str:
    """Dutch label of a group value (cross groups `a|b` become `a × b`); unknown codes as they are."""
    return " × ".join(GROUP_LABELS.get(part, part) for part in group.split("|"))


def group_of(dimension: str, atom: tuple[str, ...]) -> str:
    """The group of `dimension` that a unit with these ATOM_ATTRIBUTES values belongs to.

    Mirrors the SQL in pipeline.py (`_DIMENSION_GROUPS`); the disclosure check uses it to know how
    the groups of different dimensions nest.
    """
    if dimension == "total":
        return "total"
    values = dict(zip(ATOM_ATTRIBUTES, atom, strict=True))
    if dimension == "category_x_target_group":
        return f"{values['category']}|{values['target_group']}"
    return values[dimension]


#: Relations between tables of one measurement date that a reader can use to subtract: the units
#: counted in `outcomes` of `table` are exactly the population of `population_of`, per group.
TABLE_LINKS = (
    ("income_status", EMPLOYED_STATUSES, "contract"),
    ("income_status", EMPLOYED_STATUSES, "hours"),
    ("employer_mobility", JOB_CHANGER_MOBILITY, "contract_job_changers"),
)
