"""Shared fixtures."""

import email
import socket
from email.policy import default as default_policy

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


class _Inbox:
    """What the loopback SMTP server received: parsed messages with their envelope recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd) with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def spark_session():
    """ONE local Spark session for every `spark` test (starting one costs seconds and a JVM): local[2],
    4 shuffle partitions, no UI, bound to 127.0.0.1, 3 GB driver memory (evaluation/engine.py)."""
    from sectorplannen.evaluation.engine import spark_session as make_session

    session = make_session()
    yield session
    session.stop()


from tests.portal.walk import browser  # noqa: E402, F401  (the browser fixture, for every package)
