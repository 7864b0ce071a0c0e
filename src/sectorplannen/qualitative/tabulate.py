"""The tabulation engine: each tabulation of §3(c) computed from the answers of the frame.

Pure functions on ``PlanRecord``s. A tabulation counts *units* (measures, plans, project leaders or
mentions) in a population (tranche group, themes, plan kind, sector cluster, an earlier answer);
n is the number of units in the population that answered the question, so a question asked only
where it applies (a reason for shortfall) has the denominator the evaluation used. Cells with fewer
than ``min_n`` respondents are suppressed; the evaluator's page and the report never name a plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .checks import is_blank
from .frame import MeasureRecord, PlanRecord
from .specs import TabulationSpec

GROUPINGS = ("tranche", "theme", "kind", "cluster")


@dataclass(frozen=True)
class Cell:
    group: str
    k: int
    n: int
    suppressed: bool

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.k, self.n) if self.n else None


@dataclass(frozen=True)
class Result:
    spec: TabulationSpec
    k: int
    n: int
    ranking: tuple[tuple[str, int], ...]
    groups: tuple[Cell, ...]
    suppressed: bool

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.k, self.n) if self.n else None

    @property
    def value(self):
        if self.spec.stat == "rank":
            return tuple(code for code, _ in self.ranking)
        return self.k if self.spec.stat == "count" else self.share

    def meets_published(self) -> bool | None:
        """Whether the computed value lies within the published value's band (None: nothing printed)."""
        e = self.spec.expect
        if "n" in e and self.n != e["n"]:
            return False
        if "band" in e:
            lo, hi = e["band"]
            return self.share is not None and Fraction(str(lo)) <= self.share <= Fraction(str(hi))
        if "count" in e:
            return self.k == e["count"]
        if "min" in e:
            return self.k >= e["min"]
        if "top" in e:
            top = self.ranking[: len(e["top"])]
            rest = self.ranking[len(e["top"]):]
            return ({c for c, _ in top} == set(e["top"])
                    and (not rest or min(n for _, n in top) > rest[0][1]))
        return None


def matches(value, codes: Iterable) -> bool:
    codes = set(codes)
    if isinstance(value, list):
        return any(v in codes for v in value)
    return value in codes


def _among(answers_of, among: dict) -> bool:
    return all(matches(answers_of(item), codes) for item, codes in among.items())


def in_population(spec: TabulationSpec, plan: PlanRecord) -> bool:
    return ((spec.tranche == "all" or plan.tranche_group == spec.tranche)
            and (spec.kind is None or plan.kind == spec.kind)
            and (spec.cluster is None or plan.cluster == spec.cluster))


def eligible_measures(spec: TabulationSpec, plan: PlanRecord) -> list[MeasureRecord]:
    return [m for m in plan.measures if (not spec.themes or m.theme in spec.themes)
            and _among(m.value, spec.among)]


def observations(spec: TabulationSpec, plans: Iterable[PlanRecord]) -> list[tuple[PlanRecord, str | None, list]]:
    """(plan, theme, answered values) per unit of the tabulation, in the population."""
    out = []
    for plan in plans:
        if not in_population(spec, plan):
            continue
        if not spec.is_measure_item:
            if spec.among and not _among(plan.answers.get, spec.among):
                continue
            value = plan.answers.get(spec.item)
            if not is_blank(value):
                out.append((plan, None, [value]))
            continue
        answered = [m for m in eligible_measures(spec, plan) if not is_blank(m.value(spec.item))]
        if spec.unit == "measures" or (spec.unit == "mentions" and spec.stat == "rank"):
            out += [(plan, m.theme, [m.value(spec.item)]) for m in answered]
        elif answered:
            out.append((plan, None, [m.value(spec.item) for m in answered]))
    return out


def _hit(spec: TabulationSpec, values: list) -> bool:
    combine = all if spec.aggregate == "all" else any
    return combine(matches(v, spec.codes) for v in values)


def _group_key(grouping: str, plan: PlanRecord, theme: str | None) -> str:
    if grouping == "theme":
        return theme or "–"
    return {"tranche": plan.tranche_group, "kind": plan.kind, "cluster": plan.cluster}[grouping]


def tabulate(spec: TabulationSpec, plans: Iterable[PlanRecord], *, by: str | None = None,
             min_n: int = 5) -> Result:
    obs = observations(spec, plans)
    ranking: tuple[tuple[str, int], ...] = ()
    if spec.stat == "rank":
        counts: Counter = Counter()
        for _, _, values in obs:
            for value in values:
                counts.update(value if isinstance(value, list) else [value])
        ranking = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    k = sum(1 for _, _, values in obs if _hit(spec, values))
    groups: list[Cell] = []
    grouping = by or spec.by
    if grouping:
        tally: dict[str, list[int]] = {}
        for plan, theme, values in obs:
            cell = tally.setdefault(_group_key(grouping, plan, theme), [0, 0])
            cell[0] += _hit(spec, values)
            cell[1] += 1
        groups = [Cell(g, kk, nn, nn < min_n) for g, (kk, nn) in sorted(tally.items())]
    return Result(spec, k, len(obs), ranking, tuple(groups), len(obs) < min_n)


def tabulate_all(specs: Iterable[TabulationSpec], plans: list[PlanRecord], *, min_n: int = 5) -> list[Result]:
    return [tabulate(s, plans, min_n=min_n) for s in specs]
