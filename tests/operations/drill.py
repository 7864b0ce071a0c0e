"""Helpers of the backup drill: an extra, empty database to restore into, and the rows compared."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.db.utils import load_backend

COMPARED = ("plans.Plan", "plans.Measure", "plans.GrantDecision", "plans.DecisionLine", "finance.FinalDeclaration",
            "finance.Settlement", "finance.LedgerEntry", "participants.Person", "participants.Registration")


def empty_database(tmp_path: Path) -> str:
    """A new alias pointing at a new, empty database of the same kind as the default one."""
    base = connections["default"].settings_dict
    alias = f"restored_{uuid.uuid4().hex[:8]}"
    if connections["default"].vendor == "sqlite":
        cfg = {**base, "NAME": str(tmp_path / f"{alias}.sqlite3")}
    else:
        with connections["default"].cursor() as cur:
            cur.execute(f'CREATE DATABASE "{alias}"')
        cfg = {**base, "NAME": alias}
    # A connection made here, not named in the settings: Django's test isolation lets such dynamically
    # created connections through, and nothing else of the suite sees it.
    wrapper = load_backend(cfg["ENGINE"]).DatabaseWrapper(cfg, alias)
    setattr(connections._connections, alias, wrapper)
    return alias


def drop_database(alias: str) -> None:
    connections[alias].close()
    if connections["default"].vendor != "sqlite":
        with connections["default"].cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{alias}"')
    delattr(connections._connections, alias)


def _plain(value):
    return bytes(value) if isinstance(value, memoryview | bytearray) else value


def rows(alias: str, label: str) -> list[dict]:
    model = apps.get_model(label)
    return [{k: _plain(v) for k, v in r.items()} for r in model.objects.using(alias).order_by("pk").values()]
