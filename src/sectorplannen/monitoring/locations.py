"""Where the evaluator's protected outputs are read from: the outcome tables (formats §6) and the net
effects (formats §8), and a digest of their state for caches. One place for the portal's evaluator
page and the API's ``/evaluatie``."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings


def evaluation_dir() -> Path:
    return Path(settings.SECTORPLANNEN_EVALUATION_DIR or Path(settings.DATA_DIR) / "evaluatie")


def effects_dir() -> Path:
    return Path(getattr(settings, "SECTORPLANNEN_EFFECTS_DIR", "") or Path(settings.DATA_DIR) / "netto-effecten")


def files_version(*directories: Path) -> str:
    """A digest of the files' names, sizes and modification times (no file is read)."""
    digest = hashlib.sha256()
    for directory in directories:
        digest.update(str(directory).encode())
        for path in sorted(directory.glob("*")) if directory.is_dir() else ():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:32]
