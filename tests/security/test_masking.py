"""Findings 4 and 5 of the security review: a BSN is masked in every form it may take (with spaces,
dots or dashes, in a file name, in a library warning) in every log handler and on stderr."""

from __future__ import annotations

import io
import logging
import subprocess
import sys

import pytest

from sectorplannen.common.masking import mask_bsns

BSN = "999990019"  # an official test number


@pytest.mark.parametrize("written", ["999990019", "999 990 019", "999-990-019", "999.990.019", "9999.90.019",
                                     "99 99 90 019", "99999 0019", "999\u00a0990\u00a0019"])
def test_every_way_of_writing_a_bsn_is_masked(written):
    for text in (written, f"Werkgever '{written}'", f"deelnemers {written}.csv", f"x{written}y"):
        masked = mask_bsns(text)
        assert "".join(c for c in masked if c.isdigit()) in ("019", ""), (text, masked)
        assert masked.endswith(text[text.index(written) + len(written):])  # the rest is kept


def test_two_bsns_in_one_run_and_what_stays_readable():
    # Two official test BSNs, one written in groups and one plain, in one file name.
    assert mask_bsns("deelnemers 999 993 653 999995078.csv") == "deelnemers *** *** 653 ******078.csv"
    for kept in ("2015-04-01", "01-04-2015", "2026-12-01 10:07:50,123", "12 rijen", "€ 18.641.480,00",
                 "rij 3, 8, 12", "1.234", "06 1234 5678", "2015-04-01 2015-05-01"):
        assert mask_bsns(kept) == kept


def test_a_checksum_stays_whole_but_a_bsn_beside_it_does_not():
    import hashlib

    digest = hashlib.sha256(b"deelnemers.csv").hexdigest()
    assert any(c.isalpha() for c in digest) and sum(c.isdigit() for c in digest) > 9
    assert mask_bsns(f"sha256={digest} rij 999990019") == f"sha256={digest} rij ******019"
    # Digits only, or too short to be a digest: masked as before.
    assert mask_bsns("0" * 40) == "******000"
    assert mask_bsns("ab999990019cd") == "ab******019cd"


def test_every_handler_masks_messages_arguments_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("sectorplannen.test_masking")
    logger.addHandler(handler)
    from sectorplannen.common.logsetup import mask_handlers

    mask_handlers()
    try:
        logger.error("upload %s failed", "999 990 019")
        try:
            raise ValueError(f"bad value {BSN}")
        except ValueError:
            logger.exception("crash")
    finally:
        logger.removeHandler(handler)
    assert BSN not in stream.getvalue() and "999 990 019" not in stream.getvalue()
    assert "bad value ******019" in stream.getvalue()


def _date_formatted_bsn(path):
    """Finding 4: a BSN in a column formatted as a date; openpyxl warns with the serial value."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["maatregel", "bsn", "geboortedatum", "startdatum", "doelgroep"])
    ws.append(["M01", int(BSN), "1980-01-01", "2015-04-01", "student"])
    ws["B2"].number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


def test_stderr_of_the_command_is_masked(tmp_path):
    """A library warning (openpyxl, reading the file), a log line and an uncaught exception on the
    command's stderr, each with a BSN."""
    xlsx = _date_formatted_bsn(tmp_path / "d.xlsx")
    script = (
        "import logging, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'sectorplannen.conf.test'\n"
        "from sectorplannen import cli\n"
        "cli.protect_streams()\n"
        "import django\n"
        "django.setup()\n"
        "from sectorplannen.participants.reader import open_table\n"
        f"with open_table({str(xlsx)!r}) as table:\n"
        "    rows = list(table.rows)\n"
        "print(rows)\n"
        "logging.getLogger('x').error('999-990-019 in a log line')\n"
        "raise RuntimeError('crash with 999.990.019')\n"
    )
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path,
                       env={"SECTORPLANNEN_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert "#VALUE!" in p.stdout  # the cell was read as an error value, so the warning was given
    assert "is marked as a date" in p.stderr and "in a log line" in p.stderr and "crash with" in p.stderr
    for written in (BSN, "999-990-019", "999.990.019"):
        assert written not in p.stderr, p.stderr
