"""What people see: labels instead of codes, the audit log as sentences (filtered, exported), the
evaluator's measurement date and downloads, the work queue's download and its one bulk action."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from sectorplannen.audit.models import AuditEvent
from sectorplannen.common import labels
from sectorplannen.common.event_labels import AUDIT_EVENTS, event_details
from sectorplannen.common.finding_labels import FINDINGS, UPLOAD_ERRORS, readable
from sectorplannen.common.kinds import PARTNER_KINDS
from sectorplannen.finance.models import LedgerKind
from sectorplannen.notifications.models import Notification
from sectorplannen.participants.validation import EMPLOYER_ERROR_CODES, ERROR_CODES
from sectorplannen.plans.models import PlanStatus
from sectorplannen.schemes.builtin import SCHEMES

from .conftest import PASSWORD

SRC = Path(__file__).resolve().parents[2] / "src" / "sectorplannen"
FORMATS = Path(__file__).resolve().parents[3] / "shared" / "docs" / "formats.md"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_every_code_of_the_code_lists_has_a_label():
    assert set(PlanStatus.values) <= set(labels.PLAN_STATUSES)
    assert {c for c, _ in PARTNER_KINDS} == set(labels.PARTNER_KIND_LABELS)
    assert set(LedgerKind.values) <= set(labels.LEDGER_KINDS)
    for scheme in SCHEMES.values():
        params = scheme.get("parameters", scheme)
        for code, category in params["categories"].items():
            assert code in labels.MEASURE_CATEGORIES, code
            assert set(category["types"]) <= set(labels.MEASURE_TYPES), code
    assert set(ERROR_CODES) | set(EMPLOYER_ERROR_CODES) == set(UPLOAD_ERRORS)


def test_every_recorded_audit_event_has_a_sentence():
    """Scans the code for the fixed event names (``record("…"``, ``audit_event="…"``)."""
    pattern = re.compile(r"""(?:record|_record\(\w+,)\(?\s*["']([a-z][a-z0-9_]+)["']|audit_event=["']([a-z_]+)["']""")
    names = set()
    for path in SRC.rglob("*.py"):
        for m in pattern.finditer(path.read_text(encoding="utf-8")):
            names.add(m.group(1) or m.group(2))
    names -= {"event"}
    assert names, "the scan found no event names"
    assert sorted(names - set(AUDIT_EVENTS)) == []


def test_every_finding_code_of_the_contract_has_a_sentence():
    if not FORMATS.exists():
        pytest.skip("the shared documents are not next to the project")
    text = FORMATS.read_text(encoding="utf-8")
    section = text[text.index("Codes at\n  least:"):text.index("## 2.")]
    codes = set(re.findall(r"`([a-z_]+)`", section))
    assert codes and codes <= set(FINDINGS)


def test_a_finding_reads_as_a_sentence_with_labels_and_the_schemes_title():
    titles = {"sectorplannen-2013": "Regeling cofinanciering sectorplannen (tranches 1 en 2)"}
    message = ("Eigen bijdrage van 'municipality' is niet toegestaan: in regeling sectorplannen-2013 "
               "telt alleen geld uit de sector; toegestaan: training_fund, employers.")
    with translation.override("nl"):
        shown = readable(message, titles)
    assert "municipality" not in shown and "training_fund" not in shown and "sectorplannen-2013" not in shown
    assert "‘gemeente’" in shown.lower() and "O&O-fonds, Werkgevers" in shown
    assert "in de regeling cofinanciering sectorplannen (tranches 1 en 2)" in shown


def test_audit_details_are_phrases_with_labels():
    with translation.override("nl"):
        text = event_details({"status_from": "submitted", "status_to": "granted", "amount_eur": "30000",
                              "transition": "grant", "second_factor": True})
    assert text == "van: ingediend; naar: verleend; bedrag: €\xa030.000,00; tweede factor: ja"
    with translation.override("en"):
        assert event_details({"status_to": "granted"}) == "to: granted"


def test_the_plan_log_and_the_status_show_no_codes(client, users, granted_plan):
    login(client, users["applicant"])
    page = client.get(reverse("portal:plan_detail", args=[granted_plan.pk])).content.decode()
    visible = re.sub(r"<[^>]+>", " ", page)
    assert "verleend" in visible and "granted" not in visible and "general_training" not in visible
    log = re.sub(r"<[^>]+>", " ", client.get(reverse("portal:plan_audit", args=[granted_plan.pk])).content.decode())
    assert "Subsidie verleend" in log and "decision_taken" not in log and "=" not in log


def test_the_audit_log_is_filtered_and_exported(client, users, granted_plan, fresh_plan):
    login(client, users["administrator"])
    url = reverse("portal:system_audit")

    def rows(**query):
        page = client.get(url, query).content.decode()
        return page.partition("<tbody")[2]  # the events, not the filter's choices

    shown = rows(plan=fresh_plan.pk)
    assert "Sectorplan Vers" in shown and "Subsidie verleend" not in shown
    shown = rows(event="decision_taken", actor=users["assessor"].pk)
    assert "Subsidie verleend" in shown and "Plan ingediend" not in shown
    today = AuditEvent.objects.latest("at").at.date()
    assert "Plan ingediend" not in rows(until="2000-01-01")
    assert "Plan ingediend" in rows(since=today.isoformat())

    response = client.get(reverse("portal:system_audit_download", args=["csv"]), {"event": "plan_submitted"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Moment", "Wie", "Gebeurtenis", "Code", "Plan", "Details", "Gegevens"]
    assert {r[3] for r in rows[1:]} == {"plan_submitted"} and len(rows) == 3
    assert {r[4] for r in rows[1:]} == {"Sectorplan Voorbeeld", "Sectorplan Vers"}
    xlsx = client.get(reverse("portal:system_audit_download", args=["xlsx"]), {"plan": fresh_plan.pk})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[3]][:4] == ["Moment", "Wie", "Gebeurtenis", "Code"]
    assert AuditEvent.objects.filter(event="audit_log_downloaded", actor=users["administrator"]).count() == 2


def _outcomes(directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    lines = ["measurement_date,dimension,group,outcome,n,share,suppressed"]
    for date, share in (("2018-05-31", "0.7000"), ("2019-05-31", "0.8000")):
        lines += [f"{date},total,total,voltijd,120,{share},false",
                  f"{date},category,mobility,voltijd,60,{share},false",
                  f"{date},category_x_plan_kind,work_placements|regional,voltijd,30,{share},false"]
    (directory / "hours.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_evaluator_chooses_the_measurement_date_and_downloads_a_table(client, users, settings):
    _outcomes(Path(settings.SECTORPLANNEN_EVALUATION_DIR))
    login(client, users["evaluator"])
    latest = client.get(reverse("portal:evaluation")).content.decode()
    assert "31 mei 2019" in latest and "80,0" in latest
    assert "Mobiliteit" in latest and "Leerwerkplekken × regionaal" in latest
    assert "mobility" not in re.sub(r"<[^>]+>", " ", latest) and "work_placements" not in latest
    earlier = client.get(reverse("portal:evaluation"), {"datum": "2018-05-31"}).content.decode()
    assert "70,0" in earlier and "80,0" not in earlier
    href = re.search(r'href="([^"]+evaluatie/tabel/U\.1\.csv[^"]*)"', earlier).group(1).replace("&amp;", "&")
    body = client.get(href).content.decode("utf-8-sig")
    assert "0.7000" in body and "0.8000" not in body
    xlsx = client.get(reverse("portal:evaluation_table", args=["U.1", "xlsx"]))
    assert xlsx.status_code == 200 and openpyxl.load_workbook(io.BytesIO(xlsx.content))


def test_the_work_queue_downloads_and_reminds_overdue_reports(client, users, granted_plan, settings):
    settings.SECTORPLANNEN_BUSINESS_DATE = "2015-10-01"  # the 12-month progress report is overdue
    login(client, users["assessor"])
    page = client.get(reverse("portal:queue")).content.decode()
    values = re.findall(r'name="report" value="([0-9]+:[0-9]+)"', page)
    assert values, "no overdue progress report on the page"
    body = client.get(reverse("portal:queue_download", args=["csv"])).content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Plan,Taak,Uiterlijk,Termijn verstreken" and "Sectorplan Voorbeeld" in body
    r = client.post(reverse("portal:queue_remind"), {"report": values[:1]})
    assert r.status_code == 302
    sent = Notification.objects.filter(kind="progress_report_overdue", recipient=users["applicant"])
    assert sent.count() == 1
    client.post(reverse("portal:queue_remind"), {"report": values[:1]})  # once a day, however often clicked
    assert sent.count() == 1
    assert AuditEvent.objects.filter(event="progress_report_reminded", plan=granted_plan).count() == 1
