"""The flows of the privacy sweep (test_privacy_sweep.py), run as a separate process on a SQLite file
so that the raw database file can be searched afterwards.

    python tests/security/privacy_flows.py OUT_DIR

Uploads the official test BSNs in every form through the command and the portal, looks at the
pages, downloads the error report, makes the evaluator's files and the linkage file, builds the
report (HTML, XLSX, PDF) and writes every page it saw into OUT_DIR/pages."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import os
import sys
from pathlib import Path
from unittest import mock

OUT = Path(sys.argv[1]) if __name__ == "__main__" else None  # set when run as the flows process
BSNS = ["999991607", "123456782", "111222333", "999990019", "999993653", "999995078"]
PASSWORD = "correct-horse-battery-staple"


def forms_of(bsn: str) -> dict[str, str]:
    """A BSN as people write it."""
    return {"plain": bsn, "spaces": f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}", "dots": f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}",
            "dashes": f"{bsn[:3]}-{bsn[3:6]}-{bsn[6:]}"}


def upload_rows() -> list[list]:
    """Every form: plain and separated BSNs (valid), one in an invalid field, an invalid variant."""
    a, b, c, d, e, f = BSNS
    wrong = a[:8] + str((int(a[8]) + 1) % 10)
    return [
        ["M01", a, "1980-01-01", "2014-09-01", "", "werkend_sector", ""],
        ["M01", forms_of(b)["spaces"], "1981-01-01", "2014-09-01", "", "werkend_sector", ""],
        ["M01", forms_of(c)["dots"], "1982-01-01", "2014-09-01", "", "student", ""],
        ["M01", forms_of(d)["dashes"], "1983-01-01", "2014-09-01", "", "student", forms_of(e)["dashes"]],
        ["M01", wrong, "1984-01-01", "2014-09-01", "", forms_of(f)["spaces"], f],
        ["M01", e, f, "2014-09-01", "", "werkend_sector", ""],
        ["M99", forms_of(f)["dots"], "1985-01-01", "2014-09-01", "", "student", ""],
    ]


HEADER = ["maatregel", "bsn", "geboortedatum", "startdatum", "einddatum", "doelgroep", "werkgever"]


def write_csv(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(upload_rows())
    return path


def write_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in upload_rows():
        ws.append(r)
    ws.append(["M01", int(BSNS[4]), "1986-01-01", "2014-09-01", "", "student", ""])  # a BSN as an Excel date
    ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def main() -> None:
    import django

    django.setup()
    import pyotp
    from django.core.management import call_command
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sectorplannen.accounts.services import create_user
    from sectorplannen.monitoring.services import build_report
    from sectorplannen.plans.application import submit_application
    from sectorplannen.plans.examples import FORMATS, load
    from sectorplannen.workflow.services import transition

    call_command("migrate", verbosity=0)
    pages = OUT / "pages"
    pages.mkdir(parents=True)
    files = OUT / "files"
    files.mkdir()
    plan = submit_application(load(FORMATS))
    assessor = create_user("assessor", role="assessor", password=PASSWORD)
    officer = create_user("policy", role="policy_officer", password=PASSWORD)
    transition(plan, "grant", assessor, approved_by=officer, decided_on=dt.date(2014, 7, 1))
    plan.refresh_from_db()
    main_org = plan.partners.get(organisation__name="Werkgeversvereniging X").organisation
    create_user("applicant", role="applicant", password=PASSWORD, organisations=[main_org])
    admin = create_user("administrator", role="administrator", password=PASSWORD)
    linkage = create_user("koppel", role="linkage_officer", password=PASSWORD)
    device = TOTPDevice.objects.create(user=linkage, confirmed=True)

    # The command: CSV and XLSX, file names with BSNs in them.
    for path in (write_csv(files / f"deelnemers {forms_of(BSNS[5])['spaces']} {BSNS[4]}.csv"),
                 write_xlsx(files / f"deelnemers-{forms_of(BSNS[3])['dashes']}.xlsx")):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("participants", "import", "--plan", str(plan.pk), "--file", str(path), "--errors",
                         str(OUT / f"errors-{path.suffix[1:]}.csv"), stdout=out, stderr=err)
        except Exception as exc:  # noqa: BLE001 - the sweep records whatever the command says
            err.write(str(exc))
        (OUT / f"command-{path.suffix[1:]}.txt").write_text(out.getvalue() + err.getvalue())
        path.unlink()  # the user's own file: not the system's output

    # The portal: the same files uploaded by the applicant, then every page that shows the result.
    client = Client(SERVER_NAME="localhost")
    assert client.login(username="applicant", password=PASSWORD)
    participants = f"/plannen/{plan.pk}/deelnemers/"
    for name, make in ((f"upload {BSNS[0]}.csv", write_csv), (f"upload {forms_of(BSNS[1])['dots']}.xlsx", write_xlsx)):
        data = make(OUT / "tmp-upload").read_bytes()
        (OUT / "tmp-upload").unlink()
        from django.core.files.uploadedfile import SimpleUploadedFile

        r = client.post(participants, {"file": SimpleUploadedFile(name, data)}, follow=True)
        (pages / f"report-{name[-4:]}.html").write_bytes(r.content)
        errors_url = r.redirect_chain[-1][0] + "fouten.csv" if r.redirect_chain else None
        if errors_url:
            (pages / f"errors-{name[-4:]}.csv").write_bytes(b"".join(client.get(errors_url).streaming_content))
    for i, url in enumerate([participants, f"/plannen/{plan.pk}/", f"/plannen/{plan.pk}/logboek/"]):
        (pages / f"applicant-{i}.html").write_bytes(client.get(url).content)
    _employer_flow(plan, pages)
    staff = Client(SERVER_NAME="localhost")
    staff.force_login(admin)
    for i, url in enumerate(["/beheer/logboek/", "/admin/participants/importbatch/", "/admin/portal/uploadreport/",
                             "/admin/audit/auditevent/"]):
        (pages / f"admin-{i}.html").write_bytes(staff.get(url).content)

    # The linkage hand-off (the officer authenticates) and the report.
    code = pyotp.TOTP(base64.b32encode(device.bin_key).decode()).now()
    with mock.patch("sys.stdin", io.StringIO(f"{PASSWORD}\n{code}\n")):
        call_command("linkage", "export", "--out", str(OUT / "export"), "--user", "koppel", "--credentials-stdin",
                     stdout=io.StringIO())
    build_report(OUT / "rapport", pdf=True)


def _employer_flow(plan, pages: Path) -> None:
    """An employer of the plan uploads the same rows (a month later: new registrations, with dossiers),
    adds evidence named after a BSN, and every page it and the main applicant see of it is kept."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from sectorplannen.accounts.services import create_user
    from sectorplannen.partnership.models import Dossier
    from sectorplannen.partnership.services import invite_employer

    main = plan.partners.get(organisation__name="Werkgeversvereniging X").organisation
    applicant = create_user("hoofdaanvrager-werkgevers", role="applicant", password=PASSWORD, organisations=[main])
    employer = invite_employer(plan, name="Werkgever Sweep", number="123456789L01", actor=applicant,
                               on=dt.date(2014, 8, 1))
    create_user("werkgever", role="employer", password=PASSWORD, organisations=[employer.organisation])
    client = Client(SERVER_NAME="localhost")
    assert client.login(username="werkgever", password=PASSWORD)
    home = f"/plannen/{plan.pk}/werkgever/"
    body = write_csv(OUT / "tmp-upload").read_text().replace("2014-09-01", "2014-10-01")
    (OUT / "tmp-upload").unlink()
    r = client.post(home, {"file": SimpleUploadedFile(f"staf {BSNS[2]}.csv", body.encode())}, follow=True)
    (pages / "employer-report.html").write_bytes(r.content)
    dossier = Dossier.objects.filter(employer=employer).first()
    url = f"/plannen/{plan.pk}/dossiers/{dossier.pk}/"
    import pypdf

    writer, pdf = pypdf.PdfWriter(), io.BytesIO()
    writer.add_blank_page(100, 100)
    writer.write(pdf)  # a real PDF: the sweep reads every file as a person would
    client.post(url, {"action": "evidence", "evidence-kind": "invoice", "evidence-file": SimpleUploadedFile(
        f"factuur {forms_of(BSNS[0])['dashes']}.pdf", pdf.getvalue())})
    client.post(url, {"action": "claim", "claim-costs_eur": "100"})
    for i, page in enumerate((home, url, "/werkgever/")):
        (pages / f"employer-{i}.html").write_bytes(client.get(page).content)
    client.force_login(applicant)
    for i, page in enumerate((f"/plannen/{plan.pk}/samenwerkingsverband/", url)):
        (pages / f"partnership-{i}.html").write_bytes(client.get(page).content)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sectorplannen.conf.dev")
    from sectorplannen.cli import protect_streams

    protect_streams()
    main()
