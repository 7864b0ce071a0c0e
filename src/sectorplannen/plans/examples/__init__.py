"""Valid application documents (formats.md §1): the example of formats.md itself, and a fuller one
for tranche 2 and for tranche 3.

Used by the tests, the documentation and the demo; ``sectorplannen plans check`` accepts them
without findings.
"""

import json
from pathlib import Path
from typing import Any

DIRECTORY = Path(__file__).parent
FORMATS = DIRECTORY / "formats.json"
TRANCHE_2 = DIRECTORY / "tranche2.json"
TRANCHE_3 = DIRECTORY / "tranche3.json"


def load(path: Path) -> Any:
    """A fresh copy of an example document (callers may change it)."""
    return json.loads(path.read_text(encoding="utf-8"))
