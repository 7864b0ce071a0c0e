"""The simulator page without a browser: the form writes only what changed, a stored scenario is run."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sectorplannen.simulator.models import ScenarioVersion

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _initial(html: str) -> dict:
    """What the browser would send for the form as it is shown (text inputs and selected options)."""
    data = dict(re.findall(r'<input type="(?:text|number)" name="([^"]+)" value="([^"]*)"', html))
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body) or re.search(r'<option value="([^"]*)"', body)
        data[name] = chosen.group(1)
    return data


@pytest.fixture
def officer(client, users):
    assert client.login(username="policy_officer", password=PASSWORD)
    return client


def test_the_form_starts_from_the_current_rules_and_stores_only_the_change(officer, users):
    page = officer.get(reverse("portal:simulator")).content.decode()
    assert "Leerwerkplek (BBL)" in page and "work_placement" not in re.sub(r'(name|id|for)="[^"]*"', "", page)
    data = _initial(page) | {"name": "vast-deel", "title": "Vast deel", "reason": "les 13",
                             "overhead_fixed_eur": "50000"}
    response = officer.post(reverse("portal:simulator"), data)
    assert response.status_code == 302, re.findall(r'error-message"[^>]*>([^<]+)', response.content.decode())
    assert response.url.endswith("?s=vast-deel")
    version = ScenarioVersion.objects.get()
    assert version.document["changes"] == {"overhead": {"fixed_eur": "50000"}}
    assert (version.made_by, version.reason, version.version) == (users["policy_officer"], "les 13", 1)
    compared = officer.get(response.url).content.decode()
    assert "gedrag is niet aangenomen" in compared and "Vast deel" in compared


def test_a_rejected_scenario_shows_why_and_stores_nothing(officer):
    data = _initial(officer.get(reverse("portal:simulator")).content.decode()) | {
        "name": "fout", "title": "Fout", "reason": "proef", "convergence": "0.5"}
    response = officer.post(reverse("portal:simulator"), data)
    assert response.status_code == 422
    assert "Deze aanname werkt alleen met een standaardprijs als bovengrens" in response.content.decode()
    assert not ScenarioVersion.objects.exists()


def test_compare_without_a_choice_asks_for_one(officer):
    response = officer.get(reverse("portal:simulator_compare") + "?s=bestaat-niet")
    assert response.status_code == 200 and 'data-testid="no-scenarios"' in response.content.decode()
