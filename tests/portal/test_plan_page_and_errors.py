"""Issue 18, points 5 and 7: the plan page leads with what was granted (the request secondary), the
assessor sees analysis, funding, equity test and checks on one page; errors: one summary at the top
of a page with several forms, fields marked invalid only after a submit."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from sectorplannen.common.money import format_eur
from sectorplannen.workflow.services import transition

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def test_the_plan_page_shows_the_granted_figures_first(client, users, submitted_plan):
    m01 = submitted_plan.measures.get(code="M01")
    transition(submitted_plan, "grant", users["assessor"], approved_by=users["policy_officer"],
               decided_on=dt.date(2014, 7, 1), assessments=[{"code": "M01", "verdict": "reduce",
                                                            "planned_participants": 250,
                                                            "planned_costs_eur": "250000", "reason": "Minder"}])
    granted = submitted_plan.scheme.rules.line_subsidy(m01.measure_type, Decimal("250000"))
    login(client, users["applicant"])
    page = client.get(reverse("portal:plan_detail", args=[submitted_plan.pk])).content.decode().replace("\xa0", " ")
    assert "Wat is verleend (beschikking versie 1)" in page and "Maatregelen zoals aangevraagd" not in page
    table = page[page.index('data-testid="granted"'):]
    table = table[:table.index("</table>")]
    assert format_eur(granted) in table and "250" in table
    assert format_eur(m01.planned_costs_eur) in table  # the request, in the secondary columns
    assert table.index(format_eur(granted)) < table.index(format_eur(m01.planned_costs_eur))


def test_the_assessor_sees_the_whole_dossier_on_the_plan_and_assessment_pages(client, users, submitted_plan):
    login(client, users["assessor"])
    analysis = submitted_plan.analyses.get()
    for url in (reverse("portal:plan_detail", args=[submitted_plan.pk]),
                reverse("portal:assess", args=[submitted_plan.pk])):
        page = client.get(url).content.decode()
        assert 'data-testid="analysis"' in page and analysis.summary[:20] in page
        assert 'data-testid="equity"' in page and 'data-testid="checks"' in page
        if any(m.own_funding for m in submitted_plan.measures.all()):
            assert 'data-testid="funding"' in page
    assert 'data-testid="checks"' not in _as(client, users["applicant"], submitted_plan)  # checks: agency only


def _as(client, user, plan) -> str:
    login(client, user)
    return client.get(reverse("portal:plan_detail", args=[plan.pk])).content.decode()


def test_one_error_summary_at_the_top_and_no_invalid_fields_before_submit(client, users, submitted_plan):
    login(client, users["assessor"])
    url = reverse("portal:assess", args=[submitted_plan.pk])
    page = client.get(url).content.decode()
    required = re.compile(r"<(input|select|textarea)[^>]*\srequired[\s>]")
    assert not required.search(page)
    calculator = client.get(reverse("portal:calculator")).content.decode()
    assert not required.search(calculator) and 'aria-required="true"' in calculator
    assert 'aria-invalid' not in page
    r = client.post(url, {"M01-verdict": "reduce", "M01-planned_participants": "-5", "note": ""})
    body = r.content.decode()
    assert body.count("data-error-summary") == 1
    assert body.index("data-error-summary") < body.index("<fieldset")  # above the cards, not inside one
    assert 'href="#id_M01-planned_participants"' in body and "Maatregel M01" in body
    assert 'aria-invalid="true"' in body
