"""Safety nets against BSNs in logs and error reports, and the wall between evaluator and vault."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from django.http import QueryDict
from django.test import RequestFactory

import sectorplannen
from sectorplannen.common.logs import MaskBsnFilter
from sectorplannen.participants.reporting import BsnMaskingExceptionReporterFilter


def test_log_filter_masks_digit_runs(official_test_bsns):
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "upload with %s failed", (official_test_bsns[1],), None)
    assert MaskBsnFilter().filter(record) is True
    assert record.getMessage() == "upload with ******782 failed"
    plain = logging.LogRecord("x", logging.INFO, __file__, 1, "%d rows", (12,), None)
    MaskBsnFilter().filter(plain)
    assert plain.getMessage() == "12 rows"


def test_error_reports_mask_post_data_and_local_variables(official_test_bsns):
    bsn = official_test_bsns[0]
    request = RequestFactory().post("/upload/", {"bsn": bsn, "name": "x"})
    reporter = BsnMaskingExceptionReporterFilter()
    post = reporter.get_post_parameters(request)
    assert isinstance(post, QueryDict) and post["bsn"] == "******" + bsn[-3:] and post["name"] == "x"

    def failing(value):
        cells = [value, "M01"]  # noqa: F841 - shown in the report
        raise ValueError("boom")

    try:
        failing(bsn)
    except ValueError as exc:
        frame = exc.__traceback__.tb_next.tb_frame
    variables = dict(reporter.get_traceback_frame_variables(request, frame))
    assert bsn not in str(variables)
    assert variables["value"] == "******" + bsn[-3:]


def test_evaluator_side_does_not_import_the_vault():
    root = Path(sectorplannen.__file__).parent
    files = [*root.joinpath("evaluation").rglob("*.py"), root / "participants" / "export.py"]
    importing = [f.name for f in files if re.search(r"^\s*(from|import)\s.*vault", f.read_text(), re.M)]
    assert importing == []
