"""What the second approver decides: the decision a proposal would take, computed as the approver
would take it (``workflow.preview_decision``, rolled back) and turned into plain values for the
page, or into the letter as it would go out (marked as a draft)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sectorplannen.common.labels import label_of
from sectorplannen.finance.letters import settlement_letter_html
from sectorplannen.finance.models import Settlement
from sectorplannen.plans.models import GrantDecision
from sectorplannen.plans.services import version_diff
from sectorplannen.workflow import services as workflow
from sectorplannen.workflow.definition import REFUSAL_GROUNDS
from sectorplannen.workflow.letters import advance_letter_html, closing_letter_html
from sectorplannen.workflow.models import AdvanceDecision, ClosingDecision, Proposal

from .letters import decision_letter_html
from .participant_check import measure_label, settlement_participants

__all__ = ["DecisionPreview", "draft_letter_html", "preview", "measure_label"]


@dataclass
class DecisionPreview:
    """The decision being approved. ``kind`` is "grant" (also a revision), "settlement", "advance" or "closing"."""

    kind: str
    record: object  # the (rolled-back) GrantDecision, Settlement or ClosingDecision, its own fields only
    lines: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # what changes against the previous version
    participants: list = field(default_factory=list)  # declared beside registered (settlement)


def _grant(decision: GrantDecision) -> DecisionPreview:
    from .views.plans import FIELD_LABELS

    rules = decision.plan.scheme.rules
    lines = [{"code": line.measure.code, "label": measure_label(rules, line.measure.measure_type),
              "status": label_of("line_status", line.status), "participants": line.planned_participants,
              "costs": line.planned_costs_eur, "rate": line.rate, "subsidy": line.subsidy_eur, "note": line.note}
             for line in decision.lines.select_related("measure").order_by("measure__code")]
    changes = [{"measure": r.measure, "field": FIELD_LABELS.get(r.field, r.field), "old": r.old, "new": r.new}
               for r in (version_diff(decision.plan, decision.version - 1, decision.version)
                         if decision.version > 1 else [])]
    return DecisionPreview("grant", decision, lines, changes)


def _settlement(settlement: Settlement) -> DecisionPreview:
    lines = list(settlement.lines.select_related("measure").order_by("measure__code"))
    previous = settlement.previous
    changes = []
    if previous is not None:
        for label, name in ((_("Vastgestelde subsidie"), "determined_subsidy_eur"), (_("Saldo"), "balance_eur"),
                            (_("Subsidie maatregelen"), "capped_measure_subsidy_eur"),
                            (_("Overhead"), "overhead_eur"), (_("Subsidiabele kosten"), "eligible_costs_eur")):
            old, new = getattr(previous, name), getattr(settlement, name)
            if old != new:
                changes.append({"field": label, "old": old, "new": new, "money": True})
    else:
        decision = settlement.decision
        changes.append({"field": _("Verleend (maximale subsidie) → vastgesteld"), "old": decision.max_subsidy_eur,
                        "new": settlement.determined_subsidy_eur, "money": True})
    return DecisionPreview("settlement", settlement, lines, changes,
                           settlement_participants(settlement.plan, lines))


def _closing(closing: ClosingDecision) -> DecisionPreview:
    reasons = [{"label": r.get("label") or REFUSAL_GROUNDS.get(r.get("ground"), ""), "text": r["text"]}
               for r in closing.reasons]
    return DecisionPreview("closing", closing, reasons)


def _render(result) -> DecisionPreview:
    if isinstance(result, AdvanceDecision):  # its own fields hold the calculation (rule, due, advanced)
        return DecisionPreview("advance", result)
    if isinstance(result, GrantDecision):
        return _grant(result)
    if isinstance(result, Settlement):
        return _settlement(result)
    return _closing(result)


def preview(proposal: Proposal):
    """(DecisionPreview or None, refusals) of what approving the proposal decides today."""
    return workflow.preview_decision(proposal, _render)


def _letter(result) -> str:
    if isinstance(result, GrantDecision):
        html = decision_letter_html(result)
    elif isinstance(result, Settlement):
        html = settlement_letter_html(result)
    elif isinstance(result, AdvanceDecision):
        html = advance_letter_html(result)
    else:
        html = closing_letter_html(result)
    banner = ('<p style="border:2pt solid #d52b1e;color:#d52b1e;padding:2mm;font-weight:bold">'
              'CONCEPT – nog niet besloten: deze brief gaat pas uit na goedkeuring door een tweede persoon.</p>')
    return html.replace("<body>", "<body>" + banner, 1)


def draft_letter_html(proposal: Proposal):
    """(the letter as it would go out, marked CONCEPT, or None; refusals)."""
    return workflow.preview_decision(proposal, _letter)
