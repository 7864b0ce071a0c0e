"""Charts comparing scenarios (matplotlib, Agg): PNG bytes with a title and a text alternative.

Every chart has its figures in a table next to it on the page; the alt text says what it shows."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from sectorplannen.common.money import format_decimal  # noqa: E402

from .compare import Comparison  # noqa: E402
from .labels import run_title  # noqa: E402

BASE, SCENARIO, GAIN, LOSS = "#9fb8d8", "#154273", "#39870c", "#d52b1e"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    alt: str
    png: bytes

    @property
    def src(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _millions(value: float) -> str:
    return _("€ %(amount)s mln") % {"amount": format_decimal(value / 1_000_000, 1)}


def difference_distribution(c: Comparison, chart_id: str) -> Chart:
    """How many plans gain or lose how much (histogram of the differences in euros)."""
    diffs = [float(p.difference_eur) for p in c.plans]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(diffs, bins=20, color=SCENARIO)
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _millions(v)))
    ax.set_xlabel(_("Verschil in vastgestelde subsidie per plan"))
    ax.set_ylabel(_("Aantal plannen"))
    ax.spines[["top", "right"]].set_visible(False)
    title = _("Verdeling van de verschillen: %(scenario)s") % {"scenario": run_title(c.label, c.title, c.assumption)}
    alt = _("%(gain)s plannen krijgen meer, %(loss)s minder, %(same)s evenveel als in %(against)s.") % {
        "gain": c.gainers, "loss": c.losers, "same": len(c.plans) - c.gainers - c.losers,
        "against": run_title(c.against, c.against_title, False)}
    return Chart(chart_id, title, alt, _png(fig))


def most_affected(c: Comparison, chart_id: str, n: int = 20) -> Chart:
    plans = list(reversed(c.most_affected(n)))
    fig, ax = plt.subplots(figsize=(6, max(2.0, 0.28 * len(plans) + 0.8)))
    values = [float(p.difference_eur) for p in plans]
    ax.barh([p.name for p in plans], values, color=[GAIN if v > 0 else LOSS for v in values])
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _millions(v)))
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    title = _("De %(n)s plannen met het grootste verschil: %(scenario)s") % {
        "n": len(plans), "scenario": run_title(c.label, c.title, c.assumption)}
    top = plans[-1] if plans else None
    alt = _("Geen plannen.")
    if top:
        alt = _("Grootste verschil: %(plan)s, %(amount)s.") % {
            "plan": top.name, "amount": _millions(float(top.difference_eur))}
    return Chart(chart_id, title, alt, _png(fig))


def totals_by_tranche(comparisons: list[Comparison], chart_id: str) -> Chart:
    """Total determined subsidy per tranche: the reference, then each scenario, with the ceiling as a line."""
    tranches = [row.tranche for row in comparisons[0].ceilings]
    first = comparisons[0]
    series = [(run_title(first.against, first.against_title, False), [float(r.reference_eur) for r in first.ceilings])]
    series += [(run_title(c.label, c.title, c.assumption), [float(r.scenario_eur) for r in c.ceilings])
               for c in comparisons]
    fig, ax = plt.subplots(figsize=(6, 3))
    width = 0.8 / len(series)
    palette = [BASE, SCENARIO, "#e17000", "#39870c", "#a90061", "#007bc7", "#673327", "#8fcae7", "#ffb612", "#76d2b6"]
    for i, (name, values) in enumerate(series):
        ax.bar([t + i * width for t in range(len(tranches))], values, width, label=name,
               color=palette[i % len(palette)])
    for t, row in enumerate(comparisons[0].ceilings):
        if row.ceiling_eur is not None:
            ax.hlines(float(row.ceiling_eur), t - width / 2, t + 0.8 - width / 2, colors="#333", linestyles="dashed")
    ax.set_xticks([t + 0.4 - width / 2 for t in range(len(tranches))],
                  [_("Tranche %(t)s") % {"t": t} for t in tranches])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _millions(v)))
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.spines[["top", "right"]].set_visible(False)
    title = _("Vastgestelde subsidie per tranche (stippellijn: budgetplafond)")
    alt = "; ".join(f"{name}: " + ", ".join(f"{_('tranche')} {t} {_millions(v)}" for t, v in zip(tranches, values,
                                                                                                 strict=True))
                    for name, values in series)
    return Chart(chart_id, title, alt, _png(fig))
