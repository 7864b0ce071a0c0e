"""The audit trail goes to the log as structured lines (structlog, beside the AuditEvent rows), and
no log path lets a BSN through: structlog events, standard-library records and library warnings."""

from __future__ import annotations

import io
import json
import logging
import warnings

import pytest
import structlog
from django.conf import settings

from sectorplannen.audit.models import AuditEvent
from sectorplannen.audit.services import record
from sectorplannen.common.logs import MaskBsnFilter, formatter

from ..factories import PlanFactory, UserFactory


@pytest.fixture
def lines():
    """The lines the settings' handler writes (same formatter and filter), per logger name."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter())
    handler.addFilter(MaskBsnFilter())
    names = ["sectorplannen.audit", "sectorplannen.participants", "py.warnings", "some.library"]
    loggers = [logging.getLogger(n) for n in names]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


@pytest.mark.django_db
def test_an_audit_event_is_a_structured_line_at_info(lines):
    assert settings.LOGGING["root"]["level"] == "WARNING"  # the rest of the log stays quiet…
    assert logging.getLogger("sectorplannen.audit").isEnabledFor(logging.INFO)  # …the audit trail is written
    plan, user = PlanFactory(granted=True), UserFactory(username="beoordelaar")
    ev = record("advance_paid", actor=user, plan=plan, amount_eur="1000.00", number=1)
    [line] = lines()
    assert line["event"] == "advance_paid" and line["level"] == "info" and line["logger"] == "sectorplannen.audit"
    assert (line["plan"], line["actor"], line["audit_event"]) == (plan.pk, "beoordelaar", ev.pk)
    assert (line["amount_eur"], line["number"]) == ("1000.00", 1)
    assert AuditEvent.objects.get(pk=ev.pk).context == {"amount_eur": "1000.00", "number": 1}


@pytest.mark.django_db
def test_audit_event_names_are_fixed_snake_case_words():
    for name in ("Advance paid", "advance-paid", "advance_paid %s", ""):
        with pytest.raises(ValueError, match="snake_case"):
            record(name)
    assert not AuditEvent.objects.exists()


def test_no_log_path_lets_a_bsn_through(lines, official_test_bsns):
    bsn = official_test_bsns[1]
    structlog.get_logger("sectorplannen.participants").warning(
        "upload_failed", file=f"upload-{bsn}.csv", rows=[{"bsn": bsn}], number=int(bsn))
    logging.getLogger("some.library").warning("could not parse %s", bsn)
    # A library warning, as logging.captureWarnings (on in the settings) hands it to logging; under
    # pytest the warnings are recorded by pytest itself, so the hand-over is made here directly.
    logging.getLogger("py.warnings").warning("%s", warnings.formatwarning(f"odd cell {bsn}", UserWarning, "lib.py", 1))
    written = lines()
    assert len(written) == 3
    text = json.dumps(written)
    assert bsn not in text and "******" + bsn[-3:] in text
    assert written[0]["event"] == "upload_failed" and written[0]["file"] == f"upload-******{bsn[-3:]}.csv"
    assert written[1]["event"] == f"could not parse ******{bsn[-3:]}"
    assert written[2]["logger"] == "py.warnings" and f"odd cell ******{bsn[-3:]}" in written[2]["event"]
