"""Filters of the realisation dashboard: tranche, plan kind, sector and theme (pure functions).

A filter narrows the plans (and, for a theme, their measures) the tables are computed from. The
documented tranche totals (initial ambition, the tranche total of table 3.3) describe whole tranches,
so they apply only while no plan kind, sector or theme is chosen; a plan's published contribution
describes the whole plan, so it is dropped when a theme narrows the plan to part of its measures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from .facts import DocumentedTotal, PlanFacts
from .published import tranche_group

TRANCHE_CHOICES = (("1-2", "Tranche 1 en 2"), ("3", "Tranche 3"))
KIND_CHOICES = (("sectoral", "sectoraal"), ("regional", "regionaal"))


@dataclass(frozen=True)
class Filters:
    tranche: str = ""
    kind: str = ""
    sector: str = ""
    theme: str = ""

    @property
    def narrows_plans(self) -> bool:
        return bool(self.kind or self.sector or self.theme)

    def query(self) -> str:
        return urlencode({k: v for k, v in self.__dict__.items() if v})

    def key(self) -> str:
        return "|".join((self.tranche, self.kind, self.sector, self.theme))


def options(plans: list[PlanFacts]) -> dict[str, list[str]]:
    """The sectors and themes (category codes) that occur, for the filter form."""
    return {
        "sector": sorted({s for p in plans for s in p.sectors}, key=str.casefold),
        "theme": list(dict.fromkeys(m.category for p in plans for m in p.measures)),
    }


def apply(plans: list[PlanFacts], totals: list[DocumentedTotal], f: Filters
          ) -> tuple[list[PlanFacts], list[DocumentedTotal]]:
    out = []
    for p in plans:
        if f.tranche and tranche_group(p) != f.tranche:
            continue
        if (f.kind and p.kind != f.kind) or (f.sector and f.sector not in p.sectors):
            continue
        if f.theme:
            measures = tuple(m for m in p.measures if m.category == f.theme)
            if not measures:
                continue
            p = replace(p, measures=measures, published=())
        out.append(p)
    kept_totals = [] if f.narrows_plans else [t for t in totals if not f.tranche or t.tranche == f.tranche]
    return out, kept_totals
