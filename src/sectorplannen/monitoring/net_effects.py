"""The report section "Netto-effecten": the evaluator's protected §8 outputs, for reading.

Reads `effects.csv`, `balance.csv`, `support.csv` and `mde.csv` from the evaluator's output folder
(already disclosure-controlled; this module shows what is there and nothing else): event-study
charts per outcome and category, the effect at months 12, 24 and 36 per category, balance,
support and minimum detectable effects, with a plain-Dutch explanation.
"""

from __future__ import annotations

import csv
from pathlib import Path

from matplotlib.figure import Figure

from .charts import Chart, _png
from .tables import Column, Table

OUTCOMES = {"werknemer": "werkend", "ww": "WW-uitkering", "uitkering": "een uitkering"}
MONTHS = (12, 24, 36)
DOWNLOADS = ("effects.csv", "balance.csv", "support.csv", "mde.csv", "effects.xlsx")
EXPLANATION = (
    "Een netto-effect is het verschil tussen wat er met deelnemers gebeurde en wat er zonder het plan met hen "
    "gebeurd zou zijn. Dat laatste is niet waar te nemen; het wordt geschat met vergelijkbare niet-deelnemers uit "
    "hetzelfde register: dezelfde leeftijdsklasse, dezelfde positie in de maand vóór het startkwartaal (werk, WW, "
    "andere uitkering, geen) en evenveel maanden werk in het jaar daarvoor. Een effect van 5 procentpunt op "
    "'werkend' in maand 24 betekent: twee jaar na de start werkt 5 van elke 100 deelnemers méér dan zonder het plan "
    "verwacht. Het interval geeft de onzekerheid (95%).",
    "De maanden vóór de start horen een effect rond nul te tonen; ligt het daar niet, dan verschilden deelnemers "
    "en vergelijkingsgroep al vóór de start en zijn de effecten erna niet te vertrouwen.",
    "Wat de cijfers niet kunnen laten zien: verschillen in kenmerken die niet in de registers staan (motivatie, "
    "gezondheid, dreigend ontslag, de reden om mee te doen). Die kan de matching niet zien, en ze kunnen het effect "
    "groter of kleiner doen lijken. De uitkomst hangt ook af van de kwaliteit van de vergelijkingsgroep: een "
    "steekproef die niet uit hetzelfde register komt of deelnemers van andere regelingen bevat, vertekent. "
    "De tweede methode (gespreide verschil-in-verschillen) vergelijkt deelnemers met deelnemers die later "
    "begonnen; waar de twee methoden uiteenlopen, is dat een teken dat één van de aannames niet opgaat.",
    "Schattingen met minder dan 10 deelnemers of 10 vergelijkingspersonen zijn niet gepubliceerd (–).",
)


def _read(directory: Path, name: str) -> list[dict]:
    path = directory / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def _ppt(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:+.1f}".replace(".", ",")


def _effect_text(row: dict | None) -> str | None:
    if row is None or row["att"] == "":
        return None
    return f"{_ppt(_num(row['att']))} [{_ppt(_num(row['ci_low']))}; {_ppt(_num(row['ci_high']))}]"


def _chart(chart_id: str, outcome: str, series: dict[str, list[dict]]) -> Chart:
    fig = Figure(figsize=(8, 3.6), dpi=96)
    ax = fig.add_subplot(1, 1, 1)
    palette = ("#154273", "#d52b1e", "#39870c", "#e17000", "#42145f", "#8fcae7", "#ca005d", "#ffb612", "#76d2b6",
               "#777777", "#01689b")
    for i, (label, rows) in enumerate(series.items()):
        rows = [r for r in rows if r["att"] != ""]
        if not rows:
            continue
        months = [int(r["event_month"]) for r in rows]
        colour = palette[i % len(palette)]
        ax.plot(months, [float(r["att"]) * 100 for r in rows], color=colour, linewidth=1.5, label=label)
        ax.fill_between(months, [float(r["ci_low"]) * 100 for r in rows], [float(r["ci_high"]) * 100 for r in rows],
                        color=colour, alpha=0.15, linewidth=0)
    ax.axhline(0, color="#444", linewidth=0.8)
    ax.axvline(0, color="#888", linewidth=0.8, linestyle="--")
    ax.set_xlabel("maanden na de maand vóór het startkwartaal")
    ax.set_ylabel("effect (procentpunt)")
    ax.legend(fontsize=7, ncol=3)
    title = f"Netto-effect op {OUTCOMES[outcome]}, per thema (gematchte verschil-in-verschillen)"
    alt = (f"Lijngrafiek: geschat effect op {OUTCOMES[outcome]} per maand rond de start, per thema, met "
           f"95%-intervallen als band; de waarden staan in tabel {chart_id.replace('N', 'N.')} en in effects.csv.")
    return Chart(chart_id, title, alt, _png_of(fig))


