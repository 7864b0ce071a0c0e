"""Public interface of the monitoring app."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from sectorplannen.common.labels import TARGET_GROUPS
from sectorplannen.schemes.models import SchemeVersion

from .charts import all_charts
from .facts import PlanFacts, fingerprint
from .qualitative_chapter import qualitative_section
from .queries import data_timestamp, load_facts
from .report import ReportMeta, Section, write_report
from .tables import Column, Settings, Table, all_tables


def report_settings() -> Settings:
    """Labels and the numbers the tables report against, from the stored scheme versions.

    Where versions differ (they don't in the built-in ones) the strictest value is shown."""
    labels: dict[str, str] = {}
    youth, reached, threshold = [], [], []
    for scheme in SchemeVersion.objects.all():
        rules = scheme.rules
        for code, cat in rules.categories.items():
            labels.setdefault(code, cat.label)
        for code, mt in rules.measure_types.items():
            labels.setdefault(code, mt.label)
        youth.append(rules.youth_target_share)
        reached.append(rules.target_reached_ratio)
        threshold.append(rules.participant_threshold.min_ratio)
    return Settings(labels=labels, youth_target_share=max(youth, default=Decimal("0")),
                    target_reached_ratio=max(reached, default=Decimal("1")),
                    participant_threshold=max(threshold, default=Decimal("0")))


def realisation_tables(plans: list[PlanFacts] | None = None) -> list[Table]:
    return all_tables(load_facts() if plans is None else plans, report_settings())


def method_lines(plans: list[PlanFacts], data_timestamp) -> tuple[str, ...]:
    """The report's method section, generated from what the figures rest on."""
    versions = sum(p.decision_versions for p in plans)
    revised = sum(1 for p in plans if p.decision_versions > 1)
    declared = sum(1 for p in plans if p.declared)
    settled = sum(1 for p in plans if p.settlement)
    registered = sum(m.registered_participants or 0 for p in plans for m in p.measures)
    stamp = data_timestamp.strftime("%d-%m-%Y %H:%M") if data_timestamp else "onbekend"
    return (
        f"Dit rapport rust op {len(plans)} sectorplannen met samen {versions} beschikkingsversies "
        f"({revised} plannen zijn herzien), {declared} einddeclaraties en {settled} vaststellingen, zoals "
        f"vastgelegd tot en met {stamp}.",
        "Gepland is wat de laatste (herziene) beschikking toekent; de oorspronkelijke ambitie is de eerste "
        "beschikking. Gerealiseerd is wat de einddeclaratie opgeeft. Realisatie = gerealiseerd ÷ gepland.",
        f"Jongeren (≤ 26 jaar bij de start) komen uit de deelnemersregistratie ({registered} registraties van "
        "unieke personen per maatregel); budget en overheidsbijdrage worden per maatregel naar rato toegerekend.",
        "Budgetten zijn totale kosten van sector en overheid samen, zonder overheadvergoeding; de overheid- en "
        "sectorbijdrage per plan (tabel 6.2) komt uit de vaststelling en bevat de overhead.",
    )


EVALUATION_TABLES = {
    "income_status.csv": "Inkomenspositie",
    "employer_mobility.csv": "Werkgeversmobiliteit",
    "plan_sector.csv": "Sector van het plan",
    "contract.csv": "Contract (alle werkenden)",
    "contract_job_changers.csv": "Contract (baanwisselaars)",
    "hours.csv": "Arbeidsduur",
}
EVALUATION_DIMENSIONS = {"total": "Totaal", "category": "Thema", "target_group": "Doelgroep"}


OUTCOME_LABELS = {
    "werknemer": "werknemer", "werknemer_ww": "werknemer met WW", "werknemer_overige_uitkering":
    "werknemer met andere uitkering", "ww": "WW", "overige_uitkering": "andere uitkering", "overig": "overig",
    "zelfde_werkgever": "zelfde werkgever", "andere_werkgever_zelfde_sector": "andere werkgever, zelfde sector",
    "andere_sector": "andere sector", "sector_van_plan": "sector van het plan", "vast": "vast contract",
    "flexibel": "flexibel contract", "geen_vaste_uren": "geen vaste uren", "minder_dan_12_uur": "< 12 uur",
    "2_3_dagen": "12–28 uur", "4_dagen": "28–35 uur", "voltijd": "voltijd (≥ 35 uur)",
}


def _group_label(group: str, labels: dict[str, str]) -> str:
    return "Totaal" if group == "total" else labels.get(group, TARGET_GROUPS.get(group, group))


def evaluation_tables(directory: Path, labels: dict[str, str] | None = None) -> list[Table]:
    """The evaluator's (already disclosure-controlled) outcome tables, pivoted for reading: per
    table and dimension on the latest measurement date, one row per group, a share per outcome."""
    tables = []
    for filename, title in EVALUATION_TABLES.items():
        path = directory / filename
        if not path.exists():
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not rows:
            continue
        latest = max(r["measurement_date"] for r in rows)
        outcomes = list(dict.fromkeys(r["outcome"] for r in rows))
        for dimension, label in EVALUATION_DIMENSIONS.items():
            cells: dict[str, dict[str, str]] = {}
            sizes: dict[str, int] = {}
            for r in rows:
                if r["measurement_date"] != latest or r["dimension"] != dimension:
                    continue
                group = cells.setdefault(r["group"], {})
                suppressed = r["suppressed"].strip().lower() == "true"
                group[r["outcome"]] = None if suppressed or r["share"] == "" else Decimal(r["share"])
                if not suppressed and r["n"]:
                    sizes[r["group"]] = sizes.get(r["group"], 0) + int(r["n"])
            if not cells:
                continue
            table_rows = tuple(
                (str(_group_label(group, labels or {})), sizes.get(group), *(values.get(o) for o in outcomes))
                for group, values in cells.items()
            )
            tables.append(Table(
                f"U.{len(tables) + 1}", f"{title} op {latest}, naar {label.lower()}",
                (Column(label, "text"), Column("Eenheden (niet onderdrukt)", "int"),
                 *(Column(OUTCOME_LABELS.get(o, o), "pct") for o in outcomes)),
                table_rows,
                ("Uitkomsten van de evaluatie; cellen met minder dan 10 personen zijn onderdrukt (–).",),
            ))
    return tables


def build_report(out_dir: Path, *, evaluation_dir: Path | None = None, pdf: bool = True) -> dict[str, Path]:
    """Load, compute, draw and write: the one entry point for CLI, demo and web."""
    plans = load_facts()
    settings_ = report_settings()
    tables = all_tables(plans, settings_)
    by_id = {t.id: t for t in tables}
    stamp = data_timestamp()
    meta = ReportMeta(
        title="Realisatie van de sectorplannen", data_timestamp=stamp,
        generated_at=timezone.localtime(), input_hash=fingerprint(plans), method=method_lines(plans, stamp),
    )
    main_ids = {"S.1", "2.1", "3.1", "3.2", "3.3", "6.1", "6.2", "6.3", "T3.1", "T3.2"}
    sections = [
        Section("Realisatie", "Deelnemers en budget: gepland en gerealiseerd, per thema en per plan.",
                tuple(t for t in tables if t.id in main_ids), tuple(all_charts(plans, by_id, settings_))),
        Section("Bijlage: cijfers per plan", "", tuple(t for t in tables if t.id not in main_ids)),
    ]
    if evaluation_dir is not None:
        outcome_tables = evaluation_tables(evaluation_dir, dict(settings_.labels))
        if outcome_tables:
            sections.insert(1, Section(
                "Arbeidsmarktpositie van deelnemers",
                "Uit de koppeling van gepseudonimiseerde deelnemers aan de polisadministratie (evaluatie).",
                tuple(outcome_tables),
            ))
    qualitative = qualitative_section()
    if qualitative is not None:
        sections.insert(len(sections) - 1, qualitative)
    return write_report(out_dir, meta, sections, pdf=pdf)
