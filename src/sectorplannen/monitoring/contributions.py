"""The published government contribution of a reference plan beside the settlement recomputed
under the scheme's rules, with the difference explained (table M.14, outside the evaluation's series).

The published figure is a documented fact (tables 3.3 and 6.3 of the evaluation); the recomputed one
is the plan's latest settlement in this system. They differ where the real plan had another cap or
special rates than the rules give its reference measures, where the real overhead differed from the
scheme's overhead allowance, and by the rounding of the published figures (tranches 1–2 to thousands)."""

from __future__ import annotations

from decimal import Decimal

from .facts import PlanFacts
from .numbers import nl_eur, nl_pct
from .published import realised_costs
from .tables import ZERO, Column, Table, ratio

ROUNDING_EUR = Decimal("1")


def _explain(p: PlanFacts, published: Decimal, including_overhead: bool) -> tuple[Decimal | None, str]:
    st = p.settlement
    if st is None:
        return None, "Nog niet vastgesteld."
    recomputed = st.determined_subsidy_eur if including_overhead else st.measure_subsidy_eur
    diff = published - recomputed
    costs = sum((realised_costs(m) for m in p.measures), ZERO)
    reasons = []
    if not st.cost_threshold_met:
        reasons.append("de kostendrempel is niet gehaald, dus is de subsidie nihil")
    if st.lost_below_participant_threshold_eur:
        reasons.append(f"maatregelen onder de deelnemersdrempel krijgen geen subsidie "
                       f"({nl_eur(st.lost_below_participant_threshold_eur)})")
    if st.cap_applied:
        reasons.append(f"het subsidieplafond van de beschikking ({nl_eur(st.max_subsidy_eur)}) is toegepast")
    if abs(diff) <= ROUNDING_EUR:
        reasons.append("het verschil is afronding")
    elif not reasons:
        published_rate, rules_rate = ratio(published, costs), ratio(st.measure_subsidy_eur, costs)
        reasons.append(f"gepubliceerd is {nl_pct(published_rate)} van de kosten zonder overhead, volgens de "
                       f"tarieven van de regeling {nl_pct(rules_rate)}: het echte plan had andere tarieven "
                       "(bijvoorbeeld 100 % voor instroom van kwetsbare groepen) of een ander plafond")
    if abs(diff) > ROUNDING_EUR and including_overhead:
        reasons.append(f"de overheadvergoeding volgt hier de staffel van de regeling "
                       f"({nl_eur(st.overhead_subsidy_eur)}), in het echte plan de werkelijke overhead")
    if abs(diff) > ROUNDING_EUR and p.tranche != "3":
        reasons.append("de referentiecijfers van tranches 1–2 zijn op duizenden euro's afgerond")
    return diff, "; ".join(reasons).capitalize() + "."


def published_vs_recomputed(plans: list[PlanFacts]) -> Table:
    rows = []
    for p in plans:
        for key, incl in (("government_incl_overhead", True), ("government_excl_overhead", False)):
            published = p.published_value(key)
            if published is None:
                continue
            st = p.settlement
            recomputed = None if st is None else (st.determined_subsidy_eur if incl else st.measure_subsidy_eur)
            diff, why = _explain(p, published, incl)
            rows.append((p.name, p.tranche, "inclusief" if incl else "exclusief", published, recomputed, diff, why))
    return Table(
        "M.14", "Gepubliceerde en herberekende overheidsbijdrage per referentieplan",
        (Column("Plan", "text"), Column("Tranche", "text"), Column("Overhead", "text"),
         Column("Gepubliceerd (evaluatie)", "eur"), Column("Herberekend (vaststelling)", "eur", missing="onbekend"),
         Column("Verschil", "eur", missing="onbekend"), Column("Verklaring", "text")),
        tuple(rows),
        ("Gepubliceerd: tabel 3.3 (inclusief overhead) of 6.3 (exclusief overhead) van de evaluatie. Herberekend: "
         "de vaststelling in dit systeem met de regels van de regeling.",),
    )
