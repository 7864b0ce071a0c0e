"""Public interface of the monitoring app."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from sectorplannen.common.labels import MEASURE_CATEGORIES, PLAN_KINDS, TARGET_GROUPS
from sectorplannen.schemes.models import SchemeVersion

from .appendix import appendix_tables
from .charts import Chart, all_charts
from .contributions import published_vs_recomputed
from .disclosure import protect
from .facts import DocumentedTotal, PlanFacts, fingerprint
from .filters import Filters
from .filters import apply as apply_filters
from .filters import options as filter_options
from .goal_figures import goal_figure_table
from .net_effects import EXPLANATION as EFFECT_EXPLANATION
from .net_effects import net_effect_tables
from .own_tables import own_tables
from .published import published_main_tables
from .published_charts import published_charts
from .qualitative_chapter import qualitative_section
from .queries import data_timestamp, load_documented_totals, load_facts
from .report import ReportMeta, Section, write_report
from .tables import Column, Settings, Table

# The evaluation's chapters and the tables of each, in its order (docs/monitoring.md).
CHAPTERS = (
    ("Samenvatting", ("S.1",)),
    ("2 Maatregelen in de sectorplannen (tranches 1 en 2)", ("2.1",)),
    ("3 Bereik en budget (tranches 1 en 2)", ("3.1", "3.2", "3.3")),
    ("4 Deelnemers (tranches 1 en 2)", ("4.1",)),
    ("6 Bereik en budget (tranche 3)", ("6.1", "6.2", "6.3")),
    ("7 Deelnemers (tranche 3)", ("7.1",)),
    ("10 Conclusies", ("10.1",)),
    ("Bijlage A Kenmerken van sectorplannen", tuple(f"A.{i}" for i in range(1, 14))),
)


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


def all_tables(plans: list[PlanFacts], totals: list[DocumentedTotal], s: Settings) -> list[Table]:
    """Every table of the report: the evaluation's in its numbering, then our own (M.1, M.2, …)."""
    return [*published_main_tables(plans, totals, s), *appendix_tables(plans), *own_tables(plans, s),
            published_vs_recomputed(plans)]


def realisation_tables(plans: list[PlanFacts] | None = None, filters: Filters | None = None) -> list[Table]:
    return dashboard_figures(plans, filters)[0]


def dashboard_figures(plans: list[PlanFacts] | None = None, filters: Filters | None = None,
                      *, charts: bool = False) -> tuple[list[Table], list[Chart], Filters, dict[str, list[str]]]:
    """The tables (and, if asked, the charts) for the dashboard under ``filters``, the filters as
    applied and the choices the filter form offers."""
    plans = load_facts() if plans is None else plans
    totals = load_documented_totals()
    choices = filter_options(plans)
    filters = filters or Filters()
    chosen, chosen_totals = apply_filters(plans, totals, filters)
    settings_ = report_settings()
    tables = all_tables(chosen, chosen_totals, settings_)
    by_id = {t.id: t for t in tables}
    drawn = [*published_charts(by_id), *all_charts(chosen, by_id, settings_)] if charts and chosen else []
    return tables, drawn, filters, choices


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
        "sectorbijdrage per plan (tabel M.7) komt uit de vaststelling en bevat de overhead.",
    )


EVALUATION_TABLES = {
    "income_status.csv": "Inkomenspositie",
    "employer_mobility.csv": "Werkgeversmobiliteit",
    "plan_sector.csv": "Sector van het plan",
    "contract.csv": "Contract (alle werkenden)",
    "contract_job_changers.csv": "Contract (baanwisselaars)",
    "hours.csv": "Arbeidsduur",
    # indicators beside formats.md §6 (evaluation/indicators.py)
    "benefit_ao.csv": "Arbeidsongeschiktheidsuitkering (AO)",
    "benefit_ww.csv": "WW-uitkering",
    "benefit_bijstand.csv": "Bijstandsuitkering",
    "income_status_by_age.csv": "Inkomenspositie naar leeftijd en traject",
}
EVALUATION_DIMENSIONS = {"total": "Totaal", "category": "Thema", "target_group": "Doelgroep",
                         "age_group": "Leeftijdsgroep", "category_x_plan_kind": "Traject of thema × soort plan"}


OUTCOME_LABELS = {
    "werknemer": "werknemer", "werknemer_ww": "werknemer met WW", "werknemer_overige_uitkering":
    "werknemer met andere uitkering", "ww": "WW", "overige_uitkering": "andere uitkering", "overig": "overig",
    "zelfde_werkgever": "zelfde werkgever", "andere_werkgever_zelfde_sector": "andere werkgever, zelfde sector",
    "andere_sector": "andere sector", "sector_van_plan": "sector van het plan", "vast": "vast contract",
    "flexibel": "flexibel contract", "geen_vaste_uren": "geen vaste uren", "minder_dan_12_uur": "< 12 uur",
    "2_3_dagen": "12–28 uur", "4_dagen": "28–35 uur", "voltijd": "voltijd (≥ 35 uur)",
    "met_ao": "met AO", "zonder_ao": "zonder AO", "met_ww": "met WW", "zonder_ww": "zonder WW",
    "met_bijstand": "met bijstand", "zonder_bijstand": "zonder bijstand",
}


