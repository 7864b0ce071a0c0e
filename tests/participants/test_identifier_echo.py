"""Finding 5 of the security review: an invalid identifier is never echoed back in full, and a BSN
written with spaces, dots or dashes is masked in every message, the file name and the audit table."""

from __future__ import annotations

import json

import pytest

from sectorplannen.audit.models import AuditEvent
from sectorplannen.participants.models import ImportBatch
from sectorplannen.participants.services import import_participants

from .conftest import ENGLISH_HEADER, read_errors, row, write_csv
from .test_import import run

WRITTEN = ["999 990 019", "999-990-019", "999.990.019", "9999.90.019"]


def test_separated_bsns_are_masked_in_output_errors_file_name_and_audit(plan, tmp_path, new_bsns):
    bsn = new_bsns(1)[0]
    rows = [row(bsn, employer=WRITTEN[0]), row(bsn, measure="M02", group=WRITTEN[1]),
            row(WRITTEN[2] + "x"), row(bsn, measure=WRITTEN[3])]
    path = write_csv(tmp_path / "deelnemers 999 990 019 999993653.csv", rows,
                     header=[*ENGLISH_HEADER, "999-993-653"])
    code, out, err = run(plan, path, "--errors", str(tmp_path / "e.csv"))
    assert code == 1
    errors = (tmp_path / "e.csv").read_text()
    batch = ImportBatch.objects.get()
    audit = json.dumps(list(AuditEvent.objects.values_list("context", flat=True)))
    for name, text in {"stdout": out, "stderr": err, "errors": errors, "file name": batch.file_name,
                       "audit": audit}.items():
        for written in [*WRITTEN, "999993653", "999-993-653", bsn]:
            assert written not in text, (name, written, text)
    assert batch.file_name == "deelnemers *** *** 019 ******653.csv"


@pytest.mark.parametrize("value", ["12345", "ABCDEFGHIJ", "1234567L12"])
def test_an_invalid_employer_number_is_not_echoed_in_full(plan, tmp_path, new_bsns, value):
    result = import_participants(plan, write_csv(tmp_path / "u.csv", [row(new_bsns(1)[0], employer=value)]),
                                 errors_path=tmp_path / "e.csv")
    message = read_errors(tmp_path / "e.csv")[0]["message"]
    assert result.rejected == 1 and value not in message and value[-3:] in message
