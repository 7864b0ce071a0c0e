"""Logging of the project: structlog for the audit trail and the project's own events, the standard
library's logging for everything else (Django, libraries, warnings), one handler for both.

Every path masks BSNs: each run of 8 or more digits, and 9 digits in groups with spaces, dots or
dashes, keep only their last three digits (``******782``, ``*** *** 782``; common/masking.py).
Standard-library records pass ``MaskBsnFilter`` on the handler; structlog events pass
``mask_bsn`` in their processor chain, so the rendered line never holds a BSN whatever ends up in
an event's keyword context. The code itself never logs a BSN; this is the safety net.

Lines are JSON objects (``{"event": "decision_taken", "plan": 12, "level": "info", …}``): event
names are fixed snake_case words, the context are keywords, never text formatted into a message.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import structlog

from .masking import mask_bsns

__all__ = ["MaskBsnFilter", "OneTimeLinkFilter", "configure_structlog", "formatter", "mask_bsn", "mask_digits",
           "mask_links"]

_ONE_TIME_LINK = re.compile(r"(/link/)[A-Za-z0-9_-]{16,}")


def mask_digits(text: str) -> str:
    """Every possible BSN masked to its last 3 digits: runs of 8 or more digits, and 9 digits written
    in groups with spaces, dots or dashes (common/masking.py)."""
    return mask_bsns(text)


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_digits(value)
    if isinstance(value, bool | int | float | type(None)):
        return mask_digits(str(value)) if isinstance(value, int) and abs(value) >= 10_000_000 else value
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_masked(v) for v in value]
    text = str(value)
    masked = mask_digits(text)
    return value if masked == text else masked


def mask_bsn(logger, method_name: str, event_dict: dict) -> dict:
    """structlog processor: every value of the event (and the event name) masked."""
    return {key: _masked(value) for key, value in event_dict.items()}


class MaskBsnFilter(logging.Filter):
    """Logging filter: masks digit runs in the formatted message (and drops the raw arguments). A
    structlog event (a dict, masked by ``mask_bsn`` already) is masked again value by value."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, dict):
            record.msg = _masked(record.msg)
            return True
        message = record.getMessage()
        masked = mask_digits(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def mask_links(text: str) -> str:
    """The token of a one-time link (``…/link/<token>/``, the partner survey) replaced by ``***``."""
    return _ONE_TIME_LINK.sub(r"\1***", text)


class OneTimeLinkFilter(logging.Filter):
    """Logger filter for Django's request loggers: a 4xx/5xx on a one-time link names its path (and
    the request); the token is masked in both before any handler sees the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_links(message)
        if masked != message:
            record.msg, record.args = masked, None
        if getattr(record, "request", None) is not None:
            record.request = mask_links(repr(record.request))
        return True


_SHARED = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def formatter() -> structlog.stdlib.ProcessorFormatter:
    """The handler's formatter (``LOGGING``): one JSON line per event, for structlog events and for
    standard-library records alike."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_SHARED, structlog.stdlib.ExtraAdder()],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, mask_bsn,
                    structlog.processors.JSONRenderer(sort_keys=False, default=str)],
    )


def configure_structlog() -> None:
    """structlog hands its events to the standard library, so levels, handlers and the BSN filter of
    ``LOGGING`` apply to them too; warnings of libraries go through logging as well."""
    structlog.configure(
        processors=[structlog.stdlib.filter_by_level, *_SHARED, structlog.processors.StackInfoRenderer(),
                    structlog.processors.format_exc_info, mask_bsn,
                    structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    logging.captureWarnings(True)
