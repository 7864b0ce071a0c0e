"""The simulator's own rules around the settlement engine: what a plan's settlement input becomes
under a scenario before the engine (``finance.settlement.settle``) runs on it.

In order: the behavioural assumption (realised costs move toward the standard cost; only when asked),
the standard cost per participant (replacing or capping the realised costs), the preparation share
(split off each measure with a participant target as a part without one), and the cap basis. Every
change adds one Dutch explanation line in the words of the settlement letter. Pure: no ORM, no I/O.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from sectorplannen.common.money import ZERO, format_eur, format_int, format_pct, to_cents
from sectorplannen.finance.settlement import ExplanationLine, MeasureInput, SettlementInput
from sectorplannen.schemes.rules import SchemeRules

from .scenario import Scenario

PREPARATION_SUFFIX = "-voorbereiding"
COST_THRESHOLD_MEASURE = "cost_threshold_measure"


def adjusted_input(inp: SettlementInput, rules: SchemeRules, scenario: Scenario, *,
                   assume: bool) -> tuple[SettlementInput, tuple[ExplanationLine, ...]]:
    """The settlement input under the scenario's rules beyond the engine, and why it changed."""
    why: list[ExplanationLine] = []
    measures = list(inp.measures)
    if scenario.standard_costs:
        if assume and scenario.cost_convergence is not None:
            measures = [_converge(m, scenario, why) for m in measures]
        measures = [_standard_cost(m, scenario, why) for m in measures]
    ratio = scenario.measure_cost_ratios.get(rules.code)
    if ratio is not None:
        measures = [_measure_cost_threshold(m, ratio, why) for m in measures]
    if scenario.preparation_share:
        measures = [part for m in measures for part in _split_preparation(m, scenario.preparation_share, why)]
    cap = _cap(inp.max_subsidy_eur, measures, rules, scenario.cap_basis, why)
    if measures == list(inp.measures) and cap == inp.max_subsidy_eur:
        return inp, tuple(why)
    return replace(inp, measures=tuple(measures), max_subsidy_eur=cap), tuple(why)


def _converge(m: MeasureInput, scenario: Scenario, why: list[ExplanationLine]) -> MeasureInput:
    standard = scenario.standard_costs.get(m.measure_type)
    realised = m.realised_participants or 0
    if standard is None or standard.mode != "cap" or not realised:
        return m
    target = standard.amount_eur * realised
    moved = to_cents(Fraction(m.eligible_costs_eur)
                     + Fraction(scenario.cost_convergence) * (Fraction(target) - Fraction(m.eligible_costs_eur)))
    if moved == m.eligible_costs_eur:
        return m
    why.append(ExplanationLine(
        "assumption_cost_convergence",
        f"Aanname: de gerealiseerde kosten van maatregel {m.code} schuiven {format_pct(scenario.cost_convergence)} "
        f"op naar de standaardprijs ({format_eur(target)}): van {format_eur(m.eligible_costs_eur)} naar "
        f"{format_eur(moved)}.", m.code))
    return replace(m, eligible_costs_eur=moved)


