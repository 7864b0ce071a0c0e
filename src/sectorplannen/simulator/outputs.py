"""The simulation's files: CSV (one per table, plain values), XLSX (the same tables) and one HTML page
with the charts. Every table says on each row whether it rests on the rules alone or on an assumption."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from sectorplannen.common.money import format_eur, format_int
from sectorplannen.common.spreadsheet import XLSX_OPTIONS, safe_writer

from . import charts
from .compare import Comparison
from .labels import BASIS_ASSUMPTION, BASIS_RULES, DIMENSIONS, basis_note, group_label, run_title
from .services import Simulation

FILES = {"totals": "totalen.csv", "plans": "plannen.csv", "groups": "groepen.csv", "ceilings": "plafonds.csv"}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # "text", "eur", "int"


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]


def _lead(c: Comparison) -> tuple:
    return (c.label, c.against, BASIS_ASSUMPTION if c.assumption else BASIS_RULES)


def _lead_columns() -> tuple[Column, ...]:
    return (Column("scenario", _("Scenario")), Column("against", _("Vergeleken met")),
            Column("basis", _("Grondslag (alleen regels of aanname)")))


def tables(sim: Simulation) -> list[Table]:
    lead = _lead_columns()
    totals = Table("totals", _("Totalen per scenario"), lead + (
        Column("plans", _("Plannen"), "int"),
        Column("reference_determined_eur", _("Vastgesteld, vergelijking"), "eur"),
        Column("scenario_determined_eur", _("Vastgesteld, scenario"), "eur"),
        Column("difference_eur", _("Verschil"), "eur"),
        Column("reference_overhead_eur", _("Overhead, vergelijking"), "eur"),
        Column("scenario_overhead_eur", _("Overhead, scenario"), "eur"),
        Column("reference_nil_measures", _("Maatregelen op nul door de deelnemersdrempel, vergelijking"), "int"),
        Column("scenario_nil_measures", _("Maatregelen op nul door de deelnemersdrempel, scenario"), "int"),
        Column("cost_threshold_nil_plans", _("Plannen op nul door de kostendrempel, scenario"), "int"),
        Column("reallocated_eur", _("Herverdeeld"), "eur"),
        Column("gainers", _("Plannen met meer"), "int"), Column("losers", _("Plannen met minder"), "int"),
    ), tuple(_lead(c) + (len(c.plans), c.total("reference_eur"), c.total("scenario_eur"), c.total("difference_eur"),
                         c.total("reference_overhead_eur"), c.total("scenario_overhead_eur"),
                         c.nil_measures("reference"), c.nil_measures("scenario"), c.cost_threshold_nil,
                         c.total("reallocated_eur"), c.gainers, c.losers)
             for c in sim.comparisons))
    plans = Table("plans", _("Per plan"), lead + (
        Column("plan", _("Plan")), Column("tranche", _("Tranche")), Column("plan_kind", _("Soort plan")),
        Column("sector", _("Sector")), Column("size", _("Omvang (maximale subsidie)")),
        Column("reference_determined_eur", _("Vastgesteld, vergelijking"), "eur"),
        Column("scenario_determined_eur", _("Vastgesteld, scenario"), "eur"),
        Column("difference_eur", _("Verschil"), "eur"),
        Column("reference_overhead_eur", _("Overhead, vergelijking"), "eur"),
        Column("scenario_overhead_eur", _("Overhead, scenario"), "eur"),
        Column("reference_nil_measures", _("Maatregelen op nul, vergelijking")),
        Column("scenario_nil_measures", _("Maatregelen op nul, scenario")),
        Column("cost_threshold_nil", _("Op nul door de kostendrempel")),
        Column("reallocated_eur", _("Herverdeeld"), "eur"),
        Column("reasons", _("Waarom (de regels die de uitkomst veranderden)")),
    ), tuple(_lead(c) + (p.name, p.tranche, p.kind, p.sector, p.size, p.reference_eur, p.scenario_eur,
                         p.difference_eur, p.reference_overhead_eur, p.scenario_overhead_eur,
                         " ".join(p.reference_nil_measures), " ".join(p.scenario_nil_measures),
                         _("ja") if p.scenario_cost_threshold_nil else _("nee"), p.reallocated_eur,
                         " | ".join(p.reasons))
             for c in sim.comparisons for p in c.plans))
    groups = Table("groups", _("Wie wint en wie verliest"), lead + (
        Column("dimension", _("Indeling")), Column("group", _("Groep")), Column("plans", _("Plannen"), "int"),
        Column("reference_determined_eur", _("Vastgesteld, vergelijking"), "eur"),
        Column("scenario_determined_eur", _("Vastgesteld, scenario"), "eur"),
        Column("difference_eur", _("Verschil"), "eur"),
        Column("gainers", _("Plannen met meer"), "int"), Column("losers", _("Plannen met minder"), "int"),
    ), tuple(_lead(c) + (g.dimension, g.group, g.plans, g.reference_eur, g.scenario_eur, g.difference_eur,
                         g.gainers, g.losers) for c in sim.comparisons for g in c.groups))
    ceilings = Table("ceilings", _("Budget tegen de plafonds per tranche"), lead + (
        Column("tranche", _("Tranche")), Column("ceiling_eur", _("Budgetplafond"), "eur"),
        Column("reference_determined_eur", _("Vastgesteld, vergelijking"), "eur"),
        Column("scenario_determined_eur", _("Vastgesteld, scenario"), "eur"),
        Column("headroom_eur", _("Ruimte onder het plafond, scenario"), "eur"),
    ), tuple(_lead(c) + (r.tranche, r.ceiling_eur, r.reference_eur, r.scenario_eur, r.headroom_eur)
             for c in sim.comparisons for r in c.ceilings))
    return [totals, plans, groups, ceilings]


def _csv_value(value) -> str:
    return "" if value is None else str(value)


def write_csv(path: Path, table: Table) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = safe_writer(fh)
        writer.writerow([c.key for c in table.columns])
        writer.writerows([_csv_value(v) for v in row] for row in table.rows)


def notes(sim: Simulation) -> list[str]:
    lines = [basis_note(False)]
    if any(c.assumption for c in sim.comparisons):
        lines.append(basis_note(True))
    lines.append(_("%(n)s plannen opnieuw vastgesteld met dezelfde rekenregels als de echte vaststellingen.")
                 % {"n": len(sim.cases)})
    stored = sum(1 for c in sim.cases if c.stored is not None)
    if sim.mismatches:
        lines.append(_("Let op: de huidige regels geven bij %(n)s vastgestelde plannen niet hetzelfde bedrag als de "
                       "opgeslagen vaststelling.") % {"n": len(sim.mismatches)})
        lines.extend(sim.mismatches)
    else:
        lines.append(_("Controle: met de huidige regels komen alle %(n)s opgeslagen vaststellingen tot op de cent "
                       "terug.") % {"n": stored})
    return lines


def write_xlsx(path: Path, sim: Simulation, all_tables: list[Table]) -> None:
    wb = xlsxwriter.Workbook(str(path), XLSX_OPTIONS)
    wb.set_properties({"title": _("Simulatie van regelingsvarianten"), "author": "sectorplannen"})
    bold = wb.add_format({"bold": True})
    eur = wb.add_format({"num_format": "€ #,##0.00"})
    info = wb.add_worksheet(_("Toelichting"))
    info.set_column(0, 0, 140)
    for r, line in enumerate(notes(sim)):
        info.write_string(r, 0, line, bold if r == 0 else None)
    for t in all_tables:
        ws = wb.add_worksheet(t.title[:31])
        ws.write_string(0, 0, basis_note(any(c.assumption for c in sim.comparisons)) if t.rows else "", bold)
        for r, row in enumerate(t.rows, start=2):
            for j, (col, value) in enumerate(zip(t.columns, row, strict=True)):
                if value is None:
                    ws.write_blank(r, j, None)
                elif col.kind == "text":
                    ws.write_string(r, j, str(value))
                else:
                    ws.write_number(r, j, float(value) if isinstance(value, Decimal) else value,
                                    eur if col.kind == "eur" else None)
        ws.add_table(1, 0, 1 + max(len(t.rows), 1), len(t.columns) - 1, {
            "columns": [{"header": c.title} for c in t.columns], "style": "Table Style Light 9",
            "name": "T_" + re.sub(r"\W", "_", t.id)})
        ws.set_column(0, len(t.columns) - 1, 18)
    wb.close()


def shown(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "eur":
        return format_eur(value)
    if kind == "int":
        return format_int(value)
    return str(value)


def chart_set(sim: Simulation) -> dict:
    """The charts of the comparison: per scenario its distribution and its 20 most affected plans, and
    the totals by tranche of all scenarios together."""
    per = [{"title": run_title(c.label, c.title, c.assumption), "assumption": c.assumption,
            "distribution": charts.difference_distribution(c, f"verdeling-{i}"),
            "affected": charts.most_affected(c, f"meest-geraakt-{i}"), "comparison": c}
           for i, c in enumerate(sim.comparisons)]
    return {"per_scenario": per,
            "tranches": charts.totals_by_tranche(list(sim.comparisons), "tranches") if sim.comparisons else None}


def _display(key: str, value, kind: str, dimension: str = "") -> str:
    if key == "basis":
        return str(_("aanname") if value == BASIS_ASSUMPTION else _("alleen regels"))
    if key == "plan_kind":
        return group_label("kind", value)
    if key == "dimension":
        return str(DIMENSIONS.get(value, value))
    if key == "group":
        return group_label(dimension, value)
    if key in ("scenario", "against") and value == "baseline":
        return run_title(value, "", False)
    return shown(value, kind)


def html_table(t: Table) -> dict:
    keys = [c.key for c in t.columns]
    dim = keys.index("dimension") if "dimension" in keys else None
    return {"id": t.id, "title": t.title, "columns": t.columns,
            "rows": [[{"text": _display(c.key, v, c.kind, row[dim] if dim is not None else ""),
                       "num": c.kind != "text"} for c, v in zip(t.columns, row, strict=True)] for row in t.rows]}


def write_html(path: Path, sim: Simulation, all_tables: list[Table]) -> None:
    path.write_text(render_to_string("simulator/report.html", {
        "notes": notes(sim), "charts": chart_set(sim), "tables": [html_table(t) for t in all_tables],
        "scenarios": [run_title(c.label, c.title, c.assumption) for c in sim.comparisons],
    }), encoding="utf-8")


def write_outputs(sim: Simulation, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    all_tables = tables(sim)
    paths = {}
    for t in all_tables:
        paths[t.id] = out / FILES[t.id]
        write_csv(paths[t.id], t)
    paths["xlsx"] = out / "simulatie.xlsx"
    write_xlsx(paths["xlsx"], sim, all_tables)
    paths["html"] = out / "simulatie.html"
    write_html(paths["html"], sim, all_tables)
    return paths
