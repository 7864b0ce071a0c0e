"""The tabulations of docs qualitative.md §3(c) as data (``data/tabulations.json``, source noted)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from .frame import DATA

UNITS = ("measures", "plans", "pls", "mentions")


@dataclass(frozen=True)
class TabulationSpec:
    id: str
    title_nl: str
    title_en: str
    item: str
    codes: tuple
    unit: str
    tranche: str = "all"  # "T1/2", "T3" or "all"
    themes: tuple[str, ...] = ()
    kind: str | None = None
    cluster: str | None = None
    among: dict = field(default_factory=dict)
    aggregate: str = "any"  # a plan counts when any (or all) of its measures answered so
    stat: str = "share"  # "share", "count" or "rank"
    by: str | None = None
    printed: str = ""
    expect: dict = field(default_factory=dict)
    lines: str = ""

    @property
    def is_measure_item(self) -> bool:
        return self.item.startswith("B") or self.item.startswith("_")

    def title(self, language: str = "nl", label: str = "") -> str:
        text = self.title_en if language == "en" else self.title_nl
        return text.replace("{label}", label)


def _spec(raw: dict) -> TabulationSpec:
    pop = raw.get("pop", {})
    if raw["unit"] not in UNITS:
        raise ValueError(f"{raw['id']}: unknown unit {raw['unit']!r}")
    return TabulationSpec(
        id=raw["id"], title_nl=raw["title"][0], title_en=raw["title"][1], item=raw["item"],
        codes=tuple(raw["codes"]), unit=raw["unit"], tranche=pop.get("t", "all"), themes=tuple(pop.get("themes", ())),
        kind=pop.get("kind"), cluster=pop.get("cluster"), among=dict(pop.get("among", {})),
        aggregate=pop.get("agg", "any"), stat=raw.get("stat", "share"), by=raw.get("by"),
        printed=raw.get("printed", ""), expect=dict(raw.get("expect", {})), lines=raw.get("lines", ""),
    )


@cache
def published_specs() -> tuple[TabulationSpec, ...]:
    raw = json.loads((DATA / "tabulations.json").read_text(encoding="utf-8"))
    return tuple(_spec(r) for r in raw["tabulations"])


def source_note() -> str:
    return json.loads((DATA / "tabulations.json").read_text(encoding="utf-8"))["source"]