def _group_label(group: str, labels: dict[str, str]) -> str:
    """A group of the evaluator's files as people read it: themes, trajectories, target groups and
    plan kinds by their label; ``category|plan_kind`` as "label × label"."""
    if group == "total":
        return "Totaal"
    if "|" in group:
        return " × ".join(_group_label(part, labels) for part in group.split("|"))
    known = {**MEASURE_CATEGORIES, **TARGET_GROUPS, **{k: str(v).lower() for k, v in PLAN_KINDS.items()}}
    return str(labels.get(group) or known.get(group, group))


def _long_date(iso: str) -> str:
    from django.utils.formats import date_format

    try:
        return date_format(dt.date.fromisoformat(iso), "j F Y")
    except ValueError:
        return iso


def evaluation_dates(directory: Path) -> list[str]:
    """The measurement dates found in the evaluator's outcome files, oldest first."""
    dates: set[str] = set()
    for filename in EVALUATION_TABLES:
        path = directory / filename
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as fh:
                dates |= {r["measurement_date"] for r in csv.DictReader(fh)}
    return sorted(dates)


def evaluation_tables(directory: Path, labels: dict[str, str] | None = None,
                      date: str | None = None) -> list[Table]:
    """The evaluator's (already disclosure-controlled) outcome tables, pivoted for reading: per
    table and dimension on the measurement date ``date`` (the latest when not given or not in a
    file), one row per group, a share per outcome."""
    tables = []
    for filename, title in EVALUATION_TABLES.items():
        path = directory / filename
        if not path.exists():
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if not rows:
            continue
        dates = {r["measurement_date"] for r in rows}
        latest = date if date in dates else max(dates)
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
                f"U.{len(tables) + 1}", f"{title} op {_long_date(latest)}, naar {label.lower()}",
                (Column(label, "text"), Column("Eenheden (niet onderdrukt)", "int"),
                 *(Column(OUTCOME_LABELS.get(o, o), "pct") for o in outcomes)),
                table_rows,
                ("Uitkomsten van de evaluatie; cellen met minder dan 10 personen zijn onderdrukt (–).",),
            ))
    return tables


def build_report(out_dir: Path, *, evaluation_dir: Path | None = None, effects_dir: Path | None = None,
                 pdf: bool = True, protected: bool = False, step=lambda message: None) -> dict[str, Path]:
    """Load, compute, draw and write: the one entry point for CLI, demo, web and the background job.
    ``step(message)`` is called before each stage (see ``REPORT_STEPS``). ``protected``: for readers
    outside the agency, no count of fewer than 10 people (``disclosure.protect``) and no charts."""
    step("Gegevens laden")
    plans = load_facts()
    settings_ = report_settings()
    step("Tabellen en grafieken berekenen")
    tables = all_tables(plans, load_documented_totals(), settings_)
    if protected:
        tables = [protect(t)[0] for t in tables]
    by_id = {t.id: t for t in tables}
    stamp = data_timestamp()
    meta = ReportMeta(
        title="Realisatie van de sectorplannen", data_timestamp=stamp,
        generated_at=timezone.localtime(), input_hash=fingerprint(plans), method=method_lines(plans, stamp),
    )
    figures = () if protected else published_charts(by_id)
    sections = [Section(heading, "", tuple(by_id[i] for i in ids if i in by_id),
                        tuple(c for c in figures if c.id.split("-")[1] == ids[0].split(".")[0].replace("S", "")))
                for heading, ids in CHAPTERS]
    sections.append(Section(
        "Aanvullende tabellen", "Tabellen die de evaluatie niet had, buiten haar nummering (M.1, M.2, …).",
        tuple(t for t in tables if t.id.startswith("M.")), () if protected else tuple(all_charts(plans, by_id,
                                                                                              settings_))))
    if evaluation_dir is not None:
        outcome_tables = evaluation_tables(evaluation_dir, dict(settings_.labels))
        goals = goal_figure_table(evaluation_dir, f"U.{len(outcome_tables) + 1}")
        if goals is not None:
            outcome_tables.append(goals)
        if outcome_tables:
            sections.insert(len(sections) - 1, Section(
                "Arbeidsmarktpositie van deelnemers",
                "Uit de koppeling van gepseudonimiseerde deelnemers aan de polisadministratie (evaluatie).",
                tuple(outcome_tables),
            ))
    if effects_dir is not None:
        effect_tables, effect_charts = net_effect_tables(effects_dir, dict(settings_.labels))
        if effect_tables:
            sections.insert(2 if evaluation_dir is not None else 1, Section(
                "Netto-effecten", "Wat de plannen hebben veroorzaakt, geschat met een vergelijkingsgroep.",
                tuple(effect_tables), tuple(effect_charts), notes=EFFECT_EXPLANATION))
    qualitative = qualitative_section()
    if qualitative is not None:
        sections.insert(len(sections) - 1, qualitative)
    return write_report(out_dir, meta, sections, pdf=pdf, step=step)


def report_steps(pdf: bool) -> int:
    """How many times ``build_report`` calls ``step``: the total of a job's progress."""
    return 5 if pdf else 4
