"""Tokens per role on top of the portal's users and plans (tests/portal/conftest.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sectorplannen.api.tokens import create_token

from ..portal.conftest import (  # noqa: F401 (fixtures)
    PASSWORD,
    _portal_settings,
    application,
    granted_plan,
    organisation,
    other_organisation,
    submitted_plan,
    users,
)

ALL_SCOPES = ["read", "write", "participants"]


def token_for(user, scopes=ALL_SCOPES, days=30) -> str:
    org = user.memberships.first().organisation if user.memberships.exists() else None
    if org is None and not any(g.name for g in user.groups.all()):
        return ""
    return create_token(user, name=f"systeem van {user.username}", scopes=scopes, days=days, organisation=org)[1]


@pytest.fixture
def api():
    """A DRF test client with a helper that sets the token."""
    client = APIClient()

    def as_(secret: str | None):
        client.credentials(**({"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}))
        return client

    client.as_ = as_
    return client


@pytest.fixture
def secrets(users):  # noqa: F811 (the fixture imported above)
    """One token (every scope) per user that may have one; users who may not have none."""
    from sectorplannen.api.tokens import can_manage_tokens

    return {role: token_for(u) for role, u in users.items() if can_manage_tokens(u)[0]}


@pytest.fixture
def wsgi_app():
    """The project's WSGI application for in-process clients (schemathesis, the generated client). As
    Django's test client does, requests do not close the test's database connection (which holds the
    test's transaction on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from sectorplannen.wsgi import application as wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield wsgi_application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
