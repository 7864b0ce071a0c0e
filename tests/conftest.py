"""Shared fixtures."""

import pytest


def _check_digit_ok(bsn: str) -> bool:
    d = [int(c) for c in bsn]
    return (sum(d[i] * (9 - i) for i in range(8)) - d[8]) % 11 == 0


@pytest.fixture
def official_test_bsns() -> list[str]:
    """Official test BSNs (published for testing; never real people)."""
    bsns = ["999991607", "123456782", "111222333", "999990019", "999993653", "999995078"]
    assert all(_check_digit_ok(b) for b in bsns)
    return bsns
