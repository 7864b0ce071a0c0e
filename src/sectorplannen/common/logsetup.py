"""Logging set-up (``LOGGING_CONFIG``): Django's ``dictConfig`` plus what keeps BSNs out of every
handler's output. Why here and not only in ``LOGGING``: a library warning (``warnings.warn``) goes
straight to stderr unless warnings are captured into logging, and handlers that Django or a library
adds (``django.server``, ``mail_admins``) carry no filter of ours; a filter masks only the message,
not a traceback, so every handler's formatter masks its whole output."""

from __future__ import annotations

import logging
import logging.config
import sys

from .masking import mask_bsns


class MaskingFormatter(logging.Formatter):
    """Formats with ``inner`` (or the default) and masks the whole text, traceback included."""

    def __init__(self, inner: logging.Formatter | None = None, **kwargs):
        super().__init__(**kwargs)
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        text = self.inner.format(record) if self.inner is not None else super().format(record)
        return mask_bsns(text)


def _handlers():
    seen = set()
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in list(logging.root.manager.loggerDict))]
    for logger in loggers:
        for handler in getattr(logger, "handlers", ()):
            if id(handler) not in seen:
                seen.add(id(handler))
                yield handler


def mask_handlers() -> None:
    """Give every configured handler a masking formatter (once)."""
    for handler in _handlers():
        if not isinstance(handler.formatter, MaskingFormatter):
            handler.setFormatter(MaskingFormatter(handler.formatter))


def configure(logging_settings: dict) -> None:
    """``LOGGING_CONFIG``: configure, capture warnings into logging, mask every handler."""
    logging.config.dictConfig(logging_settings)
    logging.captureWarnings(True)
    mask_handlers()


class MaskingStream:
    """A text stream that masks what is written to it (the command's stderr)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(mask_bsns(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _masked_excepthook(kind, value, tb) -> None:
    import traceback

    sys.stderr.write(mask_bsns("".join(traceback.format_exception(kind, value, tb))))


def protect_stderr() -> None:
    """Mask everything the process writes to stderr, uncaught exceptions included."""
    if not isinstance(sys.stderr, MaskingStream):
        sys.stderr = MaskingStream(sys.stderr)
    sys.excepthook = _masked_excepthook
