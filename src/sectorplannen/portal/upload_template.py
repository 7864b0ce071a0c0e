"""The participant upload's template file (XLSX): the columns the upload reads (Dutch names), and
a sheet with the plan's measure codes and the target groups its scheme allows, so an applicant
starts from a file the upload accepts."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from sectorplannen.common.labels import TARGET_GROUPS, label
from sectorplannen.common.spreadsheet import safe_cell
from sectorplannen.participants.validation import COLUMNS, TARGET_GROUP_DUTCH

from .participant_check import measure_label


def template_xlsx(plan) -> bytes:
    rules = plan.scheme.rules
    wb = Workbook()
    ws = wb.active
    ws.title = "deelnemers"
    ws.append([dutch for dutch, _english in COLUMNS.values()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    notes = wb.create_sheet("toelichting")
    notes.append(["Maatregel (kolom maatregel)", "Soort"])
    for m in plan.measures.order_by("code"):
        notes.append([safe_cell(m.code), safe_cell(measure_label(rules, m.measure_type))])
    notes.append([])
    notes.append(["Doelgroep (kolom doelgroep)", "Betekenis"])
    dutch = {code: nl for nl, code in TARGET_GROUP_DUTCH.items()}
    for code in rules.target_groups:
        notes.append([safe_cell(dutch.get(code, code)), safe_cell(label(TARGET_GROUPS, code))])
    notes.append([])
    notes.append(["Datums als JJJJ-MM-DD; bsn: negen cijfers (het bestand blijft bij u, de portal slaat het "
                  "burgerservicenummer alleen versleuteld op)."])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
