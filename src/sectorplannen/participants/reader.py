"""Reading an upload file (formats.md §3): the first sheet of an XLSX or the rows of a CSV, streamed,
within limits checked before and while reading.

Why limits before reading: an XLSX is a zip, and 600 KB can expand to 200 MB of sheet XML or a 400 MiB
shared string (openpyxl holds all shared strings in memory). The sizes the zip declares are checked
before openpyxl opens it (zipfile never hands out more than the declared size of a member, and fails
its CRC check if the member is longer), so memory and time stay bounded; rows, columns and cell
lengths are counted while the rows stream. Every limit ends the import with a clear message
(``UnusableInput``) and nothing is stored.

Why an encoding check: a CSV in cp1252 or UTF-16 read as UTF-8 stores replacement characters. The
file is decoded strictly: UTF-8 (with or without BOM), UTF-16 (by its BOM, or as charset-normalizer
detects it) or Windows-1252; anything else is refused with a clear message."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from django.conf import settings

from sectorplannen.common.logs import mask_digits

_SAMPLE_BYTES = 1 << 20  # what the encoding is detected from
_SINGLE_BYTE = {"cp1252", "cp1250", "latin_1", "iso8859_15", "iso8859_2", "cp1254", "cp1257", "mac_roman"}


class UnusableInput(Exception):
    """The file cannot be imported at all (unreadable, too large, or a required column is missing).
    Nothing is stored; ``errors`` holds the ``column_missing`` findings, if any."""

    def __init__(self, message: str, errors=()):
        super().__init__(message)
        self.errors = list(errors)


@dataclass(frozen=True)
class ReadLimits:
    """What an upload may hold; from ``settings.PARTICIPANT_UPLOAD_LIMITS`` (docs/configuration.md)."""

    max_uncompressed_bytes: int
    max_shared_strings_bytes: int
    max_rows: int
    max_columns: int
    max_cell_chars: int

    @classmethod
    def from_settings(cls) -> ReadLimits:
        limits = settings.PARTICIPANT_UPLOAD_LIMITS
        return cls(**{name: int(limits[name]) for name in cls.__dataclass_fields__})


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number, cells as text)
    position: Callable[[], int]
    total: int | None


def display_name(source: Path | BinaryIO, name: str | None = None) -> str:
    """The file's name as it may be shown and stored: any possible BSN masked."""
    return mask_digits(name or Path(getattr(source, "name", "") or "upload").name)


@contextmanager
def open_table(source: Path | BinaryIO, name: str | None = None,
               limits: ReadLimits | None = None) -> Iterator[Table]:
    """The file's first sheet or its CSV rows, streamed. ``source`` is a path or a binary file object
    (an upload held in memory). Raises ``UnusableInput`` when unreadable or beyond a limit."""
    limits = limits or ReadLimits.from_settings()
    shown = display_name(source, name)
    if isinstance(source, str | Path):
        try:
            fh = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise UnusableInput(f"Bestand {shown} is niet te lezen ({exc.strerror}).") from None
    else:
        fh = source
        fh.seek(0)
    try:
        magic = fh.read(8)
        fh.seek(0)
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnusableInput("Het oude Excel-formaat (.xls) wordt niet ondersteund; sla op als .xlsx of CSV.")
        opener = _xlsx_table if magic.startswith(b"PK\x03\x04") else _csv_table
        with opener(fh, shown, limits) as table:
            yield table
    finally:
        if fh is not source:
            fh.close()


def _check_row(number: int, cells: list[str], limits: ReadLimits) -> None:
    if number - 1 > limits.max_rows:
        raise UnusableInput(f"Het bestand heeft meer dan {limits.max_rows} rijen; splits het in kleinere bestanden. "
                            "Er is niets opgeslagen.")
    if len(cells) > limits.max_columns and any(cells[limits.max_columns:]):
        raise UnusableInput(f"Rij {number} heeft meer dan {limits.max_columns} kolommen.")
    if cells and max(map(len, cells)) > limits.max_cell_chars:
        raise UnusableInput(f"Rij {number} heeft een cel van meer dan {limits.max_cell_chars} tekens.")


# -- CSV ------------------------------------------------------------------------------------------

