"""Words shown to people for the simulator's codes and notes (Dutch source, English by gettext)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RULES_ONLY = _("Alleen de regels zijn veranderd: wat de plannen deden (deelnemers, kosten) is zoals gedeclareerd; "
               "gedrag is niet aangenomen.")
ASSUMPTION = _("Aanname over gedrag: de gerealiseerde kosten schuiven naar de standaardprijs zoals het scenario "
               "aangeeft. Dit is geen uitkomst van de regels alleen.")
BASIS_RULES = "rules_only"
BASIS_ASSUMPTION = "assumption"

KINDS = {"sectoral": _("sectoraal"), "regional": _("regionaal")}
NO_SECTOR = _("(geen sector: regionaal plan)")
BASELINE_TITLE = _("Huidige regels")
DIMENSIONS = {"tranche": _("Tranche"), "kind": _("Soort plan"), "sector": _("Sector"),
              "size": _("Omvang (maximale subsidie)")}


def basis_note(assumption: bool) -> str:
    return str(ASSUMPTION if assumption else RULES_ONLY)


def group_label(dimension: str, group: str) -> str:
    if dimension == "kind":
        return str(KINDS.get(group, group))
    if dimension == "sector" and not group:
        return str(NO_SECTOR)
    return group


def run_title(label: str, title: str, assumption: bool) -> str:
    if label == "baseline":
        return str(BASELINE_TITLE)
    return f"{title} ({_('aanname')})" if assumption else title
