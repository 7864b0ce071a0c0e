"""``backup`` and ``restore``: one tar archive with the database, the media files (auditor's
statements, upload reports, job results) and a manifest of versions, row counts and checksums.

The BSN key file is deliberately NOT in the archive: a stolen backup then holds ciphertexts and
pseudonyms only. Keys are kept apart (docs/operations.md), with every key still needed to read the
backups that are kept."""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from sectorplannen import __version__
from sectorplannen.audit.models import AuditEvent
from sectorplannen.participants.vault import get_vault, key_fingerprints, key_ids_in_use

from .databases import BackupError, dump, engine, is_empty, load

MANIFEST = "manifest.json"
DATABASE = "database.dump"
FORMAT_VERSION = 1
# Tables whose row counts are written in the manifest and checked after a restore.
COUNTED = ("plans.Plan", "plans.GrantDecision", "finance.Settlement", "finance.LedgerEntry", "participants.Person",
           "participants.Registration", "audit.AuditEvent", "jobs.Job", "notifications.Notification")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {label: apps.get_model(label).objects.using(alias).count() for label in COUNTED}


def _migrations(alias: str) -> dict[str, str]:
    with connections[alias].cursor() as cur:
        cur.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        latest: dict[str, str] = {}
        for app, name in cur.fetchall():
            latest[app] = max(latest.get(app, ""), name)
    return latest


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _key_file_inside(root: Path) -> Path | None:
    keys = get_vault().keys.key_file
    if keys is not None and root.resolve() in keys.resolve().parents:
        return keys.resolve()
    return None


def backup(out: Path, *, alias: str = DEFAULT_DB_ALIAS, media_root: Path | None = None, actor=None) -> BackupResult:
    """Write the archive ``out`` (a new file; an existing one is never overwritten)."""
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} already exists")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    db = connections[alias].settings_dict
    skip = _key_file_inside(media_root)
    with tempfile.TemporaryDirectory(prefix="sectorplannen-backup-") as tmp:
        dump_path = Path(tmp) / DATABASE
        fmt, counts = dump(alias, dump_path, {label: apps.get_model(label)._meta.db_table for label in COUNTED})
        media = [p for p in _media_files(media_root) if p.resolve() != skip]
        files = {DATABASE: {"sha256": _sha256(dump_path), "size": dump_path.stat().st_size}}
        for p in media:
            files["media/" + p.relative_to(media_root).as_posix()] = {"sha256": _sha256(p), "size": p.stat().st_size}
        manifest = {
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "software_version": __version__, "django_version": django.get_version(),
            "python_version": platform.python_version(),
            "database": {"engine": engine(db), "format": fmt, "server_version": _server_version(alias)},
            "migrations": _migrations(alias),
            "row_counts": counts,
            # Which keys the data needs (ids only: the keys themselves are never in a backup).
            "keys": {"encryption_keys": key_ids_in_use(alias),
                     "pseudonym_key": key_fingerprints(get_vault().keys)["pseudonym_key"]},
            "files": files,
        }
        manifest_path = Path(tmp) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(dump_path, arcname=DATABASE)
            for p in media:
                tar.add(p, arcname="media/" + p.relative_to(media_root).as_posix())
        partial.chmod(0o600)
        partial.rename(out)
    _record(alias, "backup_made", actor, file=out.name, database=manifest["database"]["engine"],
            files=len(files), rows=manifest["row_counts"])
    return BackupResult(out, manifest)


def _server_version(alias: str) -> str:
    conn = connections[alias]
    conn.ensure_connection()
    if conn.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    return str(conn.connection.info.server_version)


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive) as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{Path(archive).name} is not a sectorplannen backup ({type(exc).__name__})") from None


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    row_counts: dict[str, int]
    media_files: int
    missing_keys: tuple[str, ...]  # ids of keys the data needs that are not configured here
    pseudonym_key_fits: bool


def restore(archive: Path, *, alias: str = DEFAULT_DB_ALIAS, media_root: Path | None = None,
            actor=None) -> RestoreResult:
    """Check every checksum, then load the database into the EMPTY database ``alias`` and the media
    files into an empty (or absent) media directory; compare the row counts with the manifest."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"backup format {manifest.get('format_version')} is not supported")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    db = connections[alias].settings_dict
    connections[alias].close()
    if not is_empty(db):
        raise BackupError("the target database is not empty: restore goes into a new, empty database only")
    if any(_media_files(media_root)):
        raise BackupError(f"the media directory {media_root} is not empty")
    with tempfile.TemporaryDirectory(prefix="sectorplannen-restore-") as tmp:
        root = Path(tmp)
        with tarfile.open(archive) as tar:
            tar.extractall(root, filter="data")
        for name, info in manifest["files"].items():
            path = root / name
            if not path.is_file() or _sha256(path) != info["sha256"]:
                raise BackupError(f"{name} is missing from the backup or does not match its checksum")
        load(db, root / DATABASE, manifest["database"]["format"])
        media = [n for n in manifest["files"] if n.startswith("media/")]
        for name in media:
            target = media_root / name.removeprefix("media/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, target)
    connections[alias].close()
    counts = row_counts(alias)
    if counts != manifest["row_counts"]:
        raise BackupError(f"restored row counts {counts} differ from the backup's {manifest['row_counts']}")
    have = key_fingerprints(get_vault().keys)
    missing = tuple(k for k in manifest["keys"]["encryption_keys"] if k not in have["encryption_keys"])
    pseudonym_key_fits = manifest["keys"]["pseudonym_key"] == have["pseudonym_key"]
    _record(alias, "backup_restored", actor, file=archive.name, made_at=manifest["created_at"], rows=counts,
            missing_keys=list(missing), pseudonym_key_fits=pseudonym_key_fits)
    return RestoreResult(manifest, counts, len(media), missing, pseudonym_key_fits)


def _record(alias: str, event: str, actor, **context) -> None:
    """An audit event in the database that was backed up or restored (not necessarily the default one)."""
    from sectorplannen.audit.services import _os_user

    AuditEvent.objects.using(alias).create(event=event, actor=actor, actor_label="" if actor else f"cli:{_os_user()}",
                                           context=context)