def _standard_cost(m: MeasureInput, scenario: Scenario, why: list[ExplanationLine]) -> MeasureInput:
    standard = scenario.standard_costs.get(m.measure_type)
    if standard is None:
        return m
    amount, realised = standard.amount_eur, m.realised_participants or 0
    if not m.has_participant_target:
        why.append(ExplanationLine(
            "standard_cost", f"Maatregel {m.code}: geen deelnemersdoel, dus geen standaardprijs; de werkelijke "
                             f"kosten ({format_eur(m.eligible_costs_eur)}) tellen.", m.code))
        return m
    recognised = (amount * realised).quantize(ZERO)
    if standard.mode == "replace":
        planned = (amount * m.planned_participants).quantize(ZERO)
        why.append(ExplanationLine(
            "standard_cost",
            f"Maatregel {m.code}: standaardprijs {format_eur(amount)} per deelnemer in plaats van de werkelijke "
            f"kosten: {format_int(realised)} deelnemers = {format_eur(recognised)} subsidiabele kosten (was "
            f"{format_eur(m.eligible_costs_eur)}); gepland {format_int(m.planned_participants)} deelnemers = "
            f"{format_eur(planned)} (was {format_eur(m.planned_costs_eur)}).", m.code))
        return replace(m, eligible_costs_eur=recognised, planned_costs_eur=planned)
    planned_cap = (amount * m.planned_participants).quantize(ZERO)
    eligible, planned = min(m.eligible_costs_eur, recognised), min(m.planned_costs_eur, planned_cap)
    if (eligible, planned) == (m.eligible_costs_eur, m.planned_costs_eur):
        return m
    why.append(ExplanationLine(
        "standard_cost",
        f"Maatregel {m.code}: kosten ten hoogste de standaardprijs {format_eur(amount)} per deelnemer: "
        f"gerealiseerd {format_eur(eligible)} (werkelijk {format_eur(m.eligible_costs_eur)}, "
        f"{format_int(realised)} deelnemers), gepland {format_eur(planned)} (was {format_eur(m.planned_costs_eur)}, "
        f"{format_int(m.planned_participants)} deelnemers).", m.code))
    return replace(m, eligible_costs_eur=eligible, planned_costs_eur=planned)


def _measure_cost_threshold(m: MeasureInput, ratio: Decimal, why: list[ExplanationLine]) -> MeasureInput:
    """Cost threshold per measure: below the minimum share of its planned costs a measure gets nothing
    (its costs count for nothing, also not for the overhead)."""
    if not m.planned_costs_eur or Fraction(m.eligible_costs_eur) >= Fraction(ratio) * Fraction(m.planned_costs_eur):
        return m
    share = format_pct(Fraction(m.eligible_costs_eur) / Fraction(m.planned_costs_eur))
    why.append(ExplanationLine(
        COST_THRESHOLD_MEASURE,
        f"Kostendrempel per maatregel: maatregel {m.code} realiseerde {format_eur(m.eligible_costs_eur)} van "
        f"{format_eur(m.planned_costs_eur)} geplande kosten ({share}), minder dan {format_pct(ratio)}: de maatregel "
        f"krijgt geen subsidie.", m.code))
    return replace(m, eligible_costs_eur=ZERO)


def _split_preparation(m: MeasureInput, share: Decimal, why: list[ExplanationLine]) -> tuple[MeasureInput, ...]:
    """A measure with a participant target becomes its execution part (keeps the target) and a
    preparation part without a target, so the participant threshold cannot take the preparation away."""
    if not m.has_participant_target:
        return (m,)
    prep_planned = to_cents(Fraction(share) * Fraction(m.planned_costs_eur))
    prep_eligible = to_cents(Fraction(share) * Fraction(m.eligible_costs_eur))
    prep = MeasureInput(m.code + PREPARATION_SUFFIX, m.measure_type, None, None, prep_planned, prep_eligible)
    execution = replace(m, planned_costs_eur=m.planned_costs_eur - prep_planned,
                        eligible_costs_eur=m.eligible_costs_eur - prep_eligible)
    why.append(ExplanationLine(
        "preparation",
        f"Maatregel {m.code}: {format_pct(share)} van de kosten is voorbereiding ({format_eur(prep_eligible)} "
        f"gerealiseerd, {format_eur(prep_planned)} gepland) en valt niet onder de deelnemersdrempel.", m.code))
    return execution, prep


def _cap(decided: Decimal | None, measures: list[MeasureInput], rules: SchemeRules, basis: str,
         why: list[ExplanationLine]) -> Decimal | None:
    if basis == "decision":
        return decided
    if basis == "none":
        why.append(ExplanationLine("cap_basis", "Plafond: in dit scenario geldt geen maximale subsidie per plan."))
        return None
    recomputed = sum((to_cents(Fraction(rules.rate_for(m.measure_type)) * Fraction(m.planned_costs_eur))
                      for m in measures), ZERO)
    why.append(ExplanationLine(
        "cap_basis",
        f"Plafond: de maximale subsidie wordt herberekend met de tarieven van dit scenario over de geplande kosten: "
        f"{format_eur(recomputed)}" + (f" (beschikking: {format_eur(decided)})." if decided is not None else ".")))
    return recomputed
