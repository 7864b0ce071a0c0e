"""The workflow as data: every state and step declared once, and no code outside the workflow app
writes a plan's status."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sectorplannen.plans.models import PlanStatus
from sectorplannen.workflow.definition import FINAL_STATES, STATES, TRANSITIONS

SRC = Path(__file__).resolve().parents[2] / "src" / "sectorplannen"
WORKFLOW = SRC / "workflow"


def status_writes(source: str) -> list[int]:
    """Line numbers of assignments to ``….status`` and of ``update(status=…)`` / ``bulk_update(…, ["status"])``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                elements = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
                if any(isinstance(e, ast.Attribute) and e.attr == "status" for e in elements):
                    lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "update" and any(k.arg == "status" for k in node.keywords):
                lines.append(node.lineno)
            if node.func.attr == "bulk_update" and "status" in ast.unparse(node):
                lines.append(node.lineno)
    return lines


def test_the_scanner_finds_each_kind_of_status_write():
    planted = ("plan.status = 'granted'\nplan.status, plan.x = 1, 2\n"
               "Plan.objects.filter(pk=1).update(status='settled')\nPlan.objects.bulk_update(ps, ['status'])\n"
               "ok = plan.status == 'x'\nPlan.objects.filter(status='granted')\n")
    assert status_writes(planted) == [1, 2, 3, 4]


def test_no_status_is_written_outside_the_workflow():
    """Every status change goes through ``workflow.services.transition`` (and the batch settlement)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if WORKFLOW in path.parents or "migrations" in path.parts:
            continue
        found += [f"{path.relative_to(SRC)}:{line}" for line in status_writes(path.read_text(encoding="utf-8"))]
    assert found == []


def test_inside_the_workflow_only_the_services_write_a_plan_status():
    writes = {path.name: status_writes(path.read_text(encoding="utf-8"))
              for path in WORKFLOW.rglob("*.py") if "migrations" not in path.parts}
    assert {name for name, lines in writes.items() if lines} == {"services.py"}


def test_every_state_is_reachable_and_every_final_state_is_final():
    targets = {t.target for t in TRANSITIONS.values() if t.target}
    assert set(STATES) == set(PlanStatus)
    assert set(STATES) - targets == {PlanStatus.DRAFT, PlanStatus.SUBMITTED}  # where plans are created
    leaving = {s for t in TRANSITIONS.values() for s in t.sources if t.name != "resettle"}
    assert not leaving & set(FINAL_STATES)


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_every_transition_says_who_what_and_which_event(name):
    t = TRANSITIONS[name]
    assert t.sources and t.audit_event and t.records and callable(t.permission) and callable(t.effect)
    assert t.audit_event == t.audit_event.lower() and " " not in t.audit_event
