"""Copying a whole database out and in: SQLite through its online backup API (a consistent copy
while the application runs), PostgreSQL through pg_dump/pg_restore in their custom format."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    """A backup or restore that cannot go on (the message says why, in English, without data)."""


def engine(db: dict) -> str:
    name = db["ENGINE"]
    if name.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in name:
        return "postgresql"
    raise BackupError(f"unsupported database engine {name}")


def pg_program(name: str) -> str:
    """``pg_dump``/``pg_restore``: from SECTORPLANNEN_PG_BIN_DIR, else PATH, else the newest Debian install."""
    candidates = []
    if settings.SECTORPLANNEN_PG_BIN_DIR:
        candidates.append(str(Path(settings.SECTORPLANNEN_PG_BIN_DIR) / name))
    found = shutil.which(name)
    if found:
        candidates.append(found)
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                         key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0, reverse=True)
    for path in candidates:
        if os.access(path, os.X_OK):
            return path
    raise BackupError(f"{name} not found: install the PostgreSQL client or set SECTORPLANNEN_PG_BIN_DIR")


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed ({done.returncode}): {done.stderr.strip()[:500]}")


def _count(execute, tables: dict[str, str]) -> dict[str, int]:
    return {label: execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for label, table in tables.items()}


def _pg_connect(db: dict):
    import psycopg

    kwargs = {k: v for k, v in {"dbname": db["NAME"], "host": db.get("HOST"), "port": db.get("PORT"),
                                "user": db.get("USER"), "password": db.get("PASSWORD")}.items() if v}
    return psycopg.connect(**kwargs, autocommit=True)


def dump(alias: str, target: Path, tables: dict[str, str]) -> tuple[str, dict[str, int]]:
    """Write the database of ``alias`` to ``target``. Returns the format's name and the row counts of
    ``tables`` (label: table name) as they are IN the dump (the same snapshot, also while the
    application writes)."""
    db = connections[alias].settings_dict
    kind = engine(db)
    if kind == "sqlite":
        conn = connections[alias]
        conn.ensure_connection()
        with sqlite3.connect(target) as out:
            conn.connection.backup(out)
            counts = _count(out.execute, tables)
        out.close()
        return "sqlite-backup-api", counts
    args, env = _pg_env(db)
    with _pg_connect(db) as snapshot:
        snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        name = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _count(snapshot.execute, tables)
        _run([pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={name}",
              f"--file={target}", *args], env)
        snapshot.execute("ROLLBACK")
    return "pg_dump-custom", counts


def is_empty(db: dict) -> bool:
    """Whether the database holds no tables yet (a restore goes only into an empty database)."""
    kind = engine(db)
    if kind == "sqlite":
        path = Path(db["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return True
        with sqlite3.connect(path) as conn:
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        conn.close()
        return tables == 0
    with _pg_connect(db) as conn:
        count = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
    return count == 0


def load(db: dict, source: Path, fmt: str) -> None:
    """Load a dump made by ``dump`` into the (empty) database ``db``."""
    kind = engine(db)
    expected = {"sqlite": "sqlite-backup-api", "postgresql": "pg_dump-custom"}[kind]
    if fmt != expected:
        raise BackupError(f"this backup was made from another kind of database ({fmt}); restore needs {expected}")
    if kind == "sqlite":
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(db["NAME"]) as out:
            src.backup(out)
        src.close()
        out.close()
        return
    args, env = _pg_env(db)
    _run([pg_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          *args, str(source)], env)
