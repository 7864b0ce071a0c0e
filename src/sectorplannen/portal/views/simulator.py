"""Policy officers: compose a scheme variant from the current rules, store it as a version, and compare
variants side by side on every settled and reference plan (run on request: it takes about a second)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sectorplannen.accounts import permissions as perm
from sectorplannen.simulator import services
from sectorplannen.simulator.labels import DIMENSIONS, basis_note, group_label, run_title
from sectorplannen.simulator.outputs import chart_set

from ..forms.simulator import ScenarioForm
from .common import require

MAX_COMPARED = 4


@login_required
def compose(request):
    require(perm.can_simulate(request.user))
    current = services.current_rules()
    form = ScenarioForm(request.POST if request.method == "POST" else None, current=current)
    problems, status = [], 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                version = services.save_scenario(form.document(), form.cleaned_data["reason"], request.user)
            except services.InvalidScenario as exc:
                problems = [p.message for p in exc.problems]
            else:
                messages.success(request, _("Scenario %(name)s opgeslagen als versie %(version)s.") % {
                    "name": version.title, "version": version.version})
                return redirect(reverse("portal:simulator_compare") + "?" + urlencode({"s": version.scenario.name}))
    return render(request, "portal/simulator/compose.html", {
        "form": form, "problems": problems, "stored": services.stored_scenarios(),
        "groups": [(_("Tarieven per soort maatregel"), form.rate_fields),
                   (_("Overhead"), ["overhead_fixed_eur", *form.tier_fields, "overhead_subsidy_rate"]),
                   (_("Drempels en plafond"), ["participant_level", "participant_min_ratio", "cost_level",
                                               "cost_min_ratio", "cost_consequence", "cap"]),
                   (_("Standaardprijs per deelnemer (euro; leeg: werkelijke kosten)"),
                    ["standard_mode", *form.standard_fields, "convergence"]),
                   (_("Voorbereiding en herverdeling"), ["preparation_share", "reallocation", "reallocation_order"])],
    }, status=status)


@login_required
def compare(request):
    require(perm.can_simulate(request.user))
    stored = services.stored_scenarios()
    chosen = [n for n in request.GET.getlist("s") if n][:MAX_COMPARED]
    context = {"stored": stored, "chosen": chosen, "max": MAX_COMPARED}
    scenarios = services.latest_scenarios(chosen)
    if scenarios:
        sim = services.simulate(scenarios)
        comparisons = list(sim.comparisons)
        context.update({
            "notes": [basis_note(False)] + ([basis_note(True)] if any(c.assumption for c in comparisons) else []),
            "plans": len(sim.cases), "mismatches": sim.mismatches,
            "titles": [run_title(c.label, c.title, c.assumption) for c in comparisons],
            "comparisons": comparisons, "charts": chart_set(sim), "totals": _totals(comparisons),
            "groups": [{"title": DIMENSIONS[dim], "rows": _group_rows(comparisons, dim)}
                       for dim in ("tranche", "kind", "sector", "size")],
            "ceilings": [{"tranche": row.tranche, "ceiling": row.ceiling_eur, "reference": row.reference_eur,
                          "scenarios": [c.ceilings[i].scenario_eur for c in comparisons]}
                         for i, row in enumerate(comparisons[0].ceilings)],
        })
    return render(request, "portal/simulator/compare.html", context)


def _group_rows(comparisons, dim):
    rows: dict[str, dict] = {}
    for c in comparisons:
        for g in c.groups:
            if g.dimension != dim:
                continue
            row = rows.setdefault(g.group, {"label": group_label(dim, g.group), "plans": g.plans,
                                            "reference": g.reference_eur, "cells": []})
            row["cells"].append({"difference": g.difference_eur, "gainers": g.gainers, "losers": g.losers})
    return list(rows.values())


def _totals(comparisons):
    """One row per figure, one cell per scenario: amounts in euros, counts as numbers."""
    rows = [
        (_("Vastgestelde subsidie, huidige regels"), "eur", [c.total("reference_eur") for c in comparisons]),
        (_("Vastgestelde subsidie, scenario"), "eur", [c.total("scenario_eur") for c in comparisons]),
        (_("Verschil"), "eur", [c.total("difference_eur") for c in comparisons]),
        (_("Overhead, scenario"), "eur", [c.total("scenario_overhead_eur") for c in comparisons]),
        (_("Maatregelen op nul door de deelnemersdrempel"), "int", [c.nil_measures("scenario") for c in comparisons]),
        (_("Plannen op nul door de kostendrempel"), "int", [c.cost_threshold_nil for c in comparisons]),
        (_("Herverdeeld"), "eur", [c.total("reallocated_eur") for c in comparisons]),
        (_("Plannen met meer"), "int", [c.gainers for c in comparisons]),
        (_("Plannen met minder"), "int", [c.losers for c in comparisons]),
    ]
    return [{"label": label, "kind": kind, "values": values} for label, kind, values in rows]
