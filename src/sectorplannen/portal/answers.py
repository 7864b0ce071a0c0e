"""An application document as the applicant's answers, with labels, per step: for the "check your
answers" step before submitting, the receipt and the PDF copy of the application."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from sectorplannen.common.labels import (
    BOTTLENECKS,
    FUNDING_SOURCES,
    PARTNER_KIND_LABELS,
    PARTNER_ROLE_LABELS,
    PLAN_KINDS,
    TARGET_GROUPS,
    label,
)
from sectorplannen.common.money import format_eur, format_int

from .participant_check import measure_label


def _eur(value) -> str:
    try:
        return format_eur(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return "–" if value in (None, "") else str(value)


def _int(value) -> str:
    return "–" if value in (None, "") else format_int(int(value))


def _labels(mapping, codes) -> str:
    return ", ".join(label(mapping, c) for c in codes or []) or "–"


def answers(doc: dict, rules) -> list[dict]:
    """[{"step", "title", "rows": [(label, value)], "items": [{"title", "rows"}]}] in the order of the steps."""
    analysis = doc.get("labour_market_analysis") or {}
    sections = [
        {"step": "algemeen", "title": _("Algemeen"), "rows": [
            (_("Naam"), doc.get("name") or "–"), (_("Tranche"), doc.get("tranche") or "–"),
            (_("Soort plan"), label(PLAN_KINDS, doc.get("kind")) if doc.get("kind") else "–"),
            (_("Sectoren"), ", ".join(doc.get("sectors") or []) or "–"),
            (_("Regio's"), ", ".join(doc.get("regions") or []) or "–"),
            (_("Looptijd"), f"{doc.get('start_date') or '–'} – {doc.get('end_date') or '–'}")]},
        {"step": "samenwerking", "title": _("Samenwerkingsverband"), "rows": [], "items": [
            {"title": p.get("name") or "–", "rows": [
                (_("Soort"), label(PARTNER_KIND_LABELS, p.get("kind"))),
                (_("Rollen"), _labels(PARTNER_ROLE_LABELS, p.get("roles"))),
                (_("Cao-partij"), _("ja") if p.get("cao_party") else _("nee")),
                *([(_("Eigen vermogen"), _eur(p["equity_eur"]))] if p.get("equity_eur") is not None else [])]}
            for p in doc.get("partners") or []]},
        {"step": "analyse", "title": _("Arbeidsmarktanalyse"), "rows": [
            (_("Datum"), analysis.get("date") or "–"),
            (_("Knelpunten"), _labels(BOTTLENECKS, analysis.get("bottlenecks"))),
            (_("Samenvatting"), analysis.get("summary") or "–")]},
        {"step": "maatregelen", "title": _("Maatregelen"), "rows": [], "items": [
            {"title": f"{m.get('code') or '–'} – " + (measure_label(rules, m.get("type") or "") if rules and
                                                      m.get("type") else str(m.get("category") or "")),
             "rows": [(_("Omschrijving"), m.get("description") or "–"),
                      (_("Doelgroepen"), _labels(TARGET_GROUPS, m.get("target_groups"))),
                      (_("Knelpunten"), _labels(BOTTLENECKS, m.get("bottlenecks"))),
                      (_("Geplande deelnemers"), _int(m.get("planned_participants"))),
                      (_("Waarvan jongeren"), _int(m.get("planned_youth_participants"))),
                      (_("Geplande kosten"), _eur(m.get("planned_costs_eur")))]}
            for m in doc.get("measures") or []]},
        {"step": "financiering", "title": _("Financiering"), "rows": [
            (f"{m.get('code')} – {kind_label} – {label(FUNDING_SOURCES, e.get('source'))}", _eur(e.get("amount_eur")))
            for m in doc.get("measures") or []
            for kind, kind_label in (("own_funding", _("eigen bijdrage")),
                                     ("other_public_funding", _("andere publieke subsidie")))
            for e in m.get(kind) or []]},
    ]
    return sections
