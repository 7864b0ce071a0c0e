"""Synthetic final reports for the demo, drawn so that the published shares are reproduced.

Every answer is drawn at random, but under the constraints the published tabulations set: for each
tabulation with a printed value, the units of its population are split into those that must have
one of its codes and those that must not, with the count at the printed value (or the middle of its
band). Constraints are kept as *domains* (the codes a unit may still get), so a narrow population
(regional plans: almost all "zeer eens") and a wide one (all T1/2 plans: 60 % agree) can both hold.
What no tabulation constrains follows ``PROFILE`` (plausible weights, not published). The answers
are marked synthetic wherever they are stored or shown.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from .checks import Context, asked
from .codebook import Codebook, Question
from .frame import PlanRecord
from .specs import TabulationSpec
from .tabulate import in_population, matches

MULTI_RATE = 0.12
PROFILE: dict[str, dict[str, float]] = {
    "B1": {"as_planned": 3, "changed": 1.6, "stopped": 0.3},
    "B2": {"stopped_low_numbers": 0.5, "raised_numbers": 0.45},
    "B5": {"fit": 0.5, "approach": 0.45, "information": 0.05},
    "B6": {"employer_interest": 0.3, "employee_interest": 0.3},
    "B7": {"not": 1, "later": 1, "lesser": 2, "same": 0.4, "dont_know": 0.2},
    "B8": {"all": 1, "part": 3, "none": 0.8, "unknown": 0.3},
    "C6": {"very_good": 1, "good": 2, "sufficient": 0.2}, "C7": {"very_good": 1, "good": 2},
    "C8": {"very_good": 1, "good": 2}, "C14": {"yes": 9, "no": 1}, "C15": {"no": 9, "yes": 0.5},
    "C13": {"yes": 8, "partly": 1, "unknown": 0.5},
}


@dataclass
class Slot:
    answers: dict
    plan: PlanRecord
    theme: str | None
    codes: tuple[str, ...]
    domain: set = field(default_factory=set)  # single: codes still allowed
    state: dict = field(default_factory=dict)  # multi: code -> True / False / None (free)
    skip: bool = False


def _slots(book: Codebook, q: Question, plans: list[PlanRecord]) -> list[Slot]:
    out = []
    for plan in plans:
        owners = ([(m.answers, m.theme, m.below_plan) for m in plan.measures] if q.level == "measure"
                  else [(plan.answers, None, None)])
        for answers, theme, below in owners:
            if not asked(q, answers, Context(plan.tranche_group, theme, below)):
                continue
            answer_list = book.answer_list(q, theme)
            if answer_list is None:
                continue
            codes = answer_list.codes
            out.append(Slot(answers, plan, theme, codes, set(codes), dict.fromkeys(codes)))
    return out


class _Item:
    def __init__(self, q: Question, slots: list[Slot], rng: random.Random):
        self.q, self.slots, self.rng, self.multi = q, slots, rng, q.kind == "multi"

    def status(self, slot: Slot, codes: set) -> str:
        if self.multi:
            if any(slot.state.get(c) for c in codes):
                return "in"
            free = [c for c in codes if c in slot.state and slot.state[c] is None and self._may_add(slot, c)]
            return "open" if free else "out"
        if slot.domain and slot.domain <= codes:
            return "in"
        return "open" if slot.domain & codes else "out"

    def _may_add(self, slot: Slot, code: str) -> bool:
        ex = self.q.exclusive
        if ex and code != ex and slot.state.get(ex):
            return False
        return not (ex and code == ex and any(v for c, v in slot.state.items() if c != ex))

    def _only_option(self, slot: Slot, codes: set) -> bool:
        if not self.multi:
            return not (slot.domain - codes)
        return not any(slot.state[c] is not False for c in slot.codes if c not in codes)

    def put_in(self, slot: Slot, codes: set) -> None:
        if not self.multi:
            slot.domain &= codes
            return
        code = self.rng.choice(sorted(c for c in codes if slot.state.get(c) is None and self._may_add(slot, c)))
        slot.state[code] = True
        ex = self.q.exclusive
        if ex:
            for c in slot.state:
                if (c != ex) if code == ex else (c == ex):
                    slot.state[c] = False

    def put_out(self, slot: Slot, codes: set) -> None:
        if not self.multi:
            slot.domain -= codes
            return
        for c in codes:
            if slot.state.get(c) is None and c in slot.state:
                slot.state[c] = False

    def units(self, spec: TabulationSpec) -> list[list[Slot]]:
        chosen = [s for s in self.slots if not s.skip and in_population(spec, s.plan)
                  and (not spec.themes or s.theme in spec.themes)]
        among_self = {k: v for k, v in spec.among.items() if k == self.q.id}
        chosen = [s for s in chosen if all(self.status(s, set(v)) == "in" for v in among_self.values())
                  and all(matches(s.answers.get(k), v) for k, v in spec.among.items() if k != self.q.id)]
        if spec.unit == "measures" or self.q.level != "measure":
            return [[s] for s in chosen]
        by_plan: dict[str, list[Slot]] = {}
        for s in chosen:
            by_plan.setdefault(s.plan.key, []).append(s)
        return list(by_plan.values())

    def _pull(self, spec: TabulationSpec, pending: list[TabulationSpec]) -> dict[int, float]:
        """Look ahead: a unit that a later, nested tabulation wants in (or out) leans that way now."""
        pull: dict[int, float] = {}
        codes = set(spec.codes)
        for later in pending:
            other = set(later.codes)
            if not (other <= codes or codes <= other):
                continue
            units = self.units(later)
            if not units:
                continue
            lean = _target(later, len(units)) / len(units) - 0.5
            for unit in units:
                for s in unit:
                    pull[id(s)] = pull.get(id(s), 0.0) + lean
        return pull

    def apply(self, spec: TabulationSpec, pending: list[TabulationSpec] = ()) -> None:
        codes, units = set(spec.codes), self.units(spec)
        every = spec.aggregate == "all"
        status = []
        for unit in units:
            states = [self.status(s, codes) for s in unit]
            if every:
                status.append("in" if all(x == "in" for x in states) else "out" if "out" in states else "open")
            else:
                status.append("in" if "in" in states else "open" if "open" in states else "out")
        target = _target(spec, len(units))
        opened = [u for u, st in zip(units, status, strict=True) if st == "open"]
        self.rng.shuffle(opened)
        # A unit that could answer nothing else if left out goes in first: it must stay a respondent.
        pull = self._pull(spec, list(pending))
        opened.sort(key=lambda u: (all(self._only_option(s, codes) for s in u),
                                   max(pull.get(id(s), 0.0) for s in u)), reverse=True)
        need = max(0, min(target - status.count("in"), len(opened)))
        if "min" in spec.expect:
            opened = opened[:need]  # at least: the others stay free
        for unit in opened[:need]:
            for s in unit if every else [self.rng.choice([s for s in unit if self.status(s, codes) == "open"])]:
                if self.status(s, codes) == "open":
                    self.put_in(s, codes)
        for unit in opened[need:]:
            candidates = [s for s in unit if self.status(s, codes) == "open"]
            for s in ([self.rng.choice(candidates)] if every else candidates):
                self.put_out(s, codes)

    def finish(self) -> None:
        weights = PROFILE.get(self.q.id, {})
        for s in self.slots:
            if s.skip:
                continue
            if not self.multi:
                allowed = sorted(s.domain)
                if allowed:
                    s.answers[self.q.id] = self.rng.choices(allowed, [weights.get(c, 1.0) for c in allowed])[0]
                continue
            forced = [c for c in s.codes if s.state[c]]
            for c in s.codes:
                if s.state[c] is None and self._may_add(s, c) and self.rng.random() < weights.get(c, MULTI_RATE):
                    s.state[c] = True
                    if c == self.q.exclusive:
                        break
            chosen = [c for c in s.codes if s.state[c]]
            if not chosen:  # a respondent who ticks nothing is a non-respondent: every drawn unit answers
                free = [c for c in s.codes if s.state[c] is None and c != self.q.exclusive]
                chosen = [max(free, key=lambda c: (weights.get(c, MULTI_RATE), self.rng.random()))] if free else []
            if self.q.max and len(chosen) > self.q.max:
                chosen = (forced + [c for c in chosen if c not in forced])[: self.q.max]
            if chosen:
                s.answers[self.q.id] = chosen


def _target(spec: TabulationSpec, n: int) -> int:
    e = spec.expect
    if "count" in e:
        return e["count"]
    if "min" in e:
        return e["min"]
    lo, hi = (Fraction(str(x)) for x in e["band"])
    k_lo, k_hi = math.ceil(lo * n), math.floor(hi * n)
    return max(k_lo, min(k_hi, round((lo + hi) / 2 * n)))


def _order(spec: TabulationSpec, units: int) -> tuple:
    """Conditional populations last, then the narrowest population first, counts before shares."""
    return (bool(spec.among), units, "count" not in spec.expect, len(spec.codes))


def _prerequisites(book: Codebook, specs: list[TabulationSpec]) -> list[TabulationSpec]:
    """A count of an answer asked only after another answer needs at least as many of that one
    (four plans that added the WW group need four changed WW trajectories)."""
    out = []
    for spec in specs:
        if "count" not in spec.expect:
            continue
        for other, codes in book.question(spec.item).when.items():
            if not other.startswith("_"):
                out.append(replace(spec, id=f"{spec.id}/{other}", item=other, codes=tuple(codes),
                                   expect={"min": spec.expect["count"]}))
    return out


def synthesise(plans: list[PlanRecord], book: Codebook, specs: Iterable[TabulationSpec], seed: int) -> None:
    """Fill the answers of ``plans`` (final reports, blocks A–D) in place."""
    rng = random.Random(seed)
    specs = [s for s in specs if s.stat != "rank" and s.expect and not s.item.startswith("_")]
    specs += _prerequisites(book, specs)
    for q in book.questions:
        if q.level == "partner" or q.kind not in ("single", "multi"):
            continue
        item = _Item(q, _slots(book, q, plans), rng)
        mine = [s for s in specs if s.item == q.id]
        for spec in mine:
            if "n" in spec.expect:
                pool = [u[0] for u in item.units(spec)]
                rng.shuffle(pool)
                for s in pool[spec.expect["n"]:]:
                    s.skip = True
        ordered = sorted(mine, key=lambda s: _order(s, len(item.units(s))))
        for i, spec in enumerate(ordered):
            item.apply(spec, ordered[i + 1:])
        item.finish()
