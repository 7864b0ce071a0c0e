"""The realisation dashboard: contents with jump links, charts on the page, filters, a download per
table (CSV and XLSX, opened and read back) and wide tables in a scrollable frame."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from sectorplannen.workflow.reference import BUNDLED_FILES, import_reference

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_tranches(db):
    for f in BUNDLED_FILES:
        import_reference(f)


def _page(client, users, **params) -> str:
    assert client.login(username=users["policy_officer"].username, password=PASSWORD)
    response = client.get(reverse("portal:dashboard"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_contents_charts_and_both_tranches(client, users, both_tranches):
    html = _page(client, users)
    anchors = set(re.findall(r'id="(tabel-[^"]+)"', html))
    links = re.findall(r'href="#(tabel-[^"]+)"', html)
    assert {"tabel-S-1", "tabel-6-3", "tabel-A-13", "tabel-M-14"} <= anchors
    assert set(links) == anchors  # every table is in the contents, every link lands on a table
    charts = re.findall(r'<figure id="(grafiek-[^"]+)"[^>]*>\s*<img src="data:image/png;base64,[^"]+" alt="([^"]+)"',
                        html)
    assert len(charts) >= 5 and all(len(alt) > 40 for _, alt in charts)
    assert all(f'href="#{c}"' in html for c, _ in charts)
    assert "Tranche 1 en 2" in html and "Tranche 3" in html and "Transport (t3)" in html
    assert html.count('class="portal-table-wrap" tabindex="0" role="region"') == len(anchors)  # scrollable frames


def _rows(html: str, table: str | None = None) -> set[str]:
    """The row labels of the page's tables (or of one table)."""
    if table:
        html = html.split(f'id="tabel-{table}"')[1].split("</table>")[0]
    return set(re.findall(r'scope="row">([^<]+)</th>', html))


def test_filters_narrow_the_tables(client, users, both_tranches):
    everything = _page(client, users)
    regional_t3 = _page(client, users, tranche="3", kind="regional")
    assert 'value="3" selected' in regional_t3 and 'value="regional" selected' in regional_t3
    rows = _rows(regional_t3)
    assert "Achterhoek" in rows and "Transport (t3)" not in rows and "Metaal" not in rows
    assert _rows(everything) > rows
    sector = _page(client, users, sector="Bouw")
    assert _rows(sector, "A-2") == {"Bouw", "Totaal"}
    theme = _page(client, users, theme="health")
    assert "Bouw" in _rows(theme, "A-3") and "Afval" not in _rows(theme, "A-3")  # only plans with health
    assert "onbekend" in theme.split('id="tabel-S-1"')[1].split("</table>")[0]  # tranche totals do not apply
    ignored = _page(client, users, tranche="7", kind="x")
    assert _rows(ignored) == _rows(everything)


def test_download_per_table_as_csv_and_xlsx(client, users, both_tranches):
    assert client.login(username=users["policy_officer"].username, password=PASSWORD)
    html = client.get(reverse("portal:dashboard"), {"tranche": "3"}).content.decode()
    url = reverse("portal:realisation_table", args=["6.3", "csv"]) + "?tranche=3"
    assert url.replace("&", "&amp;") in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Plan", "Rijksoverheid", "Sector", "Totaal", "Aandeel sector"]
    assert len(rows) == 1 + 24 + 1 and rows[-1][0] == "Totaal"
    assert sum(int(float(r[3])) for r in rows[1:-1]) == int(float(rows[-1][3]))

    response = client.get(reverse("portal:realisation_table", args=["A.9", "xlsx"]))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb.active
    assert ws["A1"].value.startswith("Tabel A.9") and ws.tables
    header = [c.value for c in ws[3]]
    assert header[0] == "Plan" and header[-1] == "Totaal"
    assert client.get(reverse("portal:realisation_table", args=["Z.9", "csv"])).status_code == 404
    assert client.get(reverse("portal:realisation_table", args=["6.3", "pdf"])).status_code == 404
