"""Benchmark: pseudonymising (HMAC-SHA-256) and encrypting BSNs in the vault. Target (issue): 1,000,000
pseudonyms in under 5 seconds. Also shows why the vault uses a prepared HMAC object and AES-GCM.

    .venv/bin/python benchmarks/bench_pseudonyms.py [--count 1000000]

A script, not a timed test. BSNs are made at run time (random digits plus check digit) and kept in
memory only."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import time

import django


def best_of(runs: int, func) -> float:
    """Fastest of ``runs`` timings (seconds): the least disturbed by other work on the machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.dev")
    django.setup()
    from cryptography.fernet import Fernet

    from sectorplannen.participants.synth import make_bsn
    from sectorplannen.participants.validation import normalise_bsn
    from sectorplannen.participants.vault import Keys, Vault, generate_keys

    rng = random.Random(1)
    bsns = [make_bsn(rng) for _ in range(args.count)]
    keys = generate_keys()
    vault = Vault(Keys(keys.encryption_keys, keys.pseudonym_key, "settings"))
    key = keys.pseudonym_key
    sample = bsns[: max(1, args.count // 10)]
    fernet = Fernet(Fernet.generate_key())

    results = {
        "count": args.count,
        "pseudonyms_vault_s": best_of(args.runs, lambda: [vault.pseudonym(b) for b in bsns]),
        "pseudonyms_naive_hmac_new_per_bsn_s": best_of(
            args.runs, lambda: [hmac.new(key, b.encode(), hashlib.sha256).hexdigest() for b in bsns]),
        "eleven_test_fast_s": best_of(args.runs, lambda: [normalise_bsn(b) for b in bsns]),
        "encrypt_aes_gcm_s": best_of(args.runs, lambda: vault.encrypt_many(
            [(b, "0" * 64) for b in bsns])),
        f"encrypt_fernet_{len(sample)}_s": best_of(1, lambda: [fernet.encrypt(b.encode()) for b in sample]),
    }
    from stdnum.nl import bsn as stdnum_bsn

    results[f"eleven_test_stdnum_{len(sample)}_s"] = best_of(1, lambda: [stdnum_bsn.is_valid(b) for b in sample])
    results["pseudonyms_per_s"] = round(args.count / results["pseudonyms_vault_s"])
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in results.items()}, indent=2))


if __name__ == "__main__":
    main()
