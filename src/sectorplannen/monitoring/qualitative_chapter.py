"""The report's chapter on the final reports: every tabulation of the evaluation's qualitative half
(T-01…T-70) beside its published value, the goals beside their indicators, and one chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sectorplannen.qualitative.goals import goal_rows  # noqa: E402
from sectorplannen.qualitative.present import THEMES, min_respondents, rows  # noqa: E402
from sectorplannen.qualitative.reports import current_codebook  # noqa: E402
from sectorplannen.qualitative.specs import published_specs, source_note  # noqa: E402
from sectorplannen.qualitative.store import load_frame  # noqa: E402
from sectorplannen.qualitative.tabulate import tabulate  # noqa: E402

from .charts import ACCENT, REALISED, Chart, _png  # noqa: E402
from .report import Section  # noqa: E402
from .tables import Column, Table  # noqa: E402


def _bands_chart(frame) -> Chart:
    """Computed share (dot) against the published band (line) of the per-measure tabulations."""
    specs = [s for s in published_specs() if "band" in s.expect and s.item.startswith("B")]
    results = [(s, tabulate(s, frame, min_n=min_respondents())) for s in specs]
    results = [(s, r) for s, r in results if not r.suppressed]
    fig, ax = plt.subplots(figsize=(7.5, 0.22 * len(results) + 1))
    for i, (s, r) in enumerate(results):
        lo, hi = s.expect["band"]
        ax.plot([lo * 100, hi * 100], [i, i], color=REALISED, linewidth=4, alpha=0.35, solid_capstyle="butt")
        ax.plot([float(r.share) * 100], [i], "o", color=ACCENT, markersize=4)
    ax.set_yticks(range(len(results)), [s.id for s, _ in results], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("aandeel (%)")
    ax.grid(axis="x", alpha=0.3)
    return Chart("eindrapportages-banden", "Eindrapportages: berekend aandeel en gepubliceerde band",
                 "Per tabel over maatregelen een punt voor het berekende aandeel en een lijn voor de band van de "
                 "gepubliceerde waarde; alle punten liggen binnen of naast hun band, zie de tabel K.1 voor de cijfers.",
                 _png(fig))


def qualitative_section() -> Section | None:
    frame = load_frame()
    if not frame:
        return None
    book = current_codebook().codebook
    table = rows(frame, book, by=None, language="nl")
    k1 = Table("K.1", "Eindrapportages: de tabellen van de evaluatie, berekend uit de antwoorden", (
        Column("Tabel", "text"), Column("Omschrijving", "text"), Column("Populatie", "text"),
        Column("Eenheid", "text"), Column("Gepubliceerd", "text"), Column("Berekend", "text"), Column("n", "int"),
        Column("Binnen de band", "text"),
    ), tuple((r.id, r.title, r.population, r.unit, r.printed, r.computed, r.n,
              "–" if r.meets is None else ("ja" if r.meets else "nee")) for r in table),
        (f"Cellen met minder dan {min_respondents()} respondenten zijn onderdrukt (–); geen tabel noemt een plan.",
         source_note()))
    k2 = Table("K.2", "Doelen per thema en de indicatoren die ze toetsen", (
        Column("Thema", "text"), Column("Doel", "text"), Column("Indicatoren (tabel: uitkomst)", "text")),
        tuple((THEMES[g.theme][0], g.goal_label, "; ".join(f"{t}: {o}" for t, o in g.indicators) or "–")
              for g in goal_rows(book)))
    synthetic = sum(1 for p in frame if p.synthetic)
    notes = (f"Demogegevens: {synthetic} van de {len(frame)} eindrapportages zijn synthetisch, zo getrokken dat de "
             "gepubliceerde aandelen worden benaderd; het zijn geen echte antwoorden.",) if synthetic else ()
    return Section("Eindrapportages van de projectleiders",
                   f"Uit {len(frame)} ingediende eindrapportages: wat de projectleiders over uitvoering, succes- en "
                   "faalfactoren, samenwerking en de regeling rapporteerden, geteld zoals de evaluatie telde.",
                   (k1, k2), (_bands_chart(frame),), notes)
