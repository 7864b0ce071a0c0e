"""The evaluator's code cannot reach the BSN vault: it imports nothing else from `sectorplannen`.

Every module under src/sectorplannen/evaluation may import only from `sectorplannen.evaluation`
itself (absolute or relative), `sectorplannen.common` (which imports no app: an import contract
checks that), the `sectorplannen` package root, the standard library, Django and third-party
libraries; never `sectorplannen.participants`, other apps or ORM models.
"""

from __future__ import annotations

import ast
from pathlib import Path

import sectorplannen.evaluation

EVALUATION = Path(sectorplannen.evaluation.__file__).parent
ALLOWED = ("sectorplannen.evaluation", "sectorplannen.common")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a module, relative imports resolved."""
    package = ".".join(("sectorplannen", "evaluation", *path.relative_to(EVALUATION).parent.parts))
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            if node.module is None or node.level:  # `from . import x`: x may be a module too
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def violations(root: Path) -> list[str]:
    bad = []
    for path in sorted(root.rglob("*.py")):
        for line, module in imported_modules(path):
            top = module.split(".")
            if top[0] != "sectorplannen" or module == "sectorplannen":
                continue
            if any(module == a or module.startswith(a + ".") for a in ALLOWED):
                continue
            bad.append(f"{path.relative_to(root)}:{line} imports {module}")
    return bad


def test_evaluation_imports_nothing_else_from_sectorplannen():
    assert {p.name for p in EVALUATION.rglob("*.py")} >= {"disclosure.py", "extract.py", "pipeline.py", "evaluate.py"}
    assert violations(EVALUATION) == []


def test_the_check_catches_forbidden_imports(tmp_path):
    package = tmp_path / "evaluation"
    (package / "sub").mkdir(parents=True)
    (package / "ok.py").write_text("from .disclosure import protect\nimport sectorplannen\nimport numpy\n"
                                   "from sectorplannen.evaluation import synth\n")
    (package / "bad.py").write_text("from sectorplannen.participants.models import Participant\n")
    (package / "sub" / "worse.py").write_text("from ...participants import services\nimport sectorplannen.plans\n")
    global EVALUATION
    original, EVALUATION = EVALUATION, package
    try:
        found = violations(package)
    finally:
        EVALUATION = original
    assert found == ["bad.py:1 imports sectorplannen.participants.models",
                     "sub/worse.py:1 imports sectorplannen.participants",
                     "sub/worse.py:1 imports sectorplannen.participants.services",
                     "sub/worse.py:2 imports sectorplannen.plans"]
