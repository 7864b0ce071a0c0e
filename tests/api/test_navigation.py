"""The portal's navigation links to the token page for exactly the roles that may make tokens, in Dutch
and in English (the same permission function as the page itself)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sectorplannen.accounts.permissions import can_manage_api_tokens

from ..portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language,label", [("nl", "API-sleutels"), ("en", "API keys")])
def test_the_token_page_is_in_the_navigation_of_those_who_may_make_tokens(client, users, language, label):
    link = f'href="{reverse("api:tokens")}"'
    for role, user in users.items():
        assert client.login(username=user.username, password=PASSWORD)
        page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE=language, follow=True).content.decode()
        nav = page[page.find("<nav"):page.find("</nav>")]
        may = can_manage_api_tokens(user)[0]
        assert (link in nav and f">{label}<" in nav.replace("\n", "").replace("  ", "")) == may, (role, may)
        client.logout()
    assert can_manage_api_tokens(users["applicant"])[0] and not can_manage_api_tokens(users["employer"])[0]