def _encoding(sample: bytes, shown: str) -> str:
    """The encoding to decode the file with (strictly), or ``UnusableInput``."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and len(sample) >= _SAMPLE_BYTES:
            return "utf-8"  # a character cut off at the end of the sample
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    found = best.encoding if best is not None else ""
    if found.startswith("utf_16"):
        return found.replace("_", "-")
    if found in _SINGLE_BYTE:
        try:
            sample.decode("cp1252")
            return "cp1252"  # the Windows encoding of Dutch spreadsheets; also what cp1250 guesses mean here
        except UnicodeDecodeError:
            pass
    raise UnusableInput(f"De tekenset van {shown} is niet te herkennen{f' ({found})' if found else ''}; "
                        "sla het bestand op als CSV UTF-8.")


class _Decoded(io.TextIOBase):
    """Lines of a binary stream, decoded strictly; a decoding error names the line."""

    def __init__(self, raw: BinaryIO, encoding: str, shown: str):
        self._text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        self._shown, self.lines = shown, 0

    def readline(self, size: int = -1) -> str:
        try:
            line = self._text.readline(size)
        except UnicodeDecodeError:
            raise UnusableInput(f"{self._shown} is na regel {self.lines} niet als tekst te lezen (tekenset); "
                                "sla het bestand op als CSV UTF-8.") from None
        self.lines += 1
        if "\x00" in line:
            raise UnusableInput(f"Regel {self.lines} van {self._shown} bevat een NUL-teken; dit is geen tekstbestand "
                                "(CSV).")
        return line

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def detach(self):
        return self._text.detach()


@contextmanager
def _csv_table(raw: BinaryIO, shown: str, limits: ReadLimits) -> Iterator[Table]:
    sample = raw.read(_SAMPLE_BYTES)
    raw.seek(0)
    if not sample.strip():
        raise UnusableInput(f"Bestand {shown} is leeg of heeft geen kopregel.")
    text = _Decoded(raw, _encoding(sample, shown), shown)
    try:
        first = text.readline().lstrip("\ufeff")
        if not first.strip():
            raise UnusableInput(f"Bestand {shown} is leeg of heeft geen kopregel.")
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header = next(csv.reader([first], delimiter=delimiter))
        _check_row(1, header, limits)
        reader = csv.reader(text, delimiter=delimiter)

        def rows() -> Iterator[tuple[int, list[str]]]:
            try:
                for cells in reader:
                    number = reader.line_num + 1
                    _check_row(number, cells, limits)
                    yield number, cells
            except csv.Error as exc:
                raise UnusableInput(f"CSV-bestand onleesbaar na regel {reader.line_num + 1}: {exc}.") from None

        yield Table(header, rows(), raw.tell, _size(raw))
    finally:
        text.detach()


def _size(raw: BinaryIO) -> int | None:
    try:
        here = raw.tell()
        end = raw.seek(0, io.SEEK_END)
        raw.seek(here)
        return end
    except (OSError, ValueError):
        return None


# -- XLSX -----------------------------------------------------------------------------------------

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a BSN or number typed as a number
    return str(value)


def _check_zip(raw: BinaryIO, shown: str, limits: ReadLimits) -> None:
    """Refuse a workbook whose parts would expand beyond the limits, before anything is parsed."""
    try:
        with zipfile.ZipFile(raw) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnusableInput(f"Excel-bestand {shown} is niet te lezen ({type(exc).__name__}).") from None
    finally:
        raw.seek(0)
    total = sum(m.file_size for m in members)
    mib = 1024 * 1024
    if total > limits.max_uncompressed_bytes:
        raise UnusableInput(f"Excel-bestand {shown} is uitgepakt {total // mib} MB; de grens is "
                            f"{limits.max_uncompressed_bytes // mib} MB. Splits het bestand of lever CSV aan.")
    shared = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    if shared > limits.max_shared_strings_bytes:
        raise UnusableInput(f"Excel-bestand {shown} heeft {shared // mib} MB aan gedeelde teksten; de grens is "
                            f"{limits.max_shared_strings_bytes // mib} MB.")


_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError,
                EOFError, ParseError, zipfile.LargeZipFile, UnicodeDecodeError)


@contextmanager
def _xlsx_table(raw: BinaryIO, shown: str, limits: ReadLimits) -> Iterator[Table]:
    import openpyxl

    _check_zip(raw, shown, limits)
    try:
        wb = openpyxl.load_workbook(raw, read_only=True, data_only=True)
    except _XLSX_ERRORS as exc:
        raise UnusableInput(f"Excel-bestand {shown} is niet te lezen ({type(exc).__name__}).") from None
    try:
        try:
            ws = wb.worksheets[0]
            # Never wider than the limit (plus one, to notice a wider row): a lying sheet dimension
            # cannot make openpyxl pad every row to 16,384 cells.
            it = ws.iter_rows(values_only=True, max_col=limits.max_columns + 1)
            header = [_cell(v) for v in next(it, ())]
            total = ws.max_row
        except _XLSX_ERRORS as exc:
            raise UnusableInput(f"Excel-bestand {shown} is niet te lezen ({type(exc).__name__}).") from None
        while header and not header[-1]:
            header.pop()
        if not any(header):
            raise UnusableInput(f"Het eerste werkblad van {shown} is leeg of heeft geen kopregel.")
        _check_row(1, header, limits)
        done = [0]

        def rows() -> Iterator[tuple[int, list[str]]]:
            try:
                for number, values in enumerate(it, start=2):
                    done[0] = number
                    cells = [_cell(v) for v in values]
                    _check_row(number, cells, limits)
                    yield number, cells
            except _XLSX_ERRORS as exc:
                raise UnusableInput(f"Excel-bestand {shown} is onleesbaar na rij {done[0]} "
                                    f"({type(exc).__name__}).") from None

        yield Table(header, rows(), lambda: done[0], total if isinstance(total, int) else None)
    finally:
        wb.close()
