"""The vault: pseudonyms (stable, keyed), encryption bound to the pseudonym, keys outside the
database, the generated development key file, and key rotation."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import os
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from sectorplannen.audit.models import AuditEvent
from sectorplannen.participants import vault
from sectorplannen.participants.models import Person

from ..factories import UserFactory
from .conftest import row, write_csv


def test_pseudonym_is_hmac_sha256_hex_under_the_configured_key(settings, official_test_bsns):
    b = official_test_bsns[0]
    key = bytes.fromhex(settings.PSEUDONYM_KEY)
    p = vault.get_vault().pseudonym(b)
    assert p == hmac.new(key, b.encode(), hashlib.sha256).hexdigest()
    assert len(p) == 64 and p == p.lower()


def test_another_key_gives_unrelated_pseudonyms(official_test_bsns):
    keys = vault.get_vault().keys
    other = vault.Vault(vault.Keys(keys.encryption_keys, os.urandom(32), "settings"))
    same = vault.Vault(vault.Keys((os.urandom(32),), keys.pseudonym_key, "settings"))
    for b in official_test_bsns:
        assert other.pseudonym(b) != vault.get_vault().pseudonym(b)
        assert same.pseudonym(b) == vault.get_vault().pseudonym(b)  # encryption key plays no part


@pytest.mark.django_db
def test_ciphertext_is_bound_to_its_pseudonym(official_test_bsns):
    v = vault.get_vault()
    a, b = official_test_bsns[:2]
    ca = v.encrypt(a, v.pseudonym(a))
    assert a.encode() not in ca
    assert list(v.linkage_pairs([(v.pseudonym(a), ca)], purpose="test")) == [(a, v.pseudonym(a))]
    with pytest.raises(vault.VaultError) as exc:
        list(v.linkage_pairs([(v.pseudonym(b), ca)], purpose="test"))
    assert a not in str(exc.value) and b not in str(exc.value)
    tampered = ca[:-1] + bytes([ca[-1] ^ 1])
    with pytest.raises(vault.VaultError):
        list(v.linkage_pairs([(v.pseudonym(a), tampered)], purpose="test"))


@pytest.mark.django_db
def test_decryption_is_audit_logged_with_count_and_actor(django_user_model, official_test_bsns):
    v = vault.get_vault()
    user = UserFactory(username="kf")
    rows = [(v.pseudonym(b), v.encrypt(b, v.pseudonym(b))) for b in official_test_bsns[:3]]
    assert len(list(v.linkage_pairs(rows, actor=user, purpose="linkage_export"))) == 3
    event = AuditEvent.objects.get(event="bsn_decrypted")
    assert event.actor == user and event.context["count"] == 3 and event.context["purpose"] == "linkage_export"
    assert not any(b in json.dumps(event.context) for b in official_test_bsns)


def test_keys_must_come_in_pairs(settings):
    settings.PSEUDONYM_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        vault.get_vault()


def test_bad_keys_are_refused(settings):
    settings.BSN_ENCRYPTION_KEYS = ["dGVzdA=="]
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        vault.load_keys()
    settings.BSN_ENCRYPTION_KEYS = [vault.encode_keys(vault.generate_keys())["bsn_encryption_keys"][0]]
    settings.PSEUDONYM_KEY = "abcd"
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        vault.load_keys()


def test_generated_key_file_lives_beside_the_sqlite_database(settings):
    db = settings.DATABASES["default"]
    expected = (Path(db["NAME"]).resolve().parent if db["ENGINE"].endswith("sqlite3") else Path(settings.DATA_DIR))
    assert vault.generated_key_file_path() == expected / vault.GENERATED_KEY_FILE_NAME


def test_without_keys_a_key_file_is_generated_on_first_use(settings, tmp_path, caplog, monkeypatch,
                                                           official_test_bsns):
    settings.BSN_ENCRYPTION_KEYS, settings.PSEUDONYM_KEY, settings.KEY_FILE = [], "", ""
    monkeypatch.setattr(vault, "generated_key_file_path", lambda: tmp_path / vault.GENERATED_KEY_FILE_NAME)
    with caplog.at_level(logging.WARNING, logger="sectorplannen.participants.vault"):
        first = vault.get_vault()
    path = tmp_path / vault.GENERATED_KEY_FILE_NAME
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "generated a development key file" in caplog.text
    vault.reset_vault()
    assert vault.get_vault().pseudonym(official_test_bsns[0]) == first.pseudonym(official_test_bsns[0])
    settings.ALLOW_GENERATED_KEYS = False
    path.unlink()
    with pytest.raises(ImproperlyConfigured):
        vault.get_vault()


def test_key_file_setting(settings, tmp_path, official_test_bsns):
    keys = vault.generate_keys()
    path = tmp_path / "keys.json"
    vault.write_key_file(path, keys)
    with pytest.raises(FileExistsError):
        vault.write_key_file(path, keys)
    settings.BSN_ENCRYPTION_KEYS, settings.PSEUDONYM_KEY, settings.KEY_FILE = [], "", str(path)
    assert vault.get_vault().keys.pseudonym_key == keys.pseudonym_key
    assert vault.get_vault().keys.key_file == path


def _import(plan, tmp_path, bsns):
    call_command("participants", "import", "--plan", plan.name,
                 "--file", str(write_csv(tmp_path / "up.csv", [row(b) for b in bsns])), stdout=io.StringIO())


def test_rotation_reencrypts_without_changing_pseudonyms(plan, settings, tmp_path, new_bsns):
    bsns = new_bsns(25)
    _import(plan, tmp_path, bsns)
    before = dict(Person.objects.values_list("pseudonym", "bsn_ciphertext"))
    old_key = settings.BSN_ENCRYPTION_KEYS[0]
    new_key = vault.encode_keys(vault.generate_keys())["bsn_encryption_keys"][0]
    settings.BSN_ENCRYPTION_KEYS = [new_key, old_key]
    result = vault.rotate(chunk_size=10)
    assert (result.persons, result.reencrypted) == (25, 25)
    after = dict(Person.objects.values_list("pseudonym", "bsn_ciphertext"))
    assert set(after) == set(before)
    assert all(bytes(after[p]) != bytes(before[p]) for p in before)
    assert vault.rotate().reencrypted == 0  # already done
    settings.BSN_ENCRYPTION_KEYS = [new_key]  # the old key can go now
    pairs = list(vault.get_vault().linkage_pairs(after.items(), purpose="test"))
    assert sorted(b for b, _ in pairs) == sorted(bsns)
    assert AuditEvent.objects.filter(event="bsn_keys_rotated").count() == 2


def test_rotate_command_with_a_key_file(plan, settings, tmp_path, new_bsns):
    path = tmp_path / "keys.json"
    vault.write_key_file(path, vault.generate_keys())
    settings.BSN_ENCRYPTION_KEYS, settings.PSEUDONYM_KEY, settings.KEY_FILE = [], "", str(path)
    bsns = new_bsns(5)
    _import(plan, tmp_path, bsns)
    pseudonyms = set(Person.objects.values_list("pseudonym", flat=True))
    out = tmp_path / "out.txt"
    with open(out, "w") as fh:
        call_command("keys", "rotate", "--new-key", "--drop-old-keys", stdout=fh)
    assert "5 van 5" in out.read_text()
    assert len(json.loads(path.read_text())["bsn_encryption_keys"]) == 1
    assert set(Person.objects.values_list("pseudonym", flat=True)) == pseudonyms
    rows = Person.objects.values_list("pseudonym", "bsn_ciphertext")
    assert sorted(b for b, _ in vault.get_vault().linkage_pairs(rows, purpose="test")) == sorted(bsns)


def test_generate_command_prints_usable_keys(capsys, settings, official_test_bsns):
    call_command("keys", "generate")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    settings.BSN_ENCRYPTION_KEYS = [lines["SECTORPLANNEN_BSN_ENCRYPTION_KEYS"]]
    settings.PSEUDONYM_KEY = lines["SECTORPLANNEN_PSEUDONYM_KEY"]
    v = vault.get_vault()
    assert v.pseudonym(official_test_bsns[0]) != vault.Vault(vault.generate_keys()).pseudonym(official_test_bsns[0])
