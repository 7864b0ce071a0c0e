"""Issue 18, point 6: the calculator's result stands above the form and the page moves to it, it can
be filled from the user's own plan, and it takes any number of measure rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sectorplannen.common.money import format_eur

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client, users):
    assert client.login(username="applicant", password=PASSWORD)
    return client


def test_any_number_of_rows(applicant):
    page = applicant.get(reverse("portal:calculator")).content.decode()
    shown = page.count('id="maatregel-')
    more = applicant.get(reverse("portal:calculator"), {"rows": [shown, shown + 1]}).content.decode()
    assert more.count('id="maatregel-') == shown + 1 and 'data-testid="add-row"' in more
    many = {"scheme": "sectorplannen-2013", "advances_paid_eur": "0", "rows": "12"}
    for i in range(12):
        many |= {f"m{i}-code": f"M{i:02}", f"m{i}-type": "general_training", f"m{i}-planned_costs_eur": "1000",
                 f"m{i}-eligible_costs_eur": "1000"}
    page = applicant.get(reverse("portal:calculator"), many).content.decode()
    assert page.count('id="maatregel-') == 12 and 'data-testid="calculator-result"' in page


def test_filled_from_the_own_plan_with_the_result_above_the_form(applicant, users, granted_plan):
    page = applicant.get(reverse("portal:calculator"), {"plan": granted_plan.pk}).content.decode()
    assert 'data-testid="calculator-source"' in page
    line = granted_plan.latest_decision().lines.get()
    assert f'value="{line.measure.code}"' in page
    assert page.index('data-testid="calculator-result"') < page.index('id="maatregel-1"')
    assert 'action="#uitkomst"' in page and 'id="uitkomst"' in page
    assert format_eur(line.subsidy_eur).replace(" ", "\xa0") in page  # planned costs until declared


def test_someone_elses_plan_is_not_loaded(client, users, granted_plan):
    assert client.login(username="outsider", password=PASSWORD)
    page = client.get(reverse("portal:calculator"), {"plan": granted_plan.pk}).content.decode()
    assert 'data-testid="calculator-source"' not in page and granted_plan.name not in page
