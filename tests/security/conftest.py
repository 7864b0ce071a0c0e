"""The participant fixtures (runtime BSNs) for the security tests."""

from tests.participants.conftest import new_bsns  # noqa: F401 - a fixture
