"""Finding 8 of the security review: the commands that read JSON (``settle`` and ``plans check``/
``submit``) answer every unusable document with exit code 2 and a specific message, never a
traceback; a document that is JSON but not what was asked for is exit 1 (formats.md)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.finance.test_settle_command import CONTRACT_CASE

pytestmark = pytest.mark.django_db


def _amount(text: str) -> bytes:
    return json.dumps(CONTRACT_CASE).replace('"advances_paid_eur": 0', f'"advances_paid_eur": {text}').encode()


UNUSABLE = {
    "empty": (b"", "leeg"),
    "only spaces": (b"  \n ", "leeg"),
    "malformed": (b'{"scheme": ', "geen geldige JSON"),
    "not UTF-8": (b"\xff\xfe not utf-8", "UTF-8"),
    "60 digits": (_amount("1" * 60), "cijfers"),
    "5000 digits": (_amount("9" * 5000), "cijfers"),
    "1e400": (_amount("1e400"), "te groot"),
    "1e-400": (_amount("1e-400"), "te groot of te klein"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
    "deep objects": (b'{"a":' * 5000 + b"1" + b"}" * 5000, "te diep genest"),
    "NaN": (_amount("NaN"), "geen JSON-waarde"),
}


def _settle(tmp_path, content: bytes) -> tuple[int, str]:
    f = tmp_path / "in.json"
    f.write_bytes(content)
    err = io.StringIO()
    try:
        call_command("settle", str(f), stdout=io.StringIO(), stderr=err)
        return 0, err.getvalue()
    except SystemExit as exc:
        return exc.code, err.getvalue()
    except CommandError as exc:
        return exc.returncode, str(exc)


@pytest.mark.parametrize("case", UNUSABLE)
def test_settle_exits_2_with_a_specific_message(tmp_path, case):
    content, words = UNUSABLE[case]
    code, err = _settle(tmp_path, content)
    assert code == 2 and words in err, err


@pytest.mark.parametrize("case", UNUSABLE)
def test_plans_check_exits_2_with_a_specific_message(tmp_path, case):
    content, words = UNUSABLE[case]
    f = tmp_path / "plan.json"
    f.write_bytes(content)
    with pytest.raises(CommandError) as exc:
        call_command("plans", "check", str(f), stdout=io.StringIO())
    assert exc.value.returncode == 2 and words in str(exc.value)


@pytest.mark.parametrize("amount", ['"1e400"', '"1' + "0" * 59 + '"', "123456789012345678.5"])
def test_huge_amounts_as_text_are_rejected_values(tmp_path, amount):
    """Read fine, but no amount: exit 1 with the path of the value (formats.md: input rejected)."""
    code, err = _settle(tmp_path, _amount(amount))
    assert code == 1 and "advances_paid_eur" in err, err
