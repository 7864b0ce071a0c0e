"""Finding 9 of the security review: a CSV is decoded correctly or refused clearly, never read with
replacement characters."""

from __future__ import annotations

import pytest

from sectorplannen.participants.models import Registration
from sectorplannen.participants.services import UnusableInput, import_participants
from sectorplannen.plans.models import Measure

from .conftest import DUTCH_HEADER

CODE = "Scholing-é"  # a measure code that only decodes right in the right encoding


def _file(tmp_path, bsns, encoding: str):
    text = ";".join(DUTCH_HEADER) + "\r\n" + "".join(
        f"{CODE};{b};1980-02-01;2015-04-01;;werkend_sector;\r\n" for b in bsns)
    path = tmp_path / f"u-{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be"])
def test_each_encoding_is_read_correctly(plan, tmp_path, new_bsns, encoding):
    Measure.objects.filter(plan=plan, code="M01").update(code=CODE)
    result = import_participants(plan, _file(tmp_path, new_bsns(20), encoding))
    assert (result.stored, result.rejected) == (20, 0)
    assert set(Registration.objects.values_list("measure__code", flat=True)) == {CODE}


def test_an_undecodable_file_is_refused_with_a_message(plan, tmp_path, new_bsns):
    path = _file(tmp_path, new_bsns(3), "utf-8")
    path.write_bytes(path.read_bytes() + b"M01;\x81\x8d\x8f\x90\x9d;x\r\n" * 3)  # neither UTF-8 nor cp1252
    with pytest.raises(UnusableInput, match="tekenset"):
        import_participants(plan, path)
    assert Registration.objects.count() == 0


def test_a_cut_off_utf8_file_is_refused_not_replaced(plan, tmp_path, new_bsns, monkeypatch):
    """Invalid UTF-8 far into a large file (after the sample the encoding is detected from)."""
    from sectorplannen.participants import reader

    path = _file(tmp_path, new_bsns(200), "utf-8")
    path.write_bytes(path.read_bytes() + b"M01;\xff\xfe;x\r\n")
    monkeypatch.setattr(reader, "_SAMPLE_BYTES", 64)
    with pytest.raises(UnusableInput, match="tekenset"):
        import_participants(plan, path)
    assert Registration.objects.count() == 0
