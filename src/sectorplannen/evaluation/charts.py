"""Charts of the report: 100 % stacked bars like the evaluation's, drawn only from published cells.

Matplotlib's object interface (no pyplot, no global backend state), output as SVG with real text
(half the time of a PNG, and sharp at any size) that the report embeds as an image with alt text.
A suppressed cell has no known size, so a bar shows its published parts and one hatched grey part
"onderdrukt" for the rest (the rest is the sum of the suppressed cells, which follows from the
published figures anyway); a group whose size is not published is one hatched bar without its size.
Group sizes are in the labels.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
import numpy as np
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch

PALETTE = ("#01689b", "#42145f", "#e17000", "#39870c", "#ca005d", "#8fcae7", "#ffb612", "#76d2b6")
SUPPRESSED_COLOUR = "#d9d9d9"
SUPPRESSED_HATCH = "///"


def fmt_int(value: int) -> str:
    """Dutch thousands separator: 130354 -> '130.354'."""
    return f"{value:,}".replace(",", ".")


def fmt_pct(share: float, decimals: int = 0) -> str:
    """Dutch percentage: 0.1234 -> '12%' (or '12,3%' with one decimal)."""
    return f"{share * 100:.{decimals}f}".replace(".", ",") + "%"


@dataclass
class Bar:
    """One bar: a label, the group size when it may be shown, and the published share per outcome."""

    label: str
    total: int | None
    shares: list[float | None]  # None = suppressed

    @property
    def axis_label(self) -> str:
        return f"{self.label} (n = {fmt_int(self.total)})" if self.total is not None else f"{self.label} (n onderdrukt)"


def stacked_bars(title: str, outcomes: Sequence[str], panels: Sequence[tuple[str, Sequence[Bar]]]) -> bytes:
    """Horizontal 100 % stacked bars, one panel per (subtitle, bars); returns SVG bytes."""
    rows = max((len(bars) for _, bars in panels), default=1)
    legend_rows = (len(outcomes) + 1 + 2) // 3
    height = 1.0 + 0.34 * rows + 0.25 * legend_rows + (0.25 if any(t for t, _ in panels) else 0)
    fig = Figure(figsize=(10, height), dpi=96)
    FigureCanvasSVG(fig)
    label_chars = max((len(b.axis_label) for _, bars in panels for b in bars), default=10)
    left = min(0.45, (0.065 * label_chars + 0.2) / 10)
    bottom = (0.3 + 0.25 * legend_rows) / height
    top = 1 - 0.45 / height
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    fig.subplots_adjust(left=left, right=0.98, bottom=bottom, top=top, wspace=left * 2.2 if len(panels) > 1 else 0.2)
    any_suppressed = False
    for ax, (subtitle, bars) in zip(axes, panels, strict=True):
        ys = np.arange(len(bars))[::-1]
        lefts = np.zeros(len(bars))
        for i in range(len(outcomes)):
            widths = np.array([b.shares[i] or 0.0 for b in bars])
            if widths.any():
                ax.barh(ys, widths, left=lefts, color=PALETTE[i % len(PALETTE)], edgecolor="white", height=0.7)
                for y, x, w in zip(ys, lefts, widths, strict=True):
                    if w >= 0.06:
                        ax.text(x + w / 2, y, fmt_pct(w), ha="center", va="center", fontsize=8,
                                color="white" if i in (0, 1, 3, 4) else "black")
            lefts += widths
        hidden = np.array([any(s is None for s in b.shares) for b in bars])
        rest = np.where(hidden, 1.0 - lefts, 0.0)
        rest[rest < 1e-9] = 0.0
        if rest.any():
            any_suppressed = True
            ax.barh(ys, rest, left=lefts, color=SUPPRESSED_COLOUR, hatch=SUPPRESSED_HATCH, edgecolor="#7f7f7f",
                    height=0.7, linewidth=0.5)
        ax.set_yticks(ys, [b.axis_label for b in bars], fontsize=8)
        ax.set_ylim(-0.6, len(bars) - 0.4)
        ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"], fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        if subtitle:
            ax.set_title(subtitle, fontsize=9)
    handles = [Patch(color=PALETTE[i % len(PALETTE)], label=o) for i, o in enumerate(outcomes)]
    if any_suppressed:
        handles.append(Patch(facecolor=SUPPRESSED_COLOUR, hatch=SUPPRESSED_HATCH, edgecolor="#7f7f7f",
                             label="onderdrukt (kleine aantallen)"))
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=min(3, len(handles)),
               fontsize=8, frameon=False)
    fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "sectorplannen"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})  # the same file for the same figures
    return buffer.getvalue()
