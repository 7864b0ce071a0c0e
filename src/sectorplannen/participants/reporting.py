"""Keeping BSNs out of error reports: every run of 8 or more digits is masked to its last three
digits (``******782``). Wired in through ``DEFAULT_EXCEPTION_REPORTER_FILTER``; the logs are masked
by ``common.logs``. The code itself never logs a BSN, this is the safety net for values that reach a
crash report by other routes (form data, local variables)."""

from __future__ import annotations

from django.views.debug import SafeExceptionReporterFilter

from sectorplannen.common.logs import mask_digits


class BsnMaskingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django error reports (500 pages in DEBUG, error e-mails) with digit runs masked in request data
    and in the local variables of the traceback."""

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if not params:
            return params
        params = params.copy()
        for key in params:
            params.setlist(key, [mask_digits(v) if isinstance(v, str) else v for v in params.getlist(key)])
        return params

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, _mask(value)) for name, value in super().get_traceback_frame_variables(request, tb_frame)]


def _mask(value):
    """A local variable as shown in the report: masked text when its representation has a digit run."""
    if isinstance(value, str):
        return mask_digits(value)
    text = repr(value)
    masked = mask_digits(text)
    return value if masked == text else masked
