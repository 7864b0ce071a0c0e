"""The settlement engine (vaststelling): from the realised figures to the determined subsidy.

Pure on purpose: dataclasses in, dataclasses out, no ORM and no I/O, so the CLI calculator, the
plan settlement service, the web what-if page and the property tests all run the same code. Every
parameter comes from ``SchemeRules``; the steps follow docs scheme-rules.md "Settlement" 1–8.

Money is exact: amounts are ``Decimal`` cents, intermediate products are ``Fraction`` and each
amount that is shown is rounded once, half-up, to cents. Totals are sums of shown amounts, so every
line of the explanation adds up on the letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sectorplannen.common.money import CENT, ZERO, format_eur, format_int, format_pct, is_cents, to_cents
from sectorplannen.schemes.rules import SchemeRules, line_subsidy

from .registry_cap import RULE as REGISTRY_CAP
from .registry_cap import cap_by_registry

OK = "ok"
BELOW_PARTICIPANT_THRESHOLD = "below_participant_threshold"

# How a measure fared against the participant threshold.
THRESHOLD_MET, THRESHOLD_NOT_MET, THRESHOLD_EXEMPT = "met", "not_met", "exempt"


@dataclass(frozen=True)
class MeasureInput:
    """One measure: planned figures from the latest decision, realised ones from the declaration.

    ``planned_participants`` ``None`` (or 0) means the measure has no participant target;
    ``realised_participants`` ``None`` means none were declared (counts as 0)."""

    code: str
    measure_type: str
    planned_participants: int | None
    realised_participants: int | None
    planned_costs_eur: Decimal
    eligible_costs_eur: Decimal
    registered_participants: int | None = None  # in the registry; counts only where the rules say so

    def __post_init__(self):
        for name in ("planned_costs_eur", "eligible_costs_eur"):
            _check_amount(getattr(self, name), f"{self.code}.{name}")
            object.__setattr__(self, name, getattr(self, name).quantize(CENT))
        for name in ("planned_participants", "realised_participants", "registered_participants"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{self.code}.{name}: {value!r} is geen niet-negatief geheel getal")

    @property
    def has_participant_target(self) -> bool:
        return bool(self.planned_participants)


@dataclass(frozen=True)
class SettlementInput:
    """Everything a settlement rests on besides the scheme rules.

    ``earlier_payments_eur`` is what earlier settlement versions already paid out net (payments
    minus reclaims); it is only non-zero when a settlement is revised. ``tiers_on`` picks the
    overhead tiers in force on that date (``None``: the latest amendment)."""

    measures: tuple[MeasureInput, ...]
    max_subsidy_eur: Decimal | None
    advances_paid_eur: Decimal = ZERO
    earlier_payments_eur: Decimal = ZERO
    tiers_on: dt.date | None = None

    def __post_init__(self):
        if self.max_subsidy_eur is not None:
            _check_amount(self.max_subsidy_eur, "max_subsidy_eur")
            object.__setattr__(self, "max_subsidy_eur", self.max_subsidy_eur.quantize(CENT))
        _check_amount(self.advances_paid_eur, "advances_paid_eur")
        if not isinstance(self.earlier_payments_eur, Decimal) or not is_cents(self.earlier_payments_eur):
            raise ValueError("earlier_payments_eur: geen bedrag in centen")
        for name in ("advances_paid_eur", "earlier_payments_eur"):
            object.__setattr__(self, name, getattr(self, name).quantize(CENT))
        codes = [m.code for m in self.measures]
        if len(set(codes)) != len(codes):
            raise ValueError("maatregelcodes moeten uniek zijn")


@dataclass(frozen=True)
class MeasureResult:
    code: str
    measure_type: str
    rate: Decimal
    planned_participants: int | None
    realised_participants: int | None
    planned_costs_eur: Decimal
    eligible_costs_eur: Decimal
    gross_subsidy_eur: Decimal  # rate × realised eligible costs (step 1)
    subsidy_eur: Decimal  # after the participant threshold (step 2)
    status: str
    participant_check: str

    @property
    def kept_subsidy(self) -> bool:
        return self.status == OK


@dataclass(frozen=True)
class OverheadBand:
    """The part of the overhead base that falls in one tier, and the overhead on it."""

    lower_eur: Decimal
    upper_eur: Decimal | None
    rate: Decimal
    base_eur: Decimal
    overhead_eur: Decimal


@dataclass(frozen=True)
class ExplanationLine:
    """One sentence of the explanation: ``rule`` names the step, ``measure`` the measure if any."""

    rule: str
    text: str
    measure: str = ""


@dataclass(frozen=True)
class SettlementResult:
    scheme: str
    measures: tuple[MeasureResult, ...]
    participant_threshold_level: str
    eligible_costs_eur: Decimal
    planned_costs_eur: Decimal
    cost_threshold_met: bool
    cost_threshold_consequence: str
    measure_subsidy_eur: Decimal  # sum of the measure subsidies after the participant threshold
    max_subsidy_eur: Decimal | None
    cap_applied: bool
    capped_measure_subsidy_eur: Decimal
    overhead_base_eur: Decimal
    overhead_bands: tuple[OverheadBand, ...]
    overhead_eur: Decimal
    overhead_subsidy_eur: Decimal
    determined_subsidy_eur: Decimal
    advances_paid_eur: Decimal
    earlier_payments_eur: Decimal
    balance_eur: Decimal
    explanation: tuple[ExplanationLine, ...] = field(default=())

    @property
    def total_costs_including_overhead_eur(self) -> Decimal:
        return self.eligible_costs_eur + self.overhead_eur

    def to_json(self) -> dict:
        """The settlement as in formats.md §7 (amounts as strings with two decimals, exact)."""
        return {
            "scheme": self.scheme,
            "measures": [
                {
                    "code": m.code, "type": m.measure_type, "rate": str(m.rate),
                    "planned_participants": m.planned_participants,
                    "realised_participants": m.realised_participants,
                    "planned_costs_eur": str(m.planned_costs_eur), "eligible_costs_eur": str(m.eligible_costs_eur),
                    "gross_subsidy_eur": str(m.gross_subsidy_eur), "subsidy_eur": str(m.subsidy_eur),
                    "status": m.status, "participant_threshold": m.participant_check,
                }
                for m in self.measures
            ],
            "eligible_costs_eur": str(self.eligible_costs_eur),
            "planned_costs_eur": str(self.planned_costs_eur),
            "overhead_base_eur": str(self.overhead_base_eur),
            "overhead_eur": str(self.overhead_eur),
            "overhead_subsidy_eur": str(self.overhead_subsidy_eur),
            "total_costs_including_overhead_eur": str(self.total_costs_including_overhead_eur),
            "measure_subsidy_eur": str(self.measure_subsidy_eur),
            "max_subsidy_eur": None if self.max_subsidy_eur is None else str(self.max_subsidy_eur),
            "cap_applied": self.cap_applied,
            "capped_measure_subsidy_eur": str(self.capped_measure_subsidy_eur),
            "participant_threshold_level": self.participant_threshold_level,
            "cost_threshold_met": self.cost_threshold_met,
            "cost_threshold_consequence": self.cost_threshold_consequence,
            "determined_subsidy_eur": str(self.determined_subsidy_eur),
            "advances_paid_eur": str(self.advances_paid_eur),
            "earlier_payments_eur": str(self.earlier_payments_eur),
            "balance_eur": str(self.balance_eur),
            "explanation": [line.text for line in self.explanation],
        }


def _check_amount(value: Decimal, where: str) -> None:
    if not isinstance(value, Decimal) or not is_cents(value) or value < 0:
        raise ValueError(f"{where}: {value!r} is geen niet-negatief bedrag in centen")


def settle(inp: SettlementInput, rules: SchemeRules) -> SettlementResult:
    """Determine the subsidy of one plan (scheme-rules.md, Settlement steps 1–8)."""
    why: list[ExplanationLine] = []

    # Steps 1 and 2: measure subsidy by rate, then the participant threshold (counting at most the
    # registered participants where the scheme says so).
    inputs, capped = cap_by_registry(inp.measures, rules.registry_caps_declared)
    why.extend(ExplanationLine(REGISTRY_CAP, text, code) for code, text in capped)
    measures = _measure_subsidies(inputs, rules, why)
    measure_subsidy = sum((m.subsidy_eur for m in measures), ZERO)
    why.append(ExplanationLine("measure_subsidy", f"Som van de maatregelsubsidies: {format_eur(measure_subsidy)}."))

    # Step 3: the cost threshold over all measures against the planned costs of the decision.
    eligible = sum((m.eligible_costs_eur for m in inp.measures), ZERO)
    planned = sum((m.planned_costs_eur for m in inp.measures), ZERO)
    threshold = rules.cost_threshold
    cost_met = Fraction(eligible) >= Fraction(threshold.min_ratio) * Fraction(planned)
    why.append(ExplanationLine("cost_threshold", _cost_threshold_text(eligible, planned, cost_met, rules)))

    # Step 4: the cap.
    cap = inp.max_subsidy_eur
    cap_applied = cap is not None and measure_subsidy > cap
    capped = cap if cap_applied else measure_subsidy
    why.append(ExplanationLine("cap", _cap_text(cap, measure_subsidy, capped, cap_applied)))

    # Step 5: overhead on the eligible costs of the measures that kept a subsidy, and its subsidy.
    base = sum((m.eligible_costs_eur for m in measures if m.kept_subsidy), ZERO)
    bands = _overhead_bands(base, rules, inp.tiers_on)
    overhead = sum((b.overhead_eur for b in bands), ZERO)
    why.append(ExplanationLine("overhead", _overhead_text(base, bands, overhead)))
    if rules.overhead_fixed_eur and base > 0:  # absent or 0 (the built-in schemes): no line, no change
        overhead = _add_fixed_overhead(overhead, rules.overhead_fixed_eur, why)
    overhead_subsidy = to_cents(Fraction(rules.overhead_subsidy_rate) * Fraction(overhead))
    why.append(ExplanationLine(
        "overhead_subsidy",
        f"Overheadsubsidie: {format_pct(rules.overhead_subsidy_rate)} van {format_eur(overhead)} "
        f"= {format_eur(overhead_subsidy)}.",
    ))

    # Step 6: the determined subsidy (with the consequence of a missed cost threshold).
    before = capped + overhead_subsidy
    text = (f"Vastgestelde subsidie: {format_eur(capped)} maatregelsubsidie + {format_eur(overhead_subsidy)} "
            f"overheadsubsidie = {format_eur(before)}")
    if cost_met:
        determined = before
        text += "."
    elif threshold.consequence == "proportional":
        determined = to_cents(Fraction(before) * Fraction(eligible) / Fraction(planned))
        text += (f"; naar rato van de kosten ({format_eur(eligible)} gerealiseerd / {format_eur(planned)} gepland) "
                 f"wordt dat {format_eur(determined)}.")
    else:
        determined = ZERO
        text += f"; omdat de kostendrempel niet is gehaald, wordt de subsidie vastgesteld op {format_eur(ZERO)}."
    why.append(ExplanationLine("determined_subsidy", text))

    # Step 7: the balance against what was paid already.
    balance = determined - inp.advances_paid_eur - inp.earlier_payments_eur
    why.append(ExplanationLine("balance", _balance_text(determined, inp, balance)))

    return SettlementResult(
        scheme=rules.code, measures=measures, participant_threshold_level=rules.participant_threshold.level,
        eligible_costs_eur=eligible, planned_costs_eur=planned, cost_threshold_met=cost_met,
        cost_threshold_consequence=threshold.consequence, measure_subsidy_eur=measure_subsidy,
        max_subsidy_eur=cap, cap_applied=cap_applied, capped_measure_subsidy_eur=capped,
        overhead_base_eur=base, overhead_bands=bands, overhead_eur=overhead, overhead_subsidy_eur=overhead_subsidy,
        determined_subsidy_eur=determined, advances_paid_eur=inp.advances_paid_eur,
        earlier_payments_eur=inp.earlier_payments_eur, balance_eur=balance, explanation=tuple(why),
    )


def _measure_subsidies(
    inputs: tuple[MeasureInput, ...], rules: SchemeRules, why: list[ExplanationLine]
) -> tuple[MeasureResult, ...]:
    pt = rules.participant_threshold
    with_target = [m for m in inputs if m.has_participant_target]
    plan_planned = sum(m.planned_participants for m in with_target)
    plan_realised = sum(m.realised_participants or 0 for m in with_target)
    plan_met = plan_realised >= Fraction(pt.min_ratio) * plan_planned
    results = []
    for m in inputs:
        rate = rules.rate_for(m.measure_type)
        gross = line_subsidy(rate, m.eligible_costs_eur)
        why.append(ExplanationLine(
            "measure_subsidy",
            f"Maatregel {m.code}, {rules.type_info(m.measure_type).label}: {format_pct(rate)} van "
            f"{format_eur(m.eligible_costs_eur)} subsidiabele kosten = {format_eur(gross)}.",
            m.code,
        ))
        realised = m.realised_participants or 0
        if not m.has_participant_target:
            check = THRESHOLD_EXEMPT
            text = f"Maatregel {m.code}: geen deelnemersdoel in de beschikking, dus geen deelnemersdrempel."
        elif pt.level == "plan":
            check = THRESHOLD_MET if plan_met else THRESHOLD_NOT_MET
            text = ""
        else:
            met = realised >= Fraction(pt.min_ratio) * m.planned_participants
            check = THRESHOLD_MET if met else THRESHOLD_NOT_MET
            text = (f"Maatregel {m.code}: {format_int(realised)} van {format_int(m.planned_participants)} geplande "
                    f"deelnemers gerealiseerd ({format_pct(Fraction(realised, m.planned_participants))}), ")
            text += (f"minimaal {format_pct(pt.min_ratio)}: deelnemersdrempel gehaald." if met else
                     f"minder dan {format_pct(pt.min_ratio)}: deelnemersdrempel niet gehaald, de maatregel krijgt "
                     f"geen subsidie (in plaats van {format_eur(gross)}).")
        if text:
            why.append(ExplanationLine("participant_threshold", text, m.code))
        kept = check != THRESHOLD_NOT_MET
        results.append(MeasureResult(
            code=m.code, measure_type=m.measure_type, rate=rate, planned_participants=m.planned_participants,
            realised_participants=m.realised_participants, planned_costs_eur=m.planned_costs_eur,
            eligible_costs_eur=m.eligible_costs_eur, gross_subsidy_eur=gross, subsidy_eur=gross if kept else ZERO,
            status=OK if kept else BELOW_PARTICIPANT_THRESHOLD, participant_check=check,
        ))
    if pt.level == "plan" and with_target:
        ratio = format_pct(Fraction(plan_realised, plan_planned))
        text = (f"Deelnemersdrempel op planniveau: {format_int(plan_realised)} van {format_int(plan_planned)} "
                f"geplande deelnemers in de maatregelen met een deelnemersdoel gerealiseerd ({ratio}), ")
        if plan_met:
            text += f"minimaal {format_pct(pt.min_ratio)}: gehaald."
        else:
            codes = ", ".join(m.code for m in with_target)
            text += (f"minder dan {format_pct(pt.min_ratio)}: niet gehaald, de maatregelen met een deelnemersdoel "
                     f"({codes}) krijgen geen subsidie.")
        why.append(ExplanationLine("participant_threshold", text))
    return tuple(results)


def _overhead_bands(base: Decimal, rules: SchemeRules, on: dt.date | None) -> tuple[OverheadBand, ...]:
    bands, lower = [], ZERO
    for tier in rules.overhead_tiers(on):
        upper = tier.up_to
        part = max(ZERO, (base if upper is None else min(base, upper)) - lower)
        bands.append(OverheadBand(lower, upper, tier.rate, part, to_cents(Fraction(tier.rate) * Fraction(part))))
        if upper is None:
            break
        lower = upper
    return tuple(bands)


def _add_fixed_overhead(tiered: Decimal, fixed: Decimal, why: list[ExplanationLine]) -> Decimal:
    total = tiered + fixed
    why.append(ExplanationLine(
        "overhead_fixed",
        f"Vast deel van de overhead: {format_eur(fixed)}; overhead totaal {format_eur(tiered)} + {format_eur(fixed)} "
        f"= {format_eur(total)}.",
    ))
    return total


def _cost_threshold_text(eligible: Decimal, planned: Decimal, met: bool, rules: SchemeRules) -> str:
    ct = rules.cost_threshold
    if planned == 0:
        return "Kostendrempel: de beschikking plant geen kosten, dus de drempel is gehaald."
    text = (f"Kostendrempel: de gerealiseerde subsidiabele kosten ({format_eur(eligible)}) zijn "
            f"{format_pct(Fraction(eligible) / Fraction(planned))} van de geplande kosten ({format_eur(planned)}), ")
    if met:
        return text + f"minimaal {format_pct(ct.min_ratio)}: gehaald."
    consequence = ("de subsidie wordt naar rato van de kosten verlaagd" if ct.consequence == "proportional"
                   else "de subsidie wordt op nihil vastgesteld")
    return text + f"minder dan {format_pct(ct.min_ratio)}: niet gehaald; {consequence}."


def _cap_text(cap: Decimal | None, measure_subsidy: Decimal, capped: Decimal, applied: bool) -> str:
    if cap is None:
        return "Plafond: de beschikking noemt geen maximale subsidie, dus de maatregelsubsidie wordt niet begrensd."
    if applied:
        return (f"Plafond: de maatregelsubsidie ({format_eur(measure_subsidy)}) is hoger dan de maximale subsidie "
                f"in de beschikking en wordt begrensd tot {format_eur(capped)}.")
    return (f"Plafond: de maatregelsubsidie ({format_eur(measure_subsidy)}) blijft binnen de maximale subsidie "
            f"in de beschikking ({format_eur(cap)}).")


def _overhead_text(base: Decimal, bands: tuple[OverheadBand, ...], overhead: Decimal) -> str:
    if base == 0:
        return "Overhead: er zijn geen subsidiabele kosten van maatregelen met subsidie, dus geen overhead."
    parts = "; ".join(
        f"{format_pct(b.rate)} van {format_eur(b.base_eur)} "
        + (f"(schijf {format_eur(b.lower_eur)} – {format_eur(b.upper_eur)})" if b.upper_eur is not None
           else f"(schijf boven {format_eur(b.lower_eur)})")
        + f" = {format_eur(b.overhead_eur)}"
        for b in bands if b.base_eur > 0
    )
    return (f"Overhead over {format_eur(base)} subsidiabele kosten van de maatregelen met subsidie (staffel): "
            f"{parts}; totaal {format_eur(overhead)}.")


def _balance_text(determined: Decimal, inp: SettlementInput, balance: Decimal) -> str:
    text = f"Saldo: {format_eur(determined)} vastgestelde subsidie − {format_eur(inp.advances_paid_eur)} voorschotten"
    if inp.earlier_payments_eur:
        text += f" − {format_eur(inp.earlier_payments_eur)} eerder betaald bij een vorige vaststelling"
    text += f" = {format_eur(balance)}"
    if balance > 0:
        return text + f": {format_eur(balance)} wordt uitbetaald."
    if balance < 0:
        return text + f": {format_eur(-balance)} wordt teruggevorderd."
    return text + ": er volgt geen betaling en geen terugvordering."
