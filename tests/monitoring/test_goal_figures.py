"""Goals beside the figures that test them: the codebook's goals → indicators table joined to the
evaluation's outcome tables by theme, on the evaluator's page and in the report's outcome chapter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sectorplannen.monitoring.goal_figures import NOT_TESTED, goal_figure_rows, goal_figure_table
from sectorplannen.qualitative.models import CodebookVersion

from ..portal.conftest import PASSWORD, organisation, other_organisation, users  # noqa: F401

pytestmark = pytest.mark.django_db


def outcome_files(directory):
    directory.mkdir(exist_ok=True)
    (directory / "income_status.csv").write_text(
        "measurement_date,dimension,group,outcome,n,share,suppressed\n"
        "2018-05-31,category,mobility,ww,100,0.3000,false\n"  # an earlier date: not used
        "2019-05-31,category,mobility,ww,100,0.1250,false\n"
        "2019-05-31,category,mobility,werknemer_ww,,,true\n"
        "2019-05-31,total,total,ww,400,0.2000,false\n", encoding="utf-8")
    return directory


def test_each_goal_beside_the_share_of_its_indicator_by_theme(tmp_path):
    rows = goal_figure_rows(outcome_files(tmp_path / "evaluatie"))
    book = CodebookVersion.objects.order_by("-version").first().codebook
    assert len({(r[0], r[1]) for r in rows}) == sum(len(lst.categories) for lst in book.goals.values())
    prevent_ww = [r for r in rows if r[0] == "Mobiliteit" and r[1].startswith("Uitkeringsafhankelijkheid")]
    assert [r[3] for r in prevent_ww] == [Decimal("0.1250"), None]  # the ww share; werknemer_ww suppressed
    assert "WW" in prevent_ww[0][2]
    healthier = next(r for r in rows if r[1] == "Gezondere werknemers")
    assert healthier[2:] == (NOT_TESTED, NOT_TESTED)  # the register cannot test it
    table = goal_figure_table(tmp_path / "evaluatie")
    assert table is not None and table.row_kinds[rows.index(prevent_ww[0])] == "pct"


def test_no_table_without_outcomes_by_theme(tmp_path):
    assert goal_figure_table(tmp_path) is None


def test_the_evaluators_page_shows_the_goal_beside_the_figure(client, users, settings, tmp_path):  # noqa: F811
    settings.SECTORPLANNEN_EVALUATION_DIR = str(outcome_files(tmp_path / "evaluatie"))
    assert client.login(username=users["evaluator"].username, password=PASSWORD)
    page = client.get(reverse("portal:evaluation")).content.decode()
    assert "Doelen per thema naast de uitkomst die ze toetst" in page
    assert "Uitkeringsafhankelijkheid voorkomen, vooral WW-instroom" in page and "12,5" in page
