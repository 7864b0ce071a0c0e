"""Charts for the realisation report: PNG bytes plus a title and alt text (matplotlib, Agg)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .facts import PlanFacts  # noqa: E402
from .numbers import nl_eur, nl_int, nl_pct  # noqa: E402
from .tables import Settings, Table, plan_realisation  # noqa: E402

PLANNED, REALISED, ACCENT = "#9fb8d8", "#154273", "#d52b1e"  # Rijkshuisstijl-like blue tones, red line


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    alt: str
    png: bytes


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _int_axis(ax, axis="y"):
    fmt = FuncFormatter(lambda v, _: nl_int(v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def _millions_axis(ax, axis="y"):
    fmt = FuncFormatter(lambda v, _: f"€ {nl_int(v / 1_000_000)} mln")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def planned_vs_realised(table: Table, *, money: bool, chart_id: str) -> Chart:
    rows = [r for r in table.rows if r[0] != "Totaal"]
    labels = [r[0] for r in rows]
    planned, realised = [float(r[2 if not money else 1]) for r in rows], [float(r[3 if not money else 2]) for r in rows]
    fig, ax = plt.subplots(figsize=(8, 4))
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], planned, width=0.4, label="Gepland (laatste beschikking)", color=PLANNED)
    ax.bar([i + 0.2 for i in x], realised, width=0.4, label="Gerealiseerd", color=REALISED)
    ax.set_xticks(list(x), labels, rotation=20, ha="right")
    what = "Budget" if money else "Deelnemers"
    ax.set_ylabel(what + (" (totale kosten)" if money else " (aantal)"))
    (_millions_axis if money else _int_axis)(ax)
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    title = f"{what} per thema: gepland en gerealiseerd"
    ax.set_title(title, loc="left")
    fmt = nl_eur if money else nl_int
    pairs = zip(labels, planned, realised, strict=True)
    alt = f"Staafdiagram. {title}. " + "; ".join(
        f"{label}: gepland {fmt(p)}, gerealiseerd {fmt(r)}" for label, p, r in pairs
    ) + "."
    return Chart(chart_id, title, alt, _png(fig))


def largest_plans(plans: list[PlanFacts], *, money: bool, chart_id: str, top: int = 10) -> Chart:
    def size(p: PlanFacts):
        if money:
            return sum((m.realised_costs_eur or m.planned_costs_eur for m in p.measures), Decimal(0))
        return sum((m.realised_participants if m.realised_participants is not None else m.planned_participants) or 0
                   for m in p.measures)
    ranked = sorted(plans, key=size, reverse=True)[:top][::-1]
    values = [float(size(p)) for p in ranked]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.barh([p.name for p in ranked], values, color=REALISED)
    (_millions_axis if money else _int_axis)(ax, "x")
    what = "budget" if money else "deelnemers"
    title = f"De {top} grootste plannen naar {what}"
    ax.set_title(title, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    fmt = nl_eur if money else nl_int
    alt = f"Liggend staafdiagram. {title} (gerealiseerd, anders gepland): " + "; ".join(
        f"{p.name} {fmt(v)}" for p, v in zip(ranked[::-1], values[::-1], strict=True)) + "."
    return Chart(chart_id, title, alt, _png(fig))


def realisation_histogram(plans: list[PlanFacts], s: Settings, chart_id: str = "realisatie") -> Chart:
    rates = [float(r) * 100 for r, _ in (plan_realisation(p) for p in plans if p.declared) if r is not None]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.hist(rates, bins=range(0, 161, 10), color=REALISED, edgecolor="white")
    target = float(s.target_reached_ratio) * 100
    ax.axvline(target, color=ACCENT, linestyle="--", label=f"doel bereikt ({nl_int(target)} %)")
    ax.set_xlabel("Realisatie deelnemers t.o.v. laatste beschikking (%)")
    ax.set_ylabel("Aantal plannen")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    title = "Verdeling van de realisatiegraad van plannen"
    ax.set_title(title, loc="left")
    reached = sum(1 for r in rates if r >= target)
    alt = (f"Histogram. {title}: {len(rates)} plannen met een deelnemersdoel, {reached} daarvan "
           f"({nl_pct(Decimal(reached) / Decimal(len(rates)) if rates else None)}) realiseerden "
           f"{nl_int(target)} % of meer.")
    return Chart(chart_id, title, alt, _png(fig))


def youth_shares(table: Table, s: Settings, chart_id: str = "jongeren") -> Chart | None:
    rows = [r for r in table.rows if r[0] != "Totaal" and r[3] is not None]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(8, 4))
    x = range(len(rows))
    ax.bar([i - 0.27 for i in x], [float(r[3]) * 100 for r in rows], width=0.27, label="deelnemers", color=PLANNED)
    ax.bar(list(x), [float(r[4] or 0) * 100 for r in rows], width=0.27, label="budget", color=REALISED)
    ax.bar([i + 0.27 for i in x], [float(r[5] or 0) * 100 for r in rows], width=0.27, label="overheidsbijdrage",
           color="#6f8fb5")
    target = float(s.youth_target_share) * 100
    ax.axhline(target, color=ACCENT, linestyle="--", label=f"doel {nl_int(target)} %")
    ax.set_xticks(list(x), [r[0] for r in rows], rotation=20, ha="right")
    ax.set_ylabel("Aandeel jongeren (%)")
    ax.legend(frameon=False, ncols=4)
    ax.spines[["top", "right"]].set_visible(False)
    title = "Aandeel jongeren per thema"
    ax.set_title(title, loc="left")
    alt = f"Staafdiagram. {title} (doel {nl_int(target)} %): " + "; ".join(
        f"{r[0]}: deelnemers {nl_pct(r[3])}, budget {nl_pct(r[4])}, overheidsbijdrage {nl_pct(r[5])}" for r in rows
    ) + "."
    return Chart(chart_id, title, alt, _png(fig))


def all_charts(plans: list[PlanFacts], tables: dict[str, Table], s: Settings) -> list[Chart]:
    charts = [
        planned_vs_realised(tables["M.3"], money=False, chart_id="deelnemers-per-thema"),
        planned_vs_realised(tables["M.4"], money=True, chart_id="budget-per-thema"),
        largest_plans(plans, money=False, chart_id="grootste-deelnemers"),
        largest_plans(plans, money=True, chart_id="grootste-budget"),
        realisation_histogram(plans, s),
    ]
    youth = youth_shares(tables["M.6"], s)
    return charts + ([youth] if youth else [])