def _png_of(fig: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    return _png(fig)


def net_effect_tables(directory: Path, labels: dict[str, str] | None = None) -> tuple[list[Table], list[Chart]]:
    """Tables and charts of the section, or nothing when the folder has no effects.csv."""
    labels = labels or {}
    effects = [r for r in _read(directory, "effects.csv") if r["method"] == "matched_did"]
    if not effects:
        return [], []
    by_key = {(r["outcome"], r["dimension"], r["group"], int(r["event_month"])): r for r in effects}
    categories = sorted({(r["dimension"], r["group"]) for r in effects if r["dimension"] == "category"})
    groups = [("total", "total"), *categories]
    tables, charts = [], []
    for i, outcome in enumerate(OUTCOMES, start=1):
        rows = []
        for dim, group in groups:
            first = by_key.get((outcome, dim, group, MONTHS[0]))
            n = int(first["n_treated"]) if first and first["n_treated"] else None
            rows.append(("Totaal" if dim == "total" else labels.get(group, group), n,
                         *(_effect_text(by_key.get((outcome, dim, group, m))) for m in MONTHS)))
        tables.append(Table(f"N.{i}", f"Netto-effect op {OUTCOMES[outcome]} (procentpunt, 95%-interval)",
                            (Column("Thema", "text"), Column("Deelnemers in de schatting", "int"),
                             *(Column(f"maand {m}", "text") for m in MONTHS)), tuple(rows),
                            ("Gematchte verschil-in-verschillen met de vergelijkingsgroep; – = onderdrukt.",)))
        series = {labels.get(g, g): [by_key[k] for k in sorted(by_key) if k[:3] == (outcome, "category", g)]
                  for _, g in groups[1:]}
        charts.append(_chart(f"N{i}", outcome, series))
    balance = _read(directory, "balance.csv")
    tables.append(Table("N.4", "Balans van de matchingkenmerken (aandelen)", (
        Column("Kenmerk", "text"), Column("Deelnemers", "pct"), Column("Vergelijkingsgroep vóór matching", "pct"),
        Column("Na matching", "pct"), Column("Gestandaardiseerd verschil vóór", "text"),
        Column("Na", "text")), tuple((f"{r['covariate']}: {r['level']}", _num(r["share_treated"]),
                                      _num(r["share_comparison_raw"]), _num(r["share_comparison_matched"]),
                                      r["smd_raw"] or None, r["smd_matched"] or None) for r in balance),
        ("Na matching is het verschil nul: deelnemers worden alleen vergeleken met personen in dezelfde cel.",)))
    support = _read(directory, "support.csv")
    tables.append(Table("N.5", "Dekking: deelnemers met en zonder vergelijkingspersonen", (
        Column("Groep", "text"), Column("Deelnemers", "int"), Column("Gematcht", "int"), Column("Weggelaten", "int")),
        tuple(("Totaal" if r["dimension"] == "total" else f"{r['dimension']}: {labels.get(r['group'], r['group'])}",
               _int(r["treated"]), _int(r["matched"]), _int(r["left_out"])) for r in support),
        ("Weggelaten: deelnemers zonder vergelijkingspersoon in hun cel en cohort.",)))
    mde = [r for r in _read(directory, "mde.csv") if r["dimension"] in ("total", "category")]
    tables.append(Table("N.6", "Kleinste aantoonbare effect in maand 24 (80% onderscheidend vermogen, 5%)", (
        Column("Groep", "text"), Column("Uitkomst", "text"), Column("Kleinste aantoonbare effect", "text")),
        tuple(("Totaal" if r["dimension"] == "total" else labels.get(r["group"], r["group"]), OUTCOMES[r["outcome"]],
               _ppt(_num(r["mde"])).lstrip("+") + " ppt" if r["mde"] else None) for r in mde),
        ("Kleinere effecten kan deze schatting niet van nul onderscheiden.",)))
    return tables, charts


def _int(text: str) -> int | None:
    return int(text) if text not in ("", None) else None
