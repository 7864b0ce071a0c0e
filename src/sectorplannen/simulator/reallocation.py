"""Reallocation: unspent subsidy of some plans pays what the cap cut from others.

Per tranche (or over all tranches together), the pool is the granted subsidy the plans did not use
(maximum subsidy minus determined subsidy, per plan, never below zero), limited so that the
tranche's determined subsidies stay within its budget ceiling. Plans whose measure subsidy was cut
by the cap (and that met the cost threshold) receive, in the scenario's order, up to what was cut:
their cap is raised by that amount and they are settled again by the same engine. Pure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from sectorplannen.common.money import ZERO, format_eur
from sectorplannen.finance.settlement import ExplanationLine, settle

from .cases import PlanOutcome
from .scenario import Scenario

ALL_TRANCHES = "alle"


def _shortfall(o: PlanOutcome) -> Decimal:
    r = o.result
    return r.measure_subsidy_eur - r.capped_measure_subsidy_eur if r.cap_applied and r.cost_threshold_met else ZERO


def _unspent(o: PlanOutcome) -> Decimal:
    r = o.result
    return max(ZERO, r.max_subsidy_eur - r.determined_subsidy_eur) if r.max_subsidy_eur is not None else ZERO


def group_ceiling(keys: set[str], ceilings: dict[str, Decimal | None]) -> Decimal | None:
    values = [ceilings.get(k) for k in keys]
    return None if not values or any(v is None for v in values) else sum(values, ZERO)


def reallocate(outcomes: list[PlanOutcome], scenario: Scenario,
               ceilings: dict[str, Decimal | None]) -> list[PlanOutcome]:
    rule = scenario.reallocation
    groups: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(outcomes):
        groups[ALL_TRANCHES if rule.scope == "all" else o.case.tranche].append(i)
    result = list(outcomes)
    for group, members in groups.items():
        tranches = {outcomes[i].case.tranche for i in members}
        determined = sum((outcomes[i].result.determined_subsidy_eur for i in members), ZERO)
        pool = sum((_unspent(outcomes[i]) for i in members), ZERO)
        ceiling = group_ceiling(tranches, ceilings)
        if ceiling is not None:
            pool = min(pool, max(ZERO, ceiling - determined))
        recipients = [i for i in members if _shortfall(outcomes[i]) > 0]
        if rule.order == "name":
            recipients.sort(key=lambda i: outcomes[i].case.name)
        else:
            largest = rule.order == "largest_shortfall_first"
            recipients.sort(key=lambda i: (-_shortfall(outcomes[i]) if largest else _shortfall(outcomes[i]),
                                           outcomes[i].case.name))
        where = "alle tranches samen" if group == ALL_TRANCHES else f"tranche {group}"
        for i in recipients:
            if pool <= 0:
                break
            o = outcomes[i]
            give = min(_shortfall(o), pool)
            pool -= give
            inp = replace(o.settled_input, max_subsidy_eur=o.result.max_subsidy_eur + give)
            line = ExplanationLine(
                "reallocation",
                f"Herverdeling binnen {where}: {format_eur(give)} niet bestede subsidie van andere plannen; de "
                f"maximale subsidie wordt {format_eur(inp.max_subsidy_eur)} "
                f"(was {format_eur(o.result.max_subsidy_eur)}).")
            result[i] = replace(o, result=settle(inp, scenario.rules[o.case.scheme]), reallocated_eur=give,
                                reallocation_line=line, settled_input=inp)
    return result
