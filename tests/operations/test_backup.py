"""Backup and restore drill with a key rotation: back up a demo-like database, restore it into an
empty one and find every plan, decision, ledger entry and pseudonym identical; rotate the keys and
show which keys an older backup still needs.

Runs on SQLite in ``make test`` and on PostgreSQL when DATABASE_URL points at one (``make test-postgres``)."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from sectorplannen.operations.backup import COUNTED, backup, read_manifest, restore
from sectorplannen.operations.databases import BackupError
from sectorplannen.participants import vault
from sectorplannen.participants.models import Person

from .drill import COMPARED, drop_database, empty_database, rows

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def key_file(settings, tmp_path):
    """The test keys moved into a key file, as production keeps them (rotation needs a file)."""
    keys = vault.load_keys()
    path = tmp_path / "keys" / "sectorplannen-keys.json"
    vault.write_key_file(path, keys)
    settings.BSN_ENCRYPTION_KEYS, settings.PSEUDONYM_KEY, settings.KEY_FILE = [], "", str(path)
    return path


def linkage(alias: str) -> dict[str, str]:
    """pseudonym → BSN, decrypted by the configured keys (the drill's check that BSNs survive)."""
    persons = Person.objects.using(alias).order_by("pk").values_list("pseudonym", "bsn_ciphertext")
    return {p: b for b, p in vault.get_vault().linkage_pairs(persons, purpose="backup_drill")}


def test_backup_restore_and_key_rotation_drill(world, key_file, media, tmp_path):
    statement = world["settled"].final_declaration.auditor_statement
    assert statement.name and (media / statement.name).is_file()
    before = {label: rows("default", label) for label in COMPARED}
    assert all(before[label] for label in COMPARED), "the world has rows in every compared table"
    pairs_before = linkage("default")
    assert sorted(pairs_before.values()) == sorted(set(world["bsns"]))

    out = io.StringIO()
    call_command("backup", out=tmp_path / "b1.tar", stdout=out)
    archive = tmp_path / "b1.tar"
    assert "De sleutels zitten er niet in" in out.getvalue()
    manifest = read_manifest(archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "media/" + statement.name in names and "database.dump" in names
    assert not [n for n in names if "key" in n.lower()]  # the key file is not in the backup
    assert json.dumps(manifest).count(key_file.read_text()[:20]) == 0
    assert manifest["row_counts"]["participants.Person"] == len(set(world["bsns"]))
    assert set(manifest["row_counts"]) == set(COUNTED)
    assert manifest["keys"]["encryption_keys"] == vault.key_ids_in_use()
    assert manifest["migrations"]["participants"] and manifest["software_version"]

    # 1. restore into an empty database: every row identical, the BSNs readable with the key file
    first = empty_database(tmp_path)
    try:
        result = restore(archive, alias=first, media_root=tmp_path / "media-restored")
        assert result.missing_keys == () and result.pseudonym_key_fits and result.media_files == 1
        for label in COMPARED:
            assert rows(first, label) == before[label], label
        assert (tmp_path / "media-restored" / statement.name).read_bytes() == (media / statement.name).read_bytes()
        assert linkage(first) == pairs_before
        with pytest.raises(BackupError, match="not empty"):
            restore(archive, alias=first, media_root=tmp_path / "elsewhere")
    finally:
        drop_database(first)

    # 2. key rotation: a new key in front, every ciphertext re-encrypted, pseudonyms unchanged
    old_id = vault.get_vault().current_key_id.hex()
    out = io.StringIO()
    call_command("keys", "rotate", "--new-key", stdout=out)
    new_id = vault.get_vault().current_key_id.hex()
    assert new_id != old_id and vault.key_ids_in_use() == [new_id]
    after = rows("default", "participants.Person")
    assert [p["pseudonym"] for p in after] == [p["pseudonym"] for p in before["participants.Person"]]
    assert all(a["bsn_ciphertext"] != b["bsn_ciphertext"] for a, b in zip(after, before["participants.Person"],
                                                                          strict=True))
    assert linkage("default") == pairs_before

    # 3. the backup from before the rotation still restores and reads while the old key is kept
    second = empty_database(tmp_path)
    try:
        result = restore(archive, alias=second, media_root=tmp_path / "media-2")
        assert result.missing_keys == ()
        assert linkage(second) == pairs_before
    finally:
        drop_database(second)

    # 4. once the old key is dropped, that backup's BSNs cannot be read: the restore says which key is missing
    call_command("keys", "rotate", "--drop-old-keys", stdout=io.StringIO())
    third = empty_database(tmp_path)
    try:
        result = restore(archive, alias=third, media_root=tmp_path / "media-3")
        assert result.missing_keys == (old_id,)
        for label in COMPARED:  # everything else is there, pseudonyms included
            assert rows(third, label) == before[label], label
        with pytest.raises(vault.VaultError):
            linkage(third)
    finally:
        drop_database(third)


def test_a_damaged_backup_is_refused_before_anything_is_restored(world, media, tmp_path):
    archive = backup(tmp_path / "b.tar").path
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "database.dump":
                data = data[:-10] + b"0123456789"
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    target = empty_database(tmp_path)
    try:
        with pytest.raises(BackupError, match="database.dump .* checksum"):
            restore(damaged, alias=target, media_root=tmp_path / "m")
        assert not any((tmp_path / "m").glob("**/*"))
        connections[target].close()
    finally:
        drop_database(target)
    with pytest.raises(CommandError) as exc:
        call_command("restore", str(tmp_path / "missing.tar"))
    assert exc.value.returncode == 2
    with pytest.raises(BackupError, match="already exists"):
        backup(archive)


@pytest.mark.postgres
def test_on_postgresql_the_backup_is_a_pg_dump_restored_by_pg_restore(world, media, tmp_path):
    if connections["default"].vendor != "postgresql":
        pytest.skip("needs DATABASE_URL=postgres://… (make test-postgres)")
    result = backup(tmp_path / "pg.tar")
    assert result.manifest["database"]["engine"] == "postgresql"
    assert result.manifest["database"]["format"] == "pg_dump-custom"
    target = empty_database(tmp_path)
    try:
        restored = restore(result.path, alias=target, media_root=tmp_path / "m")
        assert restored.row_counts == result.manifest["row_counts"]
        for label in COMPARED:
            assert rows(target, label) == rows("default", label), label
        with connections[target].cursor() as cur:  # the sequences go on after the restored ids
            cur.execute("SELECT last_value FROM participants_person_id_seq")
            assert cur.fetchone()[0] == Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    finally:
        drop_database(target)
